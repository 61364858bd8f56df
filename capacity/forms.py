from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case

from .models import MAX_PLACES_PER_DECLARATION, NOTICE_DAYS, CapacityPool, DeclarationRecipient
from .selectors import OCCUPYING, team_pools, team_recipients


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CaseReferenceChoice(forms.ModelChoiceField):
    # Only the reference: the form is about places, not about families.
    def label_from_instance(self, obj: Case) -> str:
        end = getattr(obj, "planned_end", None)
        return f"{obj.reference} ({end:%d/%m/%Y})" if end else obj.reference


class DeclarationForm(forms.Form):
    pool = forms.ModelChoiceField(label=_("Module / region"), queryset=CapacityPool.objects.none(), empty_label=None)
    places = forms.IntegerField(
        label=_("Number of free places"),
        min_value=1,
        max_value=MAX_PLACES_PER_DECLARATION,
        error_messages={"min_value": _("Declare at least one place.")},
    )
    available_from = forms.DateField(
        label=_("Available from"),
        widget=DateInput(),
        help_text=_("At least 14 days ahead (seed: declare two weeks in advance)."),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=DeclarationRecipient.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    extra_emails = forms.CharField(
        label=_("Other e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional; separate addresses with a comma or a new line. Only addresses of services."),
    )
    source_case = CaseReferenceChoice(
        label=_("Freed by (case)"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Optional: the case whose planned end frees the place. Only its number is kept."),
    )

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["pool"].queryset = CapacityPool.objects.filter(team=team).order_by("region", "module", "pk")
        self.fields["recipients"].queryset = team_recipients(team, active_only=True).order_by("kind", "name")
        self.fields["source_case"].queryset = Case.objects.filter(
            team=team, status__in=OCCUPYING, planned_end__isnull=False
        ).order_by("planned_end")
        if not self.is_bound:
            pools = team_pools(team)
            self.initial.setdefault("available_from", timezone.localdate() + timedelta(days=NOTICE_DAYS))
            self.initial.setdefault("places", 1)
            if pools:
                self.initial.setdefault("pool", pools[0].pk)
            self.initial.setdefault("recipients", list(self.fields["recipients"].queryset.values_list("pk", flat=True)))

    def clean_available_from(self) -> Any:
        day = self.cleaned_data["available_from"]
        if day < timezone.localdate():
            raise ValidationError(_("This date is in the past. Choose today or a later date."))
        return day

    def clean_extra_emails(self) -> list[str]:
        raw = self.cleaned_data.get("extra_emails", "")
        addresses = [a.strip() for a in re.split(r"[,;\s]+", raw or "") if a.strip()]
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    _("“%(address)s” is not a valid e-mail address."), params={"address": address}
                ) from None
        return addresses

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("recipients") and not data.get("extra_emails") and "extra_emails" not in self.errors:
            self.add_error("recipients", _("Choose at least one recipient."))
        return data


class PoolForm(forms.ModelForm):
    class Meta:
        model = CapacityPool
        fields = ["module", "region", "total_places"]


class RecipientForm(forms.ModelForm):
    class Meta:
        model = DeclarationRecipient
        fields = ["kind", "name", "region", "email", "active"]
        error_messages = {"email": {"invalid": _("Enter a valid e-mail address, e.g. sdj.gent@example.be.")}}

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        if not self.instance.pk:
            self.initial.setdefault("region", team.region)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        clash = DeclarationRecipient.objects.filter(team=self.team, email=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("This address is already on the list."))
        return email


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label=_("Receipt confirmed on"), widget=DateInput())

    def __init__(self, *args: Any, declaration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        self.initial.setdefault("acknowledged_on", timezone.localdate())

    def clean_acknowledged_on(self) -> Any:
        day = self.cleaned_data["acknowledged_on"]
        if day < self.declaration.declared_on or day > timezone.localdate():
            raise ValidationError(_("The date of receipt lies between the declaration and today."))
        return day
