"""Forms of the network app. Every choice of a person or member is limited to the case's own people and
posted as its public code: a code of another case's person is simply "not one of the choices"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Case, FamilyRole, Gender, Person
from cocon.accounts.models import User

from .models import (
    AttendanceRole,
    AttendanceStatus,
    CandidateStatus,
    CircleRing,
    Influence,
    JimCandidate,
    JimChooser,
    JimSearchStatus,
    KnowsWorries,
    MeetingPurpose,
    MeetingStatus,
    NetworkAction,
    NetworkAnalysis,
    NetworkMember,
    NetworkRole,
    NetworkType,
    Relation,
    RelationKind,
    RelationQuality,
    SolutionDecision,
    SupportType,
)
from .services import AttendanceInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _person_choice(case: Case, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.filter(case=case).order_by("-is_index_child", "first_name"),
        to_field_name="code",
        **kwargs,
    )


def _member_choice(case: Case, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=NetworkMember.objects.filter(case=case).select_related("person").order_by("person__first_name"),
        to_field_name="code",
        **kwargs,
    )


EMPTY_LABEL = _("— choose —")


def _empty_labels(form: forms.Form) -> None:
    """Every single choice of a person, member or worker starts with a translated "choose" line."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.empty_label = EMPTY_LABEL


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Members ------------------------------------------------------------------------------------


class MemberForm(forms.Form):
    existing_person = forms.ModelChoiceField(
        label=_("Someone already in the case"),
        queryset=Person.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("Or leave empty and fill in a new person below."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    network_type = forms.ChoiceField(label=_("Informal or formal"), choices=NetworkType.choices)
    relation = forms.ChoiceField(label=_("Relation to the family"), choices=[("", EMPTY_LABEL), *Relation.choices])
    relation_text = forms.CharField(
        label=_("Relation, in words"), max_length=200, required=False, help_text=_("For example: aunt (mum's sister).")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    support_types = forms.MultipleChoiceField(
        label=_("What can they offer?"),
        choices=SupportType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("Availability"), max_length=250, required=False, help_text=_("For example: evenings and weekends.")
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=NetworkRole.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    circle_ring = forms.ChoiceField(label=_("Place in the safety circle"), choices=CircleRing.choices, required=False)
    knows_worries = forms.ChoiceField(
        label=_("Knows the worries"), choices=[("", "—"), *KnowsWorries.choices], required=False
    )
    influence = forms.ChoiceField(label=_("Influence on the family"), choices=Influence.choices)
    action = forms.ChoiceField(
        label=_("What do we do with this relation?"), choices=NetworkAction.choices, required=False
    )
    supports = forms.ModelMultipleChoiceField(
        label=_("Supports"),
        queryset=Person.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_contact = forms.BooleanField(label=_("Parents agree that we contact this person"), required=False)
    consent_contact_on = forms.DateField(label=_("Consent given on"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, member: NetworkMember | None = None, **kwargs: Any) -> None:
        self.case = case
        self.member = member
        if member is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(member)
        super().__init__(*args, **kwargs)
        persons = Person.objects.filter(case=case)
        if member is None:
            self.fields["existing_person"].queryset = persons.filter(network_member__isnull=True).order_by("first_name")
        else:
            del self.fields["existing_person"]
            self.fields["first_name"].required = True
        _empty_labels(self)
        self.fields["supports"].queryset = persons.filter(is_household=True).order_by("-is_index_child", "first_name")
        self.children = list(persons.filter(family_role=FamilyRole.CHILD).order_by("birth_date"))
        for child in self.children:
            self.fields[f"child_{child.code}"] = forms.CharField(
                label=_("Relation to %(child)s") % {"child": child.first_name},
                max_length=120,
                required=False,
                initial=(member.child_relations or {}).get(str(child.code), "") if member else "",
            )

    @staticmethod
    def initial_for(member: NetworkMember) -> dict[str, Any]:
        p = member.person
        data: dict[str, Any] = {
            "first_name": p.first_name,
            "last_name": p.last_name,
            "gender": p.gender,
            "birth_date": p.birth_date,
            "phone": p.phone,
            "email": p.email,
            "supports": list(member.supports.all()),
            "version": member.version,
        }
        for key in (
            "network_type",
            "relation",
            "relation_text",
            "organisation",
            "support_types",
            "availability",
            "roles",
            "circle_ring",
            "knows_worries",
            "influence",
            "action",
            "consent_contact",
            "consent_contact_on",
        ):
            data[key] = getattr(member, key)
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("existing_person") and not data.get("first_name"):
            self.add_error("first_name", _("Choose someone already in the case, or give a first name."))
        return data

    def person_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            k: d.get(k) or ("" if k not in ("birth_date",) else None)
            for k in ("first_name", "last_name", "gender", "birth_date", "phone", "email")
        }

    def member_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields = {
            k: d.get(k)
            for k in (
                "network_type",
                "relation",
                "relation_text",
                "organisation",
                "availability",
                "circle_ring",
                "knows_worries",
                "influence",
                "action",
                "consent_contact",
                "consent_contact_on",
            )
        }
        for k in ("relation_text", "organisation", "availability", "circle_ring", "knows_worries", "action"):
            fields[k] = fields[k] or ""
        fields["support_types"] = list(d.get("support_types") or [])
        fields["roles"] = list(d.get("roles") or [])
        fields["child_relations"] = {
            str(c.code): d[f"child_{c.code}"].strip() for c in self.children if d.get(f"child_{c.code}", "").strip()
        }
        return fields

    def child_fields(self) -> list[forms.BoundField]:
        return [self[f"child_{c.code}"] for c in self.children]


# --- Genogram -----------------------------------------------------------------------------------


class GenogramPersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    family_role = forms.ChoiceField(label=_("Role in the family"), choices=FamilyRole.choices, required=False)
    is_household = forms.BooleanField(label=_("Lives in the household"), required=False)
    deceased = forms.BooleanField(label=_("Deceased"), required=False)

    def fields_for_service(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        for k in ("last_name", "gender", "family_role"):
            d[k] = d.get(k) or ""
        return d


class RelationshipForm(forms.Form):
    from_person = forms.ModelChoiceField(queryset=Person.objects.none(), to_field_name="code", label=_("Person"))
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    to_person = forms.ModelChoiceField(queryset=Person.objects.none(), to_field_name="code", label=_("With"))
    quality = forms.ChoiceField(label=_("Quality of the relation"), choices=RelationQuality.choices, required=False)
    cohabiting = forms.BooleanField(label=_("Living together"), required=False)
    since = forms.IntegerField(label=_("Since (year)"), min_value=1900, max_value=2100, required=False)
    until = forms.IntegerField(label=_("Until (year)"), min_value=1900, max_value=2100, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        persons = Person.objects.filter(case=case).order_by("-is_index_child", "first_name")
        self.fields["from_person"].queryset = persons
        self.fields["to_person"].queryset = persons
        _empty_labels(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("from_person") and data.get("from_person") == data.get("to_person"):
            self.add_error("to_person", _("A person cannot have a relation with themselves."))
        return data


# --- JIM ----------------------------------------------------------------------------------------


class JimCandidateForm(forms.Form):
    member = forms.ModelChoiceField(queryset=NetworkMember.objects.none(), to_field_name="code", label=_("Candidate"))
    named_by = forms.ModelChoiceField(
        queryset=Person.objects.none(), to_field_name="code", label=_("Named by"), required=False
    )
    named_on = forms.DateField(label=_("Named on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_professional = forms.BooleanField(
        label=_("I know this is a professional and still propose them as JIM"), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_choice(case, label=_("Candidate"))
        self.fields["named_by"] = _person_choice(case, label=_("Named by"), required=False)
        self.warning = False
        _empty_labels(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        member = data.get("member")
        if member is not None and member.is_formal and not data.get("confirm_professional"):
            self.warning = True
            self.add_error(
                "member",
                _(
                    "%(name)s is a professional. A JIM is someone the child chooses from their own informal "
                    "network; professionals leave, the JIM stays. Tick the confirmation if you still want to "
                    "propose this person."
                )
                % {"name": member.person},
            )
        return data


class JimSearchForm(forms.Form):
    chooser = forms.ChoiceField(label=_("Who chooses"), choices=JimChooser.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, lbl) for v, lbl in JimSearchStatus.choices if v != JimSearchStatus.DESIGNATED],
        help_text=_("A JIM is designated with the button on the JIM page, with the consent of parents and JIM."),
    )


class JimCandidateUpdateForm(forms.ModelForm):
    class Meta:
        model = JimCandidate
        fields = ["status", "asked_on", "answered_on", "note"]
        widgets = {
            "asked_on": DateInput(),
            "answered_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = CandidateStatus.choices


class JimDesignationForm(forms.Form):
    member = forms.ModelChoiceField(queryset=NetworkMember.objects.none(), to_field_name="code", label=_("JIM"))
    designated_on = forms.DateField(label=_("Designated on"), widget=DateInput())
    jim_consent = forms.BooleanField(label=_("The JIM agrees"), required=False)
    jim_consent_on = forms.DateField(label=_("The JIM agreed on"), required=False, widget=DateInput())
    parents_consent = forms.BooleanField(label=_("The parents agree"), required=False)
    parents_consent_on = forms.DateField(label=_("The parents agreed on"), required=False, widget=DateInput())
    parents_consent_note = forms.CharField(
        label=_("How the parents agreed"),
        max_length=300,
        required=False,
        help_text=_("For example: both parents, with a condition."),
    )
    jim_agreement = forms.CharField(
        label=_("What we expect of the JIM"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    also_drm_trusted_person = forms.BooleanField(label=_("Also trusted person (DRM art. 24)"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_choice(case, label=_("JIM"))
        _empty_labels(self)


# --- Meetings -----------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=MeetingPurpose.choices)
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200)
    facilitator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Chaired by"), required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    child_voice_by = forms.ModelChoiceField(
        queryset=Person.objects.none(), to_field_name="code", label=_("Who brings the child's voice"), required=False
    )
    child_participation = forms.CharField(
        label=_("How the child's voice was brought in"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    worries = forms.CharField(label=_("Worries raised"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label=_("Strengths raised"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_meeting = forms.DateField(label=_("Next meeting"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TEXT_FIELDS = ("agenda", "child_participation", "worries", "strengths", "decisions", "minutes")

    def __init__(
        self,
        *args: Any,
        case: Case,
        jim_member_ids: set[int] | None = None,
        attendances: dict[int, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        from .services import default_attendance_role

        super().__init__(*args, **kwargs)
        self.case = case
        staff_ids = [pk for pk in (case.lead_worker_id, case.co_worker_id) if pk]
        self.fields["facilitator"].queryset = User.objects.filter(pk__in=staff_ids)
        self.fields["child_voice_by"].queryset = Person.objects.filter(case=case).order_by("first_name")
        _empty_labels(self)
        self.persons = list(
            Person.objects.filter(case=case)
            .select_related("network_member")
            .order_by("-is_household", "-is_index_child", "first_name")
        )
        attendances = attendances or {}
        jim_member_ids = jim_member_ids or set()
        status_choices = [("", _("not involved")), *AttendanceStatus.choices]
        self.attendance_rows = []
        for person in self.persons:
            existing = attendances.get(person.pk)
            sf = f"att_{person.code}_status"
            rf = f"att_{person.code}_role"
            self.fields[sf] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": person},
                choices=status_choices,
                required=False,
                initial=existing.status if existing else "",
            )
            member = getattr(person, "network_member", None)
            default_role = default_attendance_role(person, jim_member_ids if member else set())
            self.fields[rf] = forms.ChoiceField(
                label=_("Role of %(name)s") % {"name": person},
                choices=AttendanceRole.choices,
                initial=existing.role if existing else default_role,
            )
            self.attendance_rows.append((person, sf, rf))

    def attendance_bound_rows(self) -> list[tuple[Person, forms.BoundField, forms.BoundField]]:
        return [(p, self[sf], self[rf]) for p, sf, rf in self.attendance_rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == MeetingStatus.HELD:
            present = [
                p
                for p, sf, _rf in self.attendance_rows
                if data.get(sf) in (AttendanceStatus.PRESENT, AttendanceStatus.PARTLY)
            ]
            if not present:
                raise ValidationError(
                    _("A meeting that took place needs its attendance: mark at least one person as present.")
                )
        return data

    def meeting_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields = {
            k: d.get(k)
            for k in (
                "purpose",
                "status",
                "date",
                "start_time",
                "end_time",
                "location",
                "facilitator",
                "child_voice_by",
                "next_meeting",
            )
        }
        for k in self.TEXT_FIELDS:
            fields[k] = d.get(k) or ""
        return fields

    def attendance_inputs(self) -> list[AttendanceInput]:
        d = self.cleaned_data
        items = []
        for person, sf, rf in self.attendance_rows:
            status = d.get(sf)
            if status:
                items.append(AttendanceInput(person=person, role=d.get(rf), invited=True, status=status))
        return items


class SolutionForm(forms.Form):
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 2}))
    proposed_by = forms.ModelChoiceField(
        queryset=Person.objects.none(), to_field_name="code", label=_("Proposed by"), required=False
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=SolutionDecision.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"] = _person_choice(case, label=_("Proposed by"), required=False)
        _empty_labels(self)


class SolutionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=SolutionDecision.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class NetworkAnalysisForm(forms.ModelForm):
    class Meta:
        model = NetworkAnalysis
        fields = ["date", "summary", "lost_contacts", "restore_actions", "social_support_level"]
        widgets = {
            "date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "lost_contacts": forms.Textarea(attrs={"rows": 2}),
            "restore_actions": forms.Textarea(attrs={"rows": 2}),
        }
