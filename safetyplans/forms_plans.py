"""Forms of the safety plan pages (issue 8). Validation only; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import CaseForm, VersionedForm, _dates
from .models import (
    Agreement,
    AgreementCheck,
    CheckOutcome,
    Incident,
    PlanReview,
    PlanStatus,
    SafetyGoal,
    SafetyPlan,
    SignerRole,
    SignMethod,
    SkillGoal,
    StatementStatus,
)
from .selectors import case_persons, final_bottom_lines, final_goals, final_statements
from .services.plans import AGREEMENT_FIELDS, PLAN_FIELDS


def _professionals(case: Any) -> Any:
    """Who can be the professional monitor: the active staff of the case's team and its consultant."""
    query = Q(team_id=case.team_id)
    if case.consultant_id:
        query |= Q(pk=case.consultant_id)
    return get_user_model().objects.filter(query, is_active=True).order_by("first_name", "last_name")


class PlanForm(VersionedForm):
    class Meta:
        model = SafetyPlan
        fields = [*PLAN_FIELDS, "danger_statements", "goals", "bottom_lines", "linked_skill_goals"]

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["danger_statements"].queryset = final_statements(case)
        self.fields["goals"].queryset = final_goals(case)
        self.fields["bottom_lines"].queryset = final_bottom_lines(case)
        self.fields["linked_skill_goals"].queryset = SkillGoal.objects.filter(case=case)
        for name in ("danger_statements", "goals", "bottom_lines", "linked_skill_goals"):
            self.fields[name].widget.choices = self.fields[name].choices
        self.fields["danger_statements"].help_text = _("The established danger statements this plan answers.")


class AgreementForm(VersionedForm):
    person_fields = ("responsible", "monitor_network")

    class Meta:
        model = Agreement
        fields = [*AGREEMENT_FIELDS, "responsible"]

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["goal"].queryset = SafetyGoal.objects.filter(
            case=case, status__in=(StatementStatus.PROVISIONAL, StatementStatus.FINAL, StatementStatus.ACHIEVED)
        )
        self.fields["bottom_line"].queryset = final_bottom_lines(case)
        self.fields["monitor_professional"].queryset = _professionals(case)
        self.fields["monitor_professional"].label_from_instance = lambda user: user.get_full_name() or user.email
        # DOMAIN §8 rule 3: monitor and frequency are required; the network monitor is recommended.
        self.fields["monitor_professional"].required = True
        self.fields["frequency"].required = True
        self.fields["monitor_network"].help_text = _("Strongly recommended: who in the network keeps an eye on this?")

    def responsible(self) -> list[Any]:
        return list(self.cleaned_data.get("responsible") or [])


class SolutionsForm(forms.Form):
    solutions = forms.MultipleChoiceField(
        label=_("Proposals from network meetings"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: Any, solutions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_code = {str(s.code): s for s in solutions}
        self.fields["solutions"].choices = [
            (str(s.code), f"P{s.number} ({s.meeting.date:%d/%m/%Y}) — {s.text[:160]}") for s in solutions
        ]
        self.initial.setdefault(
            "solutions", [str(s.code) for s in solutions if s.decision == "accepted" and not s.agreement_code]
        )

    def chosen(self) -> list[Any]:
        return [self.by_code[code] for code in self.cleaned_data["solutions"] if code in self.by_code]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the plan")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    general = forms.CharField(label=_("Comment on the plan as a whole"), required=False, max_length=4000)

    def __init__(self, *args: Any, agreements: list[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_widget()
        self.agreements = agreements
        for agreement in agreements:
            self.fields[f"a_{agreement.code}"] = forms.CharField(
                label=_("Comment on agreement A%(number)s") % {"number": agreement.number},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def general_widget(self) -> None:
        self.fields["general"].widget = forms.Textarea(attrs={"rows": 3})

    def comments(self) -> dict[Agreement, str]:
        return {a: self.cleaned_data.get(f"a_{a.code}", "") for a in self.agreements}


class PlanReviewForm(forms.ModelForm):
    class Meta:
        model = PlanReview
        fields = ["reviewer_type", "reviewer_name", "method", "reviewed_on", "result", "conditions"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)


class FinaliseForm(forms.Form):
    on = forms.DateField(label=_("Definitive on"))
    override_reason = forms.CharField(
        label=_("Reason to make it definitive without an approved review (coordinator only)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, plan: SafetyPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)
        if plan.status == PlanStatus.CHECKED:
            del self.fields["override_reason"]


class ChildVersionForm(forms.Form):
    """The day the child-friendly version was discussed with the children (not in the future)."""

    on = forms.DateField(label=_("Child-friendly version discussed with the children on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)
        # Its own widget: the one `_dates` sets is shared by every date field.
        self.fields["on"].widget = forms.DateInput(
            attrs={"type": "date", "max": timezone.localdate().isoformat()}, format="%Y-%m-%d"
        )

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return on


class SignOffForm(forms.Form):
    signer_role = forms.ChoiceField(label=_("Signs as"), choices=SignerRole.choices)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    name = forms.CharField(label=_("Name (if not in the list)"), required=False, max_length=150)
    signed_on = forms.DateField(label=_("Signed on"))
    method = forms.ChoiceField(label=_("How"), choices=SignMethod.choices)
    scan = forms.FileField(label=_("Photo or scan of the signed page (optional)"), required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case_persons(case)
        _dates(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("person") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose a person or write a name."))
        return data


class NewVersionForm(forms.Form):
    major = forms.BooleanField(label=_("A major change (new main version, e.g. 2.0)"), required=False)
    change_note = forms.CharField(label=_("What changes?"), max_length=300)


class CheckForm(CaseForm):
    class Meta:
        model = AgreementCheck
        fields = [
            "checked_on",
            "on_behalf_of",
            "source",
            "outcome",
            "child_safe",
            "what_happened",
            "what_helped",
            "follow_up",
        ]

    person_fields = ("on_behalf_of",)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") == CheckOutcome.NOT_KEPT_UNSAFE and data.get("child_safe"):
            self.add_error("child_safe", _("Not kept and unsafe: the child was not safe."))
        return data


class IncidentForm(CaseForm):
    class Meta:
        model = Incident
        fields = [
            "occurred_on",
            "description",
            "children_present",
            "police_involved",
            "agreements",
            "bottom_line_breached",
            "actions_taken",
            "consultant_informed_on",
            "learning",
        ]

    def __init__(self, *args: Any, case: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["agreements"].queryset = agreements
        self.fields["agreements"].widget.choices = self.fields["agreements"].choices
        self.fields["agreements"].label_from_instance = lambda a: f"A{a.number} — {a.text[:80]}"
