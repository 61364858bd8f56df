"""What this app contributes to the cases app: the case-page panel, step evidence, timeline items."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.timeline import TimelineItem

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
    return {
        "chart": selectors.scaling_chart(case),
        "latest_scores": selectors.latest_scores(case),
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
        "due_count": len(selectors.agreement_checks_due(case, timezone.localdate())) if plan else 0,
        "open_incidents": list(selectors.open_bottom_line_incidents(case)[:1]),
    }


def _min(value: Any) -> date | bool:
    return value if value else False


def step2_family_view(case: Any) -> date | bool:
    found = MappingItem.objects.filter(
        mapping__case=case,
        category__in=(MappingCategory.FAMILY_WORRY, MappingCategory.FAMILY_PRIDE, MappingCategory.STRENGTH),
    ).aggregate(first=Min("mapping__date"))["first"]
    return _min(found)


def step3_provisional(case: Any) -> date | bool:
    found = (
        DangerStatement.objects.filter(case=case)
        .exclude(status=StatementStatus.DRAFT)
        .aggregate(first=Min("created_at"))["first"]
    )
    return _min(found.date() if found else None)


def step4_child_conversation(case: Any) -> date | bool:
    return _min(ChildConversation.objects.filter(case=case).aggregate(first=Min("date"))["first"])


def step5_discussed_with_parents(case: Any) -> date | bool:
    return _min(
        ChildConversation.objects.filter(case=case, shared_with_parents_on__isnull=False).aggregate(
            first=Min("shared_with_parents_on")
        )["first"]
    )


def step6_words_and_pictures(case: Any) -> date | bool:
    return _min(
        WordsAndPictures.objects.filter(case=case, shared_on__isnull=False).aggregate(first=Min("shared_on"))["first"]
    )


def step8_established(case: Any) -> date | bool:
    found = DangerStatement.objects.filter(case=case, status__in=(StatementStatus.FINAL, StatementStatus.SUPERSEDED))
    return _min(found.filter(established_on__isnull=False).aggregate(first=Min("established_on"))["first"])


def step9_agreements_from_proposals(case: Any) -> date | bool:
    from .models import Agreement

    found = Agreement.objects.filter(plan__case=case, proposed_solution_code__isnull=False).aggregate(
        first=Min("created_at")
    )["first"]
    return _min(found.date() if found else None)


def step10_plan_checked(case: Any) -> date | bool:
    from .models import APPROVING_RESULTS, PlanReview

    return _min(
        PlanReview.objects.filter(plan__case=case, result__in=APPROVING_RESULTS).aggregate(first=Min("reviewed_on"))[
            "first"
        ]
    )


def step11_plan_definitive(case: Any) -> date | bool:
    from .models import PlanKind, SafetyPlan

    return _min(
        SafetyPlan.objects.filter(case=case, kind=PlanKind.MAIN, finalised_on__isnull=False).aggregate(
            first=Min("finalised_on")
        )["first"]
    )


def step12_monitoring(case: Any) -> date | bool:
    from .models import AgreementCheck

    return _min(AgreementCheck.objects.filter(agreement__plan__case=case).aggregate(first=Min("checked_on"))["first"])


def step13_plan_evaluated(case: Any) -> date | bool:
    """An evaluation led to a new definitive version (or a version was marked evaluated)."""
    from .models import PlanKind, PlanStatus, SafetyPlan

    plans = SafetyPlan.objects.filter(case=case, kind=PlanKind.MAIN, finalised_on__isnull=False)
    found = plans.filter(supersedes__isnull=False).aggregate(first=Min("finalised_on"))["first"]
    return _min(found) if found else plans.filter(status=PlanStatus.EVALUATED).exists()


STEP_EVIDENCE = {
    2: step2_family_view,
    3: step3_provisional,
    4: step4_child_conversation,
    5: step5_discussed_with_parents,
    6: step6_words_and_pictures,
    8: step8_established,
    9: step9_agreements_from_proposals,
    10: step10_plan_checked,
    11: step11_plan_definitive,
    12: step12_monitoring,
    13: step13_plan_evaluated,
}


def timeline_items(case: Any) -> list[TimelineItem]:
    """A handful of queries, independent of how much the case holds (each is capped)."""
    items: list[TimelineItem] = []
    kw = {"case_code": case.code}
    for mapping in Mapping.objects.filter(case=case).order_by("-date")[:20]:
        items.append(
            TimelineItem(
                when=mapping.date,
                kind="safetyplans.map",
                title=_("Safety map"),
                detail=mapping.get_source_display(),
                url=reverse("safety-map-detail", kwargs={**kw, "map_code": mapping.code}),
            )
        )
    for statement in DangerStatement.objects.filter(case=case, established_on__isnull=False).order_by(
        "-established_on"
    )[:20]:
        items.append(
            TimelineItem(
                when=statement.established_on,
                kind="safetyplans.statement",
                title=_("Danger statement established"),
                detail=statement.title,
                url=reverse("safety-statement-detail", kwargs={**kw, "code": statement.code}),
            )
        )
    for conversation in ChildConversation.objects.filter(case=case).select_related("child").order_by("-date")[:20]:
        items.append(
            TimelineItem(
                when=conversation.date,
                kind="safetyplans.child_conversation",
                title=_("Child conversation"),
                detail=conversation.child.first_name,
                url=reverse("safety-child-detail", kwargs={**kw, "code": conversation.code}),
            )
        )
    for story in WordsAndPictures.objects.filter(
        case=case, status__in=(StoryStatus.SHARED, StoryStatus.SUPERSEDED), shared_on__isnull=False
    ).order_by("-shared_on")[:10]:
        items.append(
            TimelineItem(
                when=story.shared_on,
                kind="safetyplans.words_pictures",
                title=_("Words & Pictures shared with the child"),
                detail=story.title,
                url=reverse("safety-story-detail", kwargs={**kw, "code": story.code}),
            )
        )
    from .models import Incident, PlanReview, SafetyPlan

    for plan in SafetyPlan.objects.filter(case=case, finalised_on__isnull=False).order_by("-finalised_on")[:20]:
        items.append(
            TimelineItem(
                when=plan.finalised_on,
                kind="safetyplans.plan",
                title=_("Safety plan definitive"),
                detail=f"v{plan.label}",
                url=reverse("safety-plan-detail", kwargs={**kw, "code": plan.code}),
            )
        )
    for review in PlanReview.objects.filter(plan__case=case).select_related("plan").order_by("-reviewed_on")[:20]:
        items.append(
            TimelineItem(
                when=review.reviewed_on,
                kind="safetyplans.plan_review",
                title=_("Safety plan checked with the youth judge or GV"),
                detail=review.get_result_display(),
                url=reverse("safety-plan-detail", kwargs={**kw, "code": review.plan.code}),
            )
        )
    for incident in Incident.objects.filter(case=case).order_by("-occurred_on")[:20]:
        items.append(
            TimelineItem(
                when=incident.occurred_on,
                kind="safetyplans.incident",
                title=_("Incident (bottom line breached)") if incident.bottom_line_breached else _("Incident"),
                url=reverse("safety-monitoring", kwargs=kw),
            )
        )
    for dialogue in RiskAssessment.objects.filter(case=case).order_by("-date")[:10]:
        items.append(
            TimelineItem(
                when=dialogue.date,
                kind="safetyplans.risk_dialogue",
                title=_("Risk dialogue"),
                url=reverse("safety-risk-detail", kwargs={**kw, "code": dialogue.code}),
            )
        )
    return items
