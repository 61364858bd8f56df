"""What this app contributes to the cases app: the case-page panel, step evidence, timeline items."""

from __future__ import annotations

from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import Exists, F, OuterRef, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.timeline import TimelineItem, timeline_rows
from cases.trajectory import QueryEvidence, earliest

from . import selectors
from .models import (
    ChildConversation,
    DangerStatement,
    Mapping,
    MappingCategory,
    MappingItem,
    RiskAssessment,
    StatementStatus,
    StoryStatus,
    WordsAndPictures,
)


def scaling_panel_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    scores = selectors.overall_scores(case)  # one read for the chart and the latest score per person
    return {
        "chart": selectors.scaling_chart(case, scores=scores),
        "latest_scores": selectors.latest_scores(case, scores=scores),
        "overview_url": reverse("safety-overview", kwargs={"case_code": case.code}),
        "scaling_url": reverse("safety-scaling", kwargs={"case_code": case.code}),
    }


def plan_panel_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    """The plan in force, its due checks and the bottom-line escalation flag, on the case page."""
    from django.utils import timezone

    plan = selectors.current_plan(case)
    kw = {"case_code": case.code}
    return {
        "plan": plan,
        "plan_url": reverse("safety-plan-detail", kwargs={**kw, "code": plan.code}) if plan else "",
        "list_url": reverse("safety-plan-list", kwargs=kw),
        "monitoring_url": reverse("safety-monitoring", kwargs=kw),
        "due_count": len(selectors.agreement_checks_due(case, timezone.localdate(), plan=plan)) if plan else 0,
        "open_incidents": list(selectors.open_bottom_line_incidents(case)[:1]),
    }


# Step evidence as SQL over the case (`OuterRef("pk")`): the case page asks all steps in one query.
CASE = OuterRef("pk")


def step2_family_view() -> Any:
    return earliest(
        MappingItem.objects.filter(
            mapping__case=CASE,
            category__in=(MappingCategory.FAMILY_WORRY, MappingCategory.FAMILY_PRIDE, MappingCategory.STRENGTH),
        ),
        "mapping__date",
    )


def step3_provisional() -> Any:
    return earliest(DangerStatement.objects.filter(case=CASE).exclude(status=StatementStatus.DRAFT), "created_at")


def step4_child_conversation() -> Any:
    return earliest(ChildConversation.objects.filter(case=CASE), "date")


def step5_discussed_with_parents() -> Any:
    return earliest(ChildConversation.objects.filter(case=CASE), "shared_with_parents_on")


def step6_words_and_pictures() -> Any:
    return earliest(WordsAndPictures.objects.filter(case=CASE), "shared_on")


def step8_established() -> Any:
    return earliest(
        DangerStatement.objects.filter(case=CASE, status__in=(StatementStatus.FINAL, StatementStatus.SUPERSEDED)),
        "established_on",
    )


def step9_agreements_from_proposals() -> Any:
    from .models import Agreement

    return earliest(Agreement.objects.filter(plan__case=CASE, proposed_solution_code__isnull=False), "created_at")


def step10_plan_checked() -> Any:
    from .models import APPROVING_RESULTS, PlanReview

    return earliest(PlanReview.objects.filter(plan__case=CASE, result__in=APPROVING_RESULTS), "reviewed_on")


def step11_plan_definitive() -> Any:
    from .models import PlanKind, SafetyPlan

    return earliest(SafetyPlan.objects.filter(case=CASE, kind=PlanKind.MAIN), "finalised_on")


def step12_monitoring() -> Any:
    from .models import AgreementCheck

    return earliest(AgreementCheck.objects.filter(agreement__plan__case=CASE), "checked_on")


def _definitive_main_plans() -> Any:
    from .models import PlanKind, SafetyPlan

    return SafetyPlan.objects.filter(case=CASE, kind=PlanKind.MAIN, finalised_on__isnull=False)


def step13_plan_revised() -> Any:
    """An evaluation led to a new definitive version: the day of the first one."""
    return earliest(_definitive_main_plans().filter(supersedes__isnull=False), "finalised_on")


def step13_plan_marked_evaluated() -> Any:
    """Else: a version was marked evaluated (evidence without a date)."""
    from .models import PlanStatus

    return Exists(_definitive_main_plans().filter(status=PlanStatus.EVALUATED))


STEP_EVIDENCE = {
    2: QueryEvidence(step2_family_view),
    3: QueryEvidence(step3_provisional),
    4: QueryEvidence(step4_child_conversation),
    5: QueryEvidence(step5_discussed_with_parents),
    6: QueryEvidence(step6_words_and_pictures),
    8: QueryEvidence(step8_established),
    9: QueryEvidence(step9_agreements_from_proposals),
    10: QueryEvidence(step10_plan_checked),
    11: QueryEvidence(step11_plan_definitive),
    12: QueryEvidence(step12_monitoring),
    13: QueryEvidence(step13_plan_revised, step13_plan_marked_evaluated),
}


# --- timeline: one query for the app's eight kinds of record ------------------------------------------------

# kind: (title, url name, newest shown). The title of an incident depends on the bottom line (below).
_TIMELINE_KINDS: dict[str, tuple[Any, str, int]] = {
    "safetyplans.map": (_("Safety map"), "safety-map-detail", 20),
    "safetyplans.statement": (_("Danger statement established"), "safety-statement-detail", 20),
    "safetyplans.child_conversation": (_("Child conversation"), "safety-child-detail", 20),
    "safetyplans.words_pictures": (_("Words & Pictures shared with the child"), "safety-story-detail", 10),
    "safetyplans.plan": (_("Safety plan definitive"), "safety-plan-detail", 20),
    "safetyplans.plan_review": (_("Safety plan checked with the youth judge or GV"), "safety-plan-detail", 20),
    "safetyplans.incident": (_("Incident"), "safety-monitoring", 20),
    "safetyplans.risk_dialogue": (_("Risk dialogue"), "safety-risk-detail", 10),
}


def timeline_items(case: Any) -> list[TimelineItem]:
    """One query (a UNION of the eight kinds), whatever the case holds; the newest 10 or 20 of each kind."""
    from .models import Incident, PlanReview, SafetyPlan

    parts = [
        timeline_rows(Mapping.objects.filter(case=case), "safetyplans.map", "date", texts=[F("source")]),
        timeline_rows(
            DangerStatement.objects.filter(case=case, established_on__isnull=False),
            "safetyplans.statement",
            "established_on",
            texts=[F("title")],
        ),
        timeline_rows(
            ChildConversation.objects.filter(case=case),
            "safetyplans.child_conversation",
            "date",
            texts=[F("child__first_name")],
        ),
        timeline_rows(
            WordsAndPictures.objects.filter(
                case=case, status__in=(StoryStatus.SHARED, StoryStatus.SUPERSEDED), shared_on__isnull=False
            ),
            "safetyplans.words_pictures",
            "shared_on",
            texts=[F("title")],
        ),
        timeline_rows(
            SafetyPlan.objects.filter(case=case, finalised_on__isnull=False),
            "safetyplans.plan",
            "finalised_on",
            texts=[F("label")],
        ),
        timeline_rows(
            PlanReview.objects.filter(plan__case=case),
            "safetyplans.plan_review",
            "reviewed_on",
            code="plan__code",
            texts=[F("result")],
        ),
        timeline_rows(
            Incident.objects.filter(case=case),
            "safetyplans.incident",
            "occurred_on",
            texts=[SqlCase(When(bottom_line_breached=True, then=Value("breached")), default=Value(""))],
        ),
        timeline_rows(RiskAssessment.objects.filter(case=case), "safetyplans.risk_dialogue", "date"),
    ]
    rows = sorted(parts[0].union(*parts[1:], all=True).order_by(), key=lambda r: r["tl_day"], reverse=True)
    sources = dict(Mapping._meta.get_field("source").flatchoices)
    results = dict(PlanReview._meta.get_field("result").flatchoices)
    kw = {"case_code": case.code}
    shown: dict[str, int] = {}
    items: list[TimelineItem] = []
    for row in rows:
        kind, code, text = row["tl_kind"], row["tl_code"], row["tl_text0"] or ""
        title, url_name, limit = _TIMELINE_KINDS[kind]
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] > limit:
            continue
        detail: Any = text
        if kind == "safetyplans.map":
            detail, url = sources.get(text, text), reverse(url_name, kwargs={**kw, "map_code": code})
        elif kind == "safetyplans.plan":
            detail, url = f"v{text}", reverse(url_name, kwargs={**kw, "code": code})
        elif kind == "safetyplans.plan_review":
            detail, url = results.get(text, text), reverse(url_name, kwargs={**kw, "code": code})
        elif kind == "safetyplans.incident":
            title = _("Incident (bottom line breached)") if text else title
            detail, url = "", reverse(url_name, kwargs=kw)
        elif kind == "safetyplans.risk_dialogue":
            url = reverse(url_name, kwargs={**kw, "code": code})
        else:
            url = reverse(url_name, kwargs={**kw, "code": code})
        items.append(TimelineItem(when=row["tl_day"], kind=kind, title=title, detail=detail, url=url))
    return items
