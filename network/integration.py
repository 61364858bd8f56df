"""What the network app contributes to the case page, the trajectory and the timeline (cases' registries).

`cases` never imports this app; we register ourselves from NetworkConfig.ready().
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.panels import CasePanel, register_case_panel
from cases.timeline import TimelineItem, register_timeline_source
from cases.trajectory import register_step_evidence

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


def _jim_panel(request: HttpRequest, case: Any) -> dict[str, Any]:
    from .selectors import jim_overview

    return {"items": jim_overview(case)}


def _network_panel(request: HttpRequest, case: Any) -> dict[str, Any]:
    members = NetworkMember.objects.filter(case=case)
    last = NetworkMeeting.objects.filter(case=case, status=MeetingStatus.HELD).order_by("-date").first()
    return {
        "member_count": members.count(),
        "inner_count": members.filter(circle_ring=CircleRing.INNER).count(),
        "last_meeting": last,
    }


def step1_jim_search(case: Any) -> date | bool:
    """Step 1 records that the JIM search was opened (seed: from day one)."""
    first = JimSearch.objects.filter(case=case).aggregate(d=Min("opened_on"))["d"]
    return first or False


def step2_network_mapped(case: Any) -> date | bool:
    """Step 2: the network is mapped — members placed in the circle and a genogram with relations."""
    members = NetworkMember.objects.filter(case=case).exclude(circle_ring="")
    if not members.exists() or not Relationship.objects.filter(case=case).exists():
        return False
    latest = max(
        members.order_by("-created_at").values_list("created_at", flat=True).first(),
        Relationship.objects.filter(case=case).order_by("-created_at").values_list("created_at", flat=True).first(),
    )
    return latest.date()


def step7_meeting_held(case: Any) -> date | bool:
    first = (
        NetworkMeeting.objects.filter(case=case, status=MeetingStatus.HELD)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    return first or False


def step9_solutions_discussed(case: Any) -> date | bool:
    """Step 9: the proposals of the network meetings were discussed (a decision is recorded)."""
    decided = (
        ProposedSolution.objects.filter(case=case)
        .exclude(decision=SolutionDecision.OPEN)
        .order_by("updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    return timezone.localdate(decided) if decided else False


def timeline_items(case: Any) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for meeting in NetworkMeeting.objects.filter(case=case).exclude(status=MeetingStatus.CANCELLED):
        title = (
            _("Network meeting %(n)s (held)")
            if meeting.status == MeetingStatus.HELD
            else _("Network meeting %(n)s (planned)")
        )
        items.append(
            TimelineItem(
                when=meeting.date,
                kind="network.meeting",
                title=title % {"n": meeting},
                detail=meeting.location,
                url=reverse("network-meeting", kwargs={"case_code": case.code, "meeting_code": meeting.code}),
            )
        )
    jim_url = reverse("network-jim", kwargs={"case_code": case.code})
    for search in JimSearch.objects.filter(case=case).select_related("child"):
        items.append(
            TimelineItem(
                when=search.opened_on,
                kind="network.jim_search",
                title=_("JIM search started for %(child)s") % {"child": search.child.first_name},
                url=jim_url,
            )
        )
    for designation in JimDesignation.objects.filter(case=case).select_related("child", "jim__person"):
        items.append(
            TimelineItem(
                when=designation.designated_on,
                kind="network.jim_designated",
                title=_("%(jim)s designated as JIM of %(child)s")
                % {"jim": designation.jim.person, "child": designation.child.first_name},
                url=jim_url,
            )
        )
    analysis_url = reverse("network-analysis", kwargs={"case_code": case.code})
    for analysis in NetworkAnalysis.objects.filter(case=case):
        items.append(
            TimelineItem(when=analysis.date, kind="network.analysis", title=_("Network analysis"), url=analysis_url)
        )
    return items


def register() -> None:
    register_case_panel(
        CasePanel(key="network.jim", template="network/panel_jim.html", context=_jim_panel, order=30, area="summary")
    )
    register_case_panel(
        CasePanel(key="network.network", template="network/panel_network.html", context=_network_panel, order=40)
    )
    register_step_evidence(1, step1_jim_search)
    register_step_evidence(2, step2_network_mapped)
    register_step_evidence(7, step7_meeting_held)
    register_step_evidence(9, step9_solutions_discussed)
    register_timeline_source(timeline_items)
