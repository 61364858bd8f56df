from __future__ import annotations

from django import forms
from django.contrib import admin

from .models import DEFAULT_COUNTED_TYPES, ContactType, IntensityProfile


class IntensityProfileForm(forms.ModelForm):
    counted_types = forms.MultipleChoiceField(
        choices=ContactType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[str(t) for t in DEFAULT_COUNTED_TYPES],
    )

    class Meta:
        model = IntensityProfile
        fields = ["team", "start_hours", "coaching_hours", "consolidation_hours", "counted_types"]


@admin.register(IntensityProfile)
class IntensityProfileAdmin(admin.ModelAdmin):
    """The beheerder sets the weekly hour targets per team; case content is not in the admin."""

    form = IntensityProfileForm
    list_display = ["team", "start_hours", "coaching_hours", "consolidation_hours"]
