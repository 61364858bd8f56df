from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + timedelta(days=366):
            raise forms.ValidationError(_("Put a reminder aside for a year at most."))
        return until

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why you put the reminder aside."))
        return reason


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why this reminder does not apply."))
        return reason


class ReminderSettingForm(forms.Form):
    rule_code = forms.CharField(widget=forms.HiddenInput)
    days = forms.IntegerField(
        label=_("Days"),
        required=False,
        min_value=0,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    escalate_days = forms.IntegerField(
        label=_("Escalate after (days)"),
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    enabled = forms.BooleanField(
        label=_("On"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def clean_rule_code(self):
        from .rulebook import get_rule

        code = self.cleaned_data["rule_code"]
        if get_rule(code) is None:
            raise forms.ValidationError(_("Unknown rule."))
        return code
