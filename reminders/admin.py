from __future__ import annotations

from django.contrib import admin

from .models import ReminderSetting


# Thresholds per team (DOMAIN §7). Reminder rows themselves stay out of the admin: they point at cases.
@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin):
    list_display = ["team", "rule_code", "days", "escalate_days", "enabled"]
    list_filter = ["team", "enabled"]
