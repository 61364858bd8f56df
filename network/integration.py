"""What the network app contributes to the case page, the trajectory and the timeline (cases' registries).

`cases` never imports this app; we register ourselves from NetworkConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import Count, DateTimeField, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.panels import CasePanel, register_case_panel, shared_read
from cases.selectors import case_persons_shared
from cases.timeline import TimelineItem, register_timeline_source, timeline_rows
from cases.trajectory import QueryEvidence, earliest, register_step_evidence

from .models import (
    CircleRing,
    JimDesignation,
    JimSearch,
    MeetingStatus,
    NetworkAnalysis,
    NetworkMeeting,
    NetworkMember,
    ProposedSolution,
    Relationship,
    SolutionDecision,
)

# The case page: the panels and the timeline read the JIM searches and the meetings once (`shared_read`).


def _shared_searches(case: Any) -> list[JimSearch]:
    from .selectors import jim_searches_for_case

    return shared_read(case, "network.jim_searches", lambda: jim_searches_for_case(case))


def _shared_meetings(case: Any) -> list[NetworkMeeting]:
    """The meetings that were not cancelled (the timeline shows them; the panel names the last one held)."""
    return shared_read(
        case,
        "network.meetings",
        lambda: list(NetworkMeeting.objects.filter(case=case).exclude(status=MeetingStatus.CANCELLED)),
    )


def _jim_panel(request: HttpRequest, case: Any) -> dict[str, Any]:
    from .selectors import children_among, jim_overview

    children = children_among(case_persons_shared(case))
    return {"items": jim_overview(case, searches=_shared_searches(case), children=children)}


def _network_panel(request: HttpRequest, case: Any) -> dict[str, Any]:
    counts = NetworkMember.objects.filter(case=case).aggregate(
        members=Count("pk"), inner=Count("pk", filter=Q(circle_ring=CircleRing.INNER))
    )
    held = [m for m in _shared_meetings(case) if m.status == MeetingStatus.HELD]
    return {
        "member_count": counts["members"],
        "inner_count": counts["inner"],
        "last_meeting": max(held, key=lambda m: m.date, default=None),
    }


# Step evidence as SQL over the case (`OuterRef("pk")`): the case page asks all steps in one query.


def step1_jim_search() -> Any:
    """Step 1 records that the JIM search was opened (seed: from day one)."""
    return earliest(JimSearch.objects.filter(case=OuterRef("pk")), "opened_on")


def step2_network_mapped() -> Any:
    """Step 2: the network is mapped — members placed in the circle and a genogram with relations."""
    members = NetworkMember.objects.filter(case=OuterRef("pk")).exclude(circle_ring="")
    relations = Relationship.objects.filter(case=OuterRef("pk"))
    latest_member = Subquery(members.order_by("-created_at").values("created_at")[:1])
    latest_relation = Subquery(relations.order_by("-created_at").values("created_at")[:1])
    return SqlCase(
        When(Exists(members) & Exists(relations), then=Greatest(latest_member, latest_relation)),
        default=None,
        output_field=DateTimeField(),
    )


def step7_meeting_held() -> Any:
    return earliest(NetworkMeeting.objects.filter(case=OuterRef("pk"), status=MeetingStatus.HELD), "date")


def step9_solutions_discussed() -> Any:
    """Step 9: the proposals of the network meetings were discussed (a decision is recorded)."""
    return earliest(
        ProposedSolution.objects.filter(case=OuterRef("pk")).exclude(decision=SolutionDecision.OPEN), "updated_at"
    )


def timeline_items(case: Any) -> list[TimelineItem]:
    """Meetings, JIM searches, JIM designations and network analyses: one query (a UNION), whatever their number."""
    parts = [
        timeline_rows(
            NetworkMeeting.objects.filter(case=case).exclude(status=MeetingStatus.CANCELLED),
            "network.meeting",
            "date",
            texts=["number", "location", "status"],
        ),
        timeline_rows(
            JimSearch.objects.filter(case=case, opened_on__isnull=False),
            "network.jim_search",
            "opened_on",
            texts=["child__first_name"],
        ),
        timeline_rows(
            JimDesignation.objects.filter(case=case),
            "network.jim_designated",
            "designated_on",
            texts=["jim__person__first_name", "jim__person__last_name", "child__first_name"],
        ),
        timeline_rows(NetworkAnalysis.objects.filter(case=case), "network.analysis", "date"),
    ]
    jim_url = reverse("network-jim", kwargs={"case_code": case.code})
    analysis_url = reverse("network-analysis", kwargs={"case_code": case.code})
    items: list[TimelineItem] = []
    for row in parts[0].union(*parts[1:], all=True).order_by():
        kind, when, a, b, c = row["tl_kind"], row["tl_day"], row["tl_text0"], row["tl_text1"], row["tl_text2"]
        if kind == "network.meeting":
            title = (
                _("Network meeting %(n)s (held)") if c == MeetingStatus.HELD else _("Network meeting %(n)s (planned)")
            )
            url = reverse("network-meeting", kwargs={"case_code": case.code, "meeting_code": row["tl_code"]})
            items.append(
                TimelineItem(when=when, kind=kind, title=title % {"n": NetworkMeeting.label(a)}, detail=b, url=url)
            )
        elif kind == "network.jim_search":
            title = _("JIM search started for %(child)s") % {"child": a}
            items.append(TimelineItem(when=when, kind=kind, title=title, url=jim_url))
        elif kind == "network.jim_designated":
            title = _("%(jim)s designated as JIM of %(child)s") % {"jim": f"{a} {b}".strip(), "child": c}
            items.append(TimelineItem(when=when, kind=kind, title=title, url=jim_url))
        else:
            items.append(TimelineItem(when=when, kind=kind, title=_("Network analysis"), url=analysis_url))
    return items


def register() -> None:
    register_case_panel(
        CasePanel(key="network.jim", template="network/panel_jim.html", context=_jim_panel, order=30, area="summary")
    )
    register_case_panel(
        CasePanel(key="network.network", template="network/panel_network.html", context=_network_panel, order=40)
    )
    register_step_evidence(1, QueryEvidence(step1_jim_search))
    register_step_evidence(2, QueryEvidence(step2_network_mapped))
    register_step_evidence(7, QueryEvidence(step7_meeting_held))
    register_step_evidence(9, QueryEvidence(step9_solutions_discussed))
    register_timeline_source(timeline_items)
