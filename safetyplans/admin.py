from django.contrib import admin

from .models import RiskFactor


@admin.register(RiskFactor)
class RiskFactorAdmin(admin.ModelAdmin):
    """The risk-dialogue list is a reference list the beheerder maintains."""

    list_display = ("text", "domain", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("domain", "active")
    search_fields = ("text",)
