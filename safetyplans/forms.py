"""Input validation for the safetyplans pages. No side effects: services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    BottomLine,
    ChildConversation,
    CompetenceAnalysis,
    CompetenceItem,
    DangerStatement,
    House,
    Mapping,
    MappingItem,
    RiskAssessment,
    RiskItem,
    SafetyGoal,
    ScaleType,
    SkillGoal,
    StatementStatus,
    Voice,
    WordsAndPictures,
)
from .selectors import case_children, case_family, case_parents, case_persons, current_goals

# Django 6.1's blank choice label; named here so our catalogue carries its Dutch translation.
EMPTY_LABEL = _("- Select an option -")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT3 = forms.Textarea(attrs={"rows": 3})


def _dates(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            field.empty_label = EMPTY_LABEL
        if isinstance(field, forms.DateField):
            field.widget = DATE
            field.input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3


class CaseForm(forms.ModelForm):
    """A model form whose person (and goal) choices are limited to one case."""

    person_fields: tuple[str, ...] = ()
    child_fields: tuple[str, ...] = ()
    parent_fields: tuple[str, ...] = ()
    family_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        for name in self.person_fields:
            if name in self.fields:
                self.fields[name].queryset = case_persons(case)
        for name in self.child_fields:
            if name in self.fields:
                self.fields[name].queryset = case_children(case)
        for name in self.family_fields:
            if name in self.fields:
                self.fields[name].queryset = case_family(case)
        for name in self.parent_fields:
            if name in self.fields:
                self.fields[name].queryset = case_parents(case)
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple()
                field.widget.choices = field.choices
        _dates(self)

    def plain_fields(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self._meta.fields and not isinstance(self.fields[name], forms.ModelMultipleChoiceField)
        }

    def m2m_fields(self) -> dict[str, Any]:
        return {
            name: list(value)
            for name, value in self.cleaned_data.items()
            if isinstance(self.fields.get(name), forms.ModelMultipleChoiceField)
        }


class VersionedForm(CaseForm):
    """Carries the optimistic-lock counter: the form posts back the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("version", self.instance.version)

    def expected_version(self) -> int:
        value = self.cleaned_data.get("version")
        return value if value is not None else -1


class MappingForm(CaseForm):
    person_fields = ("participants",)
    copy_from = forms.ModelChoiceField(
        queryset=Mapping.objects.none(), required=False, label=_("Start from the items of an earlier map")
    )

    class Meta:
        model = Mapping
        fields = ["date", "source", "meeting", "participants", "summary", "safety_score", "safety_score_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = Mapping.objects.filter(case=self.case).order_by("-date")
        self.fields["copy_from"].label_from_instance = lambda m: m.date.strftime("%d/%m/%Y")
        meeting_model = Mapping._meta.get_field("meeting").related_model
        self.fields["meeting"].queryset = meeting_model.objects.filter(case=self.case).order_by("-date")
        self.fields["meeting"].label_from_instance = lambda m: m.date.strftime("%d/%m/%Y")
        self.fields["safety_score"].widget.attrs.update({"min": 0, "max": 10})
        self.initial.setdefault("date", timezone.localdate())


class MappingItemForm(CaseForm):
    person_fields = ("said_by",)
    child_fields = ("children",)

    class Meta:
        model = MappingItem
        fields = [
            "category",
            "text",
            "said_by",
            "said_by_name",
            "said_on",
            "children",
            "safety_aspect",
            "safety_dimension",
            "event_date",
            "is_exception",
            "disputed",
            "dispute_note",
        ]


class StatementForm(VersionedForm):
    person_fields = ("formulated_with",)
    family_fields = ("behaviour_of",)
    child_fields = ("children",)
    start_status = forms.ChoiceField(
        label=_("Status"),
        choices=[(StatementStatus.PROVISIONAL, _("provisional (step 3)")), (StatementStatus.DRAFT, _("draft"))],
        initial=StatementStatus.PROVISIONAL,
        required=False,
    )

    class Meta:
        model = DangerStatement
        fields = [
            "title",
            "who_is_worried",
            "behaviour_of",
            "worrying_behaviour",
            "impact_on_child",
            "if_nothing_changes",
            "protective_behaviour",
            "dispute",
            "children",
            "formulated_with",
            "statement_text",
            "agreed_by_consultant_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement_text"].required = False
        self.fields["statement_text"].widget.attrs["rows"] = 5
        if self.instance.pk:
            del self.fields["start_status"]


class GoalForm(VersionedForm):
    class Meta:
        model = SafetyGoal
        fields = [
            "danger_statement",
            "title",
            "who_needs_to_see",
            "parent_behaviour",
            "network_behaviour",
            "child_experience",
            "observable_signs",
            "duration_weeks",
            "target_date",
            "family_words",
            "scale_question",
            "smart_checked",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["danger_statement"].queryset = DangerStatement.objects.filter(case=self.case).exclude(
            status=StatementStatus.SUPERSEDED
        )
        self.fields["danger_statement"].widget = forms.HiddenInput()
        self.fields["duration_weeks"].widget.attrs.update({"min": 1, "max": 104})


class BottomLineForm(VersionedForm):
    class Meta:
        model = BottomLine
        fields = ["text", "rationale", "consequence_if_breached", "set_by_name", "linked_statements"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["linked_statements"].queryset = DangerStatement.objects.filter(case=self.case).exclude(
            status=StatementStatus.SUPERSEDED
        )
        self.fields["linked_statements"].widget.choices = self.fields["linked_statements"].choices
        consultant = self.case.consultant
        if user is not None and consultant is not None and user.pk == consultant.pk:
            # The consultant sets it themself: the name comes from the account.
            self.fields["set_by_name"].required = False
            self.fields["set_by_name"].widget = forms.HiddenInput()
        elif consultant is not None and not self.instance.pk:
            self.initial.setdefault("set_by_name", consultant.get_full_name())


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (StatementStatus.PROVISIONAL, _("provisional (step 3)")),
            (StatementStatus.FINAL, _("established (step 8)")),
            (StatementStatus.ACHIEVED, _("achieved")),
        ]
    )
    on = forms.DateField(label=_("date"), required=False, widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"])


class ScalingRoundForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    scale_type = forms.ChoiceField(label=_("kind of scale"), choices=ScaleType.choices, initial=ScaleType.OVERALL)
    goal = forms.ModelChoiceField(label=_("safety goal"), queryset=SafetyGoal.objects.none(), required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = SafetyGoal.objects.filter(pk__in=[g.pk for g in current_goals(case)])
        self.initial.setdefault("date", timezone.localdate())
        _dates(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scale_type") == ScaleType.GOAL and not data.get("goal"):
            self.add_error("goal", _("Pick the safety goal this score is about."))
        if data.get("scale_type") != ScaleType.GOAL:
            data["goal"] = None
        return data


class ScoreRowForm(forms.Form):
    person = forms.ModelChoiceField(label=_("who scores"), queryset=None, required=False)
    scorer_name = forms.CharField(label=_("or name"), max_length=120, required=False)
    voice = forms.ChoiceField(label=_("voice"), choices=[("", "—"), *Voice.choices], required=False)
    score = forms.IntegerField(
        label=_("score (0–10)"),
        required=False,
        min_value=0,
        max_value=10,
        error_messages={
            "min_value": _("A score goes from 0 to 10."),
            "max_value": _("A score goes from 0 to 10."),
        },
    )
    why_not_lower = forms.CharField(
        label=_("What makes it not lower?"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    one_point_higher = forms.CharField(
        label=_("What would one point higher look like?"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case_persons(case)
        self.fields["score"].widget.attrs.update({"min": 0, "max": 10})
        _dates(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = data.get("score") is not None or data.get("person") or (data.get("scorer_name") or "").strip()
        if not filled:
            return data
        if data.get("score") is None and "score" not in self.errors:
            self.add_error("score", _("Enter a score from 0 to 10."))
        if not data.get("person") and not (data.get("scorer_name") or "").strip():
            self.add_error("person", _("Say who gives this score: pick a person or type a name."))
        if not data.get("voice"):
            self.add_error("voice", _("Choose whose voice this is."))
        return data

    def is_filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("score") is not None


class BaseScoreFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"case": self.form_kwargs["case"]}

    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.is_filled() for form in self.forms):
            raise forms.ValidationError(_("Enter at least one score."))


ScoreFormSet = forms.formset_factory(ScoreRowForm, formset=BaseScoreFormSet, extra=6, max_num=20)


class ConversationForm(CaseForm):
    child_fields = ("child",)

    class Meta:
        model = ChildConversation
        fields = [
            "child",
            "date",
            "tool",
            "house_good_things",
            "house_worries",
            "house_dreams",
            "trusted_adults",
            "consent_to_share",
            "not_to_share",
            "shared_with_parents_on",
            "parent_reaction",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("consent_to_share") == "partly" and not (data.get("not_to_share") or "").strip():
            self.add_error("not_to_share", _("Write down what the child does not want shared."))
        return data


class DrawingForm(forms.Form):
    file = forms.FileField(label=_("Drawing or photo"))
    house = forms.ChoiceField(label=_("which house"), choices=House.choices, initial=House.OTHER)
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"


class StoryForm(VersionedForm):
    child_fields = ("children",)

    class Meta:
        model = WordsAndPictures
        fields = ["title", "children", "who_is_worried", "what_worried_about", "what_happened", "what_we_do"]


class StoryPageForm(forms.Form):
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 4}))
    picture = forms.FileField(label=_("picture (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picture"].widget.attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"


class StoryApproveForm(forms.Form):
    approved_by = forms.ModelMultipleChoiceField(
        label=_("approved by"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    on = forms.DateField(label=_("date"), widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = case_parents(case)
        self.initial.setdefault("on", timezone.localdate())


class StoryShareForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    on = forms.DateField(label=_("date"), widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = case_persons(case)
        self.initial.setdefault("on", timezone.localdate())


class CompetenceAnalysisForm(VersionedForm):
    person_fields = ("person", "made_with")

    class Meta:
        model = CompetenceAnalysis
        fields = ["person", "date", "made_with", "balance", "summary", "possible_pathology"]


class CompetenceItemForm(forms.ModelForm):
    class Meta:
        model = CompetenceItem
        fields = ["type", "text", "weight"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SkillGoalForm(CaseForm):
    person_fields = ("person", "network_support")

    class Meta:
        model = SkillGoal
        fields = ["person", "domain", "goal_text", "method", "linked_safety_goal", "network_support", "progress_score"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["linked_safety_goal"].queryset = SafetyGoal.objects.filter(
            pk__in=[g.pk for g in current_goals(self.case)]
        )
        self.fields["progress_score"].widget.attrs.update({"min": 0, "max": 10})


class RiskStartForm(CaseForm):
    person_fields = ("discussed_with",)

    class Meta:
        model = RiskAssessment
        fields = ["date", "instrument", "discussed_with"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class RiskOverallForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = ["overall_family_view", "overall_professional_view"]
        widgets = {"overall_family_view": TEXT3, "overall_professional_view": TEXT3}


class RiskItemForm(forms.ModelForm):
    class Meta:
        model = RiskItem
        fields = ["status", "family_view", "professional_view", "next_step", "becomes"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2}) for name in ("family_view", "professional_view", "next_step")
        }
