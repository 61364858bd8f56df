"""Reads of the network app. The case gate is `cases.selectors.get_case_for`; everything here takes a case
that has already passed it. Each selector runs a constant number of queries.

Other apps use:
- `network_members_for_case(case)` — the members, with person and supported persons loaded;
- `proposed_solutions_for_case(case)` — proposals from network meetings (step 9 → draft agreements);
- `jim_for_child(case, child)` — the current JIM designation of a child, or None;
- `register_goal_links(fn)` — let the safety-plan app say which member helps with which goal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Case, FamilyRole, Person

from .models import (
    PRESENT_STATUSES,
    AttendanceRole,
    CircleRing,
    Influence,
    JimCandidate,
    JimDesignation,
    JimPresence,
    JimSearch,
    JimSearchStatus,
    MeetingAttendance,
    MeetingStatus,
    NetworkAction,
    NetworkAnalysis,
    NetworkMeeting,
    NetworkMember,
    ProposedSolution,
    RelationQuality,
    Relationship,
    jim_overdue_days,
)


def network_members_for_case(case: Case) -> QuerySet[NetworkMember]:
    """All network members of `case`, with their person and the persons they support."""
    return (
        NetworkMember.objects.filter(case=case)
        .select_related("person")
        .prefetch_related(Prefetch("supports", queryset=Person.objects.order_by("first_name")))
        # Informal network first: they stay when the professionals leave.
        .order_by("-network_type", "person__first_name", "person__last_name")
    )


def member_for_case(case: Case, code: Any) -> NetworkMember:
    return get_object_or_404(NetworkMember.objects.select_related("person"), case=case, code=code)


def case_persons(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(case=case).order_by("-is_index_child", "birth_date", "first_name")


def genogram_persons(case: Case) -> QuerySet[Person]:
    return case_persons(case).select_related("network_member")


def case_children(case: Case) -> list[Person]:
    return list(Person.objects.filter(case=case, family_role=FamilyRole.CHILD).order_by("birth_date", "first_name"))


def relationships_for_case(case: Case) -> QuerySet[Relationship]:
    return Relationship.objects.filter(case=case).select_related("from_person", "to_person").order_by("created_at")


def proposed_solutions_for_case(case: Case) -> QuerySet[ProposedSolution]:
    """Proposals made at the case's network meetings, oldest meeting first (step 9)."""
    return (
        ProposedSolution.objects.filter(case=case)
        .select_related("meeting", "proposed_by")
        .order_by("meeting__date", "number")
    )


def meetings_for_case(case: Case) -> QuerySet[NetworkMeeting]:
    return (
        NetworkMeeting.objects.filter(case=case)
        .select_related("facilitator", "child_voice_by")
        .prefetch_related(Prefetch("attendances", queryset=MeetingAttendance.objects.select_related("person")))
        .order_by("date", "number")
    )


def meeting_for_case(case: Case, code: Any) -> NetworkMeeting:
    return get_object_or_404(meetings_for_case(case), code=code)


def solution_for_case(case: Case, code: Any) -> ProposedSolution:
    return get_object_or_404(ProposedSolution.objects.select_related("meeting", "proposed_by"), case=case, code=code)


def meeting_solutions(meeting: NetworkMeeting) -> QuerySet[ProposedSolution]:
    return meeting.solutions.select_related("proposed_by").order_by("number")


def held_meetings(case: Case) -> QuerySet[NetworkMeeting]:
    return NetworkMeeting.objects.filter(case=case, status=MeetingStatus.HELD)


def analyses_for_case(case: Case) -> QuerySet[NetworkAnalysis]:
    return NetworkAnalysis.objects.filter(case=case).order_by("-date", "-created_at")


# --- JIM ----------------------------------------------------------------------------------------


def jim_for_child(case: Case, child: Person) -> JimDesignation | None:
    return (
        JimDesignation.objects.filter(case=case, child=child, ended_on__isnull=True)
        .select_related("jim__person")
        .order_by("-designated_on")
        .first()
    )


@dataclass
class ChildJim:
    """What the case page and the JIM page show for one child."""

    child: Person
    search: JimSearch | None
    candidates: list[JimCandidate] = field(default_factory=list)
    designation: JimDesignation | None = None
    days: int | None = None
    overdue: bool = False
    age: int | None = None


def jim_searches_for_case(case: Case) -> list[JimSearch]:
    """The case's JIM searches with their child, candidates and every designation (current and ended,
    newest first): three queries, whatever their number."""
    return list(
        JimSearch.objects.filter(case=case)
        .select_related("child")
        .prefetch_related(
            Prefetch(
                "candidates",
                queryset=JimCandidate.objects.select_related("member__person", "named_by").order_by("rank"),
            ),
            Prefetch("designations", queryset=JimDesignation.objects.select_related("jim__person", "child")),
        )
    )


def children_among(persons: list[Person]) -> list[Person]:
    """`case_children` from persons already read: the children, youngest last (birth date, then name)."""
    children = [p for p in persons if p.family_role == FamilyRole.CHILD]
    return sorted(children, key=lambda p: (p.birth_date is None, p.birth_date or date.min, p.first_name))


def jim_overview(
    case: Case,
    today: date | None = None,
    *,
    searches: list[JimSearch] | None = None,
    children: list[Person] | None = None,
) -> list[ChildJim]:
    """Per child: the search, its candidates, the current JIM, and whether the search is overdue
    (no JIM after `COCON_JIM_OVERDUE_DAYS`, default 35 — R-JIM-OVERDUE).

    The case page passes the searches and children it has already read."""
    today = today or timezone.localdate()
    limit = jim_overdue_days()
    by_child = {s.child_id: s for s in (jim_searches_for_case(case) if searches is None else searches)}
    result = []
    for child in case_children(case) if children is None else children:
        search = by_child.get(child.pk)
        item = ChildJim(child=child, search=search, age=child.age_on(today))
        if search is not None:
            item.candidates = list(search.candidates.all())
            designations = [d for d in search.designations.all() if d.ended_on is None]
            item.designation = designations[0] if designations else None
            item.days = search.days_open(today)
            # Day 35 itself is overdue: in the demo the flag went off on Milan's 35th day (DOMAIN §10.4).
            item.overdue = item.designation is None and item.days is not None and item.days >= limit
        else:
            start = case.started_on
            item.overdue = bool(start and (today - start).days >= limit)
        result.append(item)
    return result


def case_has_jim_overdue(case: Case, today: date | None = None) -> bool:
    return any(item.overdue for item in jim_overview(case, today))


def jim_presence_for_case(case: Case) -> list[dict[str, Any]]:
    """Where the JIMs were: network meetings (from the attendance) and what other apps recorded."""
    rows: list[dict[str, Any]] = []
    designations = list(JimDesignation.objects.filter(case=case).select_related("jim__person", "child"))
    jim_people = {d.jim.person_id: d for d in designations}
    # The JIMs as a subquery, not as the list above: an empty list would skip the query and make the page's
    # query count depend on whether a JIM was designated yet.
    jim_persons = JimDesignation.objects.filter(case=case).values("jim__person_id")
    for att in MeetingAttendance.objects.filter(meeting__case=case, person_id__in=jim_persons).select_related(
        "meeting"
    ):
        designation = jim_people[att.person_id]
        if att.meeting.date < designation.designated_on:
            continue  # not yet the JIM at that meeting
        rows.append(
            {
                "designation": designation,
                "context": "network_meeting",
                "label": str(att.meeting),
                "on": att.meeting.date,
                "present": att.status in PRESENT_STATUSES,
                "as_jim": att.role == AttendanceRole.JIM,
            }
        )
    for presence in JimPresence.objects.filter(designation__case=case).select_related("designation"):
        rows.append(
            {
                "designation": presence.designation,
                "context": presence.context,
                "label": presence.get_context_display(),
                "on": presence.on,
                "present": presence.present,
                "as_jim": True,
            }
        )
    rows.sort(key=lambda r: r["on"])
    return rows


def jims_missing_from_meeting(meeting: NetworkMeeting) -> list[JimDesignation]:
    """Current JIMs who are not on the meeting's list (R-JIM-MEETING: the JIM belongs at the table)."""
    listed = {a.person_id for a in meeting.attendances.all()}
    designations = JimDesignation.objects.filter(
        case_id=meeting.case_id, ended_on__isnull=True, designated_on__lte=meeting.date
    ).select_related("jim__person", "child")
    return [d for d in designations if d.jim.person_id not in listed]


def current_jim_member_ids(case: Case) -> set[int]:
    return set(JimDesignation.objects.filter(case=case, ended_on__isnull=True).values_list("jim_id", flat=True))


# --- Analysis -----------------------------------------------------------------------------------

GoalLinks = Callable[[Case], dict[int, list[str]]]
_GOAL_LINK_PROVIDERS: list[GoalLinks] = []


def register_goal_links(fn: GoalLinks) -> None:
    """The safety-plan app registers `fn(case) -> {network_member_id: [goal label, …]}` once goals exist."""
    if fn not in _GOAL_LINK_PROVIDERS:
        _GOAL_LINK_PROVIDERS.append(fn)


def goal_links_for_case(case: Case) -> dict[int, list[str]] | None:
    """None when no app provides goals yet (the page then says so)."""
    if not _GOAL_LINK_PROVIDERS:
        return None
    links: dict[int, list[str]] = {}
    for fn in _GOAL_LINK_PROVIDERS:
        for member_id, goals in fn(case).items():
            links.setdefault(member_id, []).extend(goals)
    return links


@dataclass
class NetworkAnalysisView:
    members: list[NetworkMember]
    supporters_of: list[tuple[Person, list[NetworkMember]]]
    activate_now: list[NetworkMember]
    needs_repair: list[NetworkMember]
    strained_relations: list[Relationship]
    goal_rows: list[tuple[NetworkMember, list[str]]] | None
    inner_count: int


def network_analysis_for(case: Case) -> NetworkAnalysisView:
    """Who supports whom; who can be activated now; which relations need repair; who helps with which goal."""
    members = list(network_members_for_case(case))
    household = [p for p in case_persons(case) if p.is_household]
    supporters_of = []
    for person in household:
        helpers = [m for m in members if any(s.pk == person.pk for s in m.supports.all())]
        supporters_of.append((person, helpers))
    activate_now = [
        m
        for m in members
        if m.action in (NetworkAction.USE, NetworkAction.TAP)
        and m.influence != Influence.NEGATIVE
        and m.circle_ring != CircleRing.EXCLUDED
    ]
    needs_repair = [
        m
        for m in members
        if m.action in (NetworkAction.RESTORE, NetworkAction.STEER)
        or m.influence in (Influence.NEGATIVE, Influence.AMBIVALENT)
    ]
    strained = [
        r
        for r in relationships_for_case(case)
        if r.quality in (RelationQuality.CONFLICT, RelationQuality.CUT_OFF, RelationQuality.VIOLENT)
    ]
    links = goal_links_for_case(case)
    goal_rows = None if links is None else [(m, links.get(m.pk, [])) for m in members]
    return NetworkAnalysisView(
        members=members,
        supporters_of=supporters_of,
        activate_now=activate_now,
        needs_repair=needs_repair,
        strained_relations=strained,
        goal_rows=goal_rows,
        inner_count=sum(1 for m in members if m.circle_ring == CircleRing.INNER),
    )


def search_for_case(case: Case, code: Any) -> JimSearch:
    return get_object_or_404(JimSearch.objects.select_related("child"), case=case, code=code)


def candidate_for_case(case: Case, code: Any) -> JimCandidate:
    return get_object_or_404(
        JimCandidate.objects.select_related("search__child", "member__person"), search__case=case, code=code
    )


def open_search_statuses() -> tuple[str, ...]:
    return (JimSearchStatus.OPEN, JimSearchStatus.CANDIDATE_ASKED, JimSearchStatus.PAUSED)
