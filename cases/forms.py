from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    MAX_CONTACT_MINUTES,
    Case,
    Closure,
    Contact,
    Evaluation,
    FollowUpHelp,
    Gender,
    GuidancePhase,
    Person,
    PhaseAxis,
    Referral,
    RoleAgreement,
    SafetyWorkPhase,
    Technique,
    TrajectoryStep,
)
from .selectors import consultants, team_workers


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CaseReferralForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "family_name",
            "referred_on",
            "referral_source",
            "legal_framework",
            "placement_threat",
            "concern_summary",
            "mandating_body",
            "consultant",
            "region",
            "youth_judge",
        ]
        widgets = {"referred_on": DateInput(), "concern_summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants()
        self.fields["consultant"].label = _("Consultant (person)")
        self.fields["mandating_body"].label = _("Consultant's organisation")
        if not self.instance.pk:
            self.fields["referred_on"].initial = timezone.localdate()

    def clean_referred_on(self) -> Any:
        value = self.cleaned_data["referred_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The referral date cannot be in the future."))
        return value


class ReferralDetailsForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = [
            "urgency",
            "channel",
            "m_document_ref",
            "judgement_ref",
            "requested_start",
            "prior_help",
            "consent_parents",
        ]
        widgets = {
            "requested_start": DateInput(),
            "prior_help": forms.Textarea(attrs={"rows": 2}),
            "consent_parents": forms.Textarea(attrs={"rows": 2}),
        }


class ChildForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        birth_date = data.get("birth_date")
        if birth_date:
            person = Person(first_name=data.get("first_name", ""), birth_date=birth_date, family_role="child")
            try:
                person.clean()
            except forms.ValidationError as exc:
                for message in exc.message_dict.get("birth_date", []):
                    self.add_error("birth_date", message)
        return data


class BaseChildFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data for form in self.forms if not self._should_delete_form(form)):
            raise forms.ValidationError(_("Add at least one child the referral is about."))

    def children(self) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


ChildFormSet = forms.formset_factory(ChildForm, formset=BaseChildFormSet, extra=3, max_num=8)


class AssignForm(forms.Form):
    lead_worker = forms.ModelChoiceField(label=_("Lead context worker"), queryset=None)
    co_worker = forms.ModelChoiceField(label=_("Co-worker"), queryset=None, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = team_workers(case.team_id)
        self.fields["lead_worker"].queryset = workers
        self.fields["co_worker"].queryset = workers

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("lead_worker") and data.get("co_worker") and data["lead_worker"] == data["co_worker"]:
            self.add_error("co_worker", _("The co-worker must be someone other than the lead worker."))
        return data


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Date of the first contact"), widget=DateInput())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)

    def clean_started_on(self) -> Any:
        value = self.cleaned_data["started_on"]
        if value < self.case.referred_on:
            raise forms.ValidationError(
                _("The start date cannot be before the referral date (%(date)s).")
                % {"date": self.case.referred_on.strftime("%d/%m/%Y")}
            )
        if value > timezone.localdate():
            raise forms.ValidationError(_("The start date cannot be in the future."))
        return value


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "family_role",
            "is_household",
            "is_index_child",
            "phone",
            "email",
            "address",
            "deceased",
            "notes",
        ]
        widgets = {"birth_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class StepForm(forms.ModelForm):
    class Meta:
        model = TrajectoryStep
        fields = ["status", "started_on", "completed_on", "notes"]
        widgets = {
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for name in ("started_on", "completed_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date cannot be in the future."))
        return data


class PhaseForm(forms.Form):
    axis = forms.ChoiceField(choices=PhaseAxis.choices, widget=forms.HiddenInput)
    to_phase = forms.ChoiceField(label=_("New phase"))
    changed_on = forms.DateField(label=_("Since"), widget=DateInput())
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, axis: str, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", axis)
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["axis"].initial = axis
        choices = GuidancePhase.choices if axis == PhaseAxis.GUIDANCE else SafetyWorkPhase.choices
        current = case.guidance_phase if axis == PhaseAxis.GUIDANCE else case.safety_phase
        self.fields["to_phase"].choices = [(v, label) for v, label in choices if v != current]
        self.fields["changed_on"].initial = timezone.localdate()

    def clean_changed_on(self) -> Any:
        value = self.cleaned_data["changed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A phase change cannot be dated in the future."))
        if value < self.case.referred_on:
            raise forms.ValidationError(_("The date cannot be before the referral date."))
        return value


class RoleAgreementsTextForm(forms.Form):
    role_agreements = forms.CharField(
        label=_("Role agreements (as explained to the family)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RoleLineForm(forms.ModelForm):
    class Meta:
        model = RoleAgreement
        fields = ["party", "tasks", "reachability", "agreed_on"]
        widgets = {"tasks": forms.Textarea(attrs={"rows": 2}), "agreed_on": DateInput()}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "type",
            "planned_on",
            "held_on",
            "participants",
            "other_participants",
            "evaluated",
            "outcome",
            "plan_adjusted",
            "next_evaluation",
            "report_to_consultant_on",
        ]
        widgets = {
            "planned_on": DateInput(),
            "held_on": DateInput(),
            "next_evaluation": DateInput(),
            "report_to_consultant_on": DateInput(),
            "participants": forms.CheckboxSelectMultiple,
            "evaluated": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = case.persons.order_by("-is_household", "-is_index_child", "first_name")


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = [
            "closed_on",
            "reason",
            "outcome",
            "plan_evaluated",
            "follow_up_decided",
            "relapse_plan_made",
            "family_informed",
            "follow_up",
            "relapse_plan",
            "final_scaling",
            "final_scaling_note",
        ]
        widgets = {
            "closed_on": DateInput(),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "relapse_plan": forms.Textarea(attrs={"rows": 3}),
            "final_scaling_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, case: Case, follow_ups: list[FollowUpHelp] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.case = case
        self.fields["closed_on"].initial = timezone.localdate()
        # Follow-up help recorded as decided is the decision this checklist item asks for: pre-ticked.
        if any(f.is_chosen for f in follow_ups or []):
            self.fields["follow_up_decided"].initial = True
            self.fields["follow_up_decided"].help_text = _("Ticked because follow-up help has been decided.")


class FollowUpHelpForm(forms.ModelForm):
    class Meta:
        model = FollowUpHelp
        fields = ["type", "status", "provider", "organisation", "description", "start_expected", "a_document_filed_on"]
        widgets = {
            "start_expected": DateInput(),
            "a_document_filed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "provider": _("E.g. the CGG, the CAW, the school's CLB."),
            "a_document_filed_on": _("Only for help through the intersectoral gateway (ITP)."),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        from cocon.accounts.models import Organisation, OrganisationKind

        super().__init__(*args, **kwargs)
        self.instance.case = case
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=[OrganisationKind.PROVIDER, OrganisationKind.OTHER]
        ).order_by("name")
        self.fields["organisation"].required = False


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or case number"), max_length=100, required=False)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ContactForm(forms.ModelForm):
    """One screen on a phone: the defaults cover a home visit that just ended."""

    techniques = forms.MultipleChoiceField(
        label=_("Techniques used"), choices=Technique.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    confirm_overlap = forms.BooleanField(
        label=_("I know it overlaps: save anyway"), required=False, widget=forms.CheckboxInput
    )

    class Meta:
        model = Contact
        fields = [
            "type",
            "date",
            "start_time",
            "duration_minutes",
            "participants",
            "others_present",
            "location",
            "techniques",
            "went_well",
            "worries",
            "agreements",
            "next_contact",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 720, "step": 5}),
            "participants": forms.CheckboxSelectMultiple,
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "worries": forms.Textarea(attrs={"rows": 3}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
            "next_contact": DateTimeInput(),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.instance.case = case
        self.fields["participants"].queryset = case.persons.order_by("-is_household", "-is_index_child", "first_name")
        self.fields["participants"].label_from_instance = lambda p: str(p)
        # The clean_ method below gives the clear messages; drop the generic min/max validators.
        self.fields["duration_minutes"].validators = []

    def clean_duration_minutes(self) -> Any:
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The duration must be at least 1 minute."))
        if value is not None and value > MAX_CONTACT_MINUTES:
            raise forms.ValidationError(_("A contact lasts at most 12 hours (720 minutes)."))
        return value

    def clean_techniques(self) -> list[str]:
        return list(self.cleaned_data.get("techniques") or [])

    def clean_next_contact(self) -> Any:
        value = self.cleaned_data.get("next_contact")
        if value and value < timezone.now():
            raise forms.ValidationError(_("The next contact is planned in the future."))
        return value


class ContactEditForm(ContactForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].required = False
        self.fields["reason"].required = needs_reason
        if needs_reason:
            self.fields["reason"].help_text = _("This contact is older than 7 days: a correction needs a reason.")

    def clean_next_contact(self) -> Any:
        return self.cleaned_data.get("next_contact")


class ExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date comes after the start date."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366:
            raise forms.ValidationError(_("Export at most one year at a time."))
        return data
