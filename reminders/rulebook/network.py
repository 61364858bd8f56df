"""Rules on the network app: the JIM search and the network meetings (DOMAIN §7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import CASE_FIELDS, Candidate, Rule, SweepContext, case_workers, register


def _has_network() -> bool:
    try:
        from network.models import JimSearch, NetworkMeeting  # noqa: F401
    except ImportError:
        return False
    return True


def _children_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}family_role": "child"}) | Q(**{f"{prefix}is_index_child": True})


class NetworkRule(Rule):
    def available(self) -> bool:
        return _has_network()


@register
class JimStartRule(NetworkRule):
    """R-JIM-START: a child of a running case without a JIM search, on day 1–2."""

    code = "R-JIM-START"
    title = _("Start the JIM search for a child")
    default_days = 2

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES, Person

        children = (
            Person.objects.filter(_children_q(), case__status__in=OPEN_STATUSES, case__started_on__isnull=False)
            .filter(jim_search__isnull=True)
            .select_related("case")
        )
        for child in children:
            case = child.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.started_on + timedelta(days=ctx.days(self, case.team_id))
            notify_on = case.started_on + timedelta(days=1)
            if today < notify_on:
                continue
            yield Candidate(
                obj=child,
                case=case,
                due_on=due_on,
                notify_on=notify_on,
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                url=("network-jim", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from network.models import JimSearch

        return JimSearch.objects.filter(child=obj).exists() or not obj.case.is_open


def _open_searches() -> Any:
    from cases.models import OPEN_STATUSES
    from network.models import JimSearch

    return JimSearch.objects.filter(
        status__in=["open", "candidate_asked"], case__status__in=OPEN_STATUSES
    ).select_related("case")


@register
class JimNoCandidateRule(NetworkRule):
    """R-JIM-NOCANDIDATE: an open JIM search without any candidate after 14 days."""

    code = "R-JIM-NOCANDIDATE"
    title = _("Name a JIM candidate: the search has none yet")
    default_days = 14

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        for search in _open_searches().filter(candidates__isnull=True):
            case = search.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = search.opened_on + timedelta(days=ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=search,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                url=("network-jim", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.candidates.exists() or obj.status not in ("open", "candidate_asked")


@register
class JimOverdueRule(NetworkRule):
    """R-JIM-OVERDUE: no JIM designated 35 days after the search began → the worker and the werkbegeleider."""

    code = "R-JIM-OVERDUE"
    title = _("No JIM designated yet")
    default_days = 35

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef

        from network.models import JimDesignation

        active = JimDesignation.objects.filter(search=OuterRef("pk"), ended_on__isnull=True)
        for search in _open_searches().annotate(designated=Exists(active)).filter(designated=False):
            case = search.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = search.opened_on + timedelta(days=ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=search,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx) + ctx.staff(case.team_id, Role.SUPERVISOR),
                severity=Severity.OVERDUE,
                team_id=case.team_id,
                url=("network-jim", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status not in ("open", "candidate_asked") or obj.designations.filter(ended_on__isnull=True).exists()


@register
class JimMeetingRule(NetworkRule):
    """R-JIM-MEETING: a planned network meeting a week away, and a designated JIM is not invited."""

    code = "R-JIM-MEETING"
    title = _("Invite the JIM to the network meeting")
    default_days = 7

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES
        from network.models import JimDesignation, NetworkMeeting

        meetings = list(
            NetworkMeeting.objects.filter(status="planned", date__gte=today, case__status__in=OPEN_STATUSES)
            .select_related("case")
            .prefetch_related("attendances")
        )
        if not meetings:
            return
        jims: dict[int, set[int]] = {}
        for case_id, person_id in JimDesignation.objects.filter(
            case_id__in={m.case_id for m in meetings}, ended_on__isnull=True
        ).values_list("case_id", "jim__person_id"):
            jims.setdefault(case_id, set()).add(person_id)
        for meeting in meetings:
            case = meeting.case
            wanted = jims.get(case.pk)
            if not wanted or not ctx.enabled(self, case.team_id):
                continue
            invited = {a.person_id for a in meeting.attendances.all() if a.invited}
            if wanted <= invited:
                continue
            due_on = meeting.date - timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=meeting,
                case=case,
                due_on=due_on,
                notify_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                detail=f"NB{meeting.number}",
                url=("network-meeting", {"case_code": case.code, "meeting_code": meeting.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from network.models import JimDesignation

        if obj.status != "planned":
            return True
        wanted = set(
            JimDesignation.objects.filter(case_id=obj.case_id, ended_on__isnull=True).values_list(
                "jim__person_id", flat=True
            )
        )
        invited = set(obj.attendances.filter(invited=True).values_list("person_id", flat=True))
        return wanted <= invited


@register
class FirstNetworkMeetingRule(NetworkRule):
    """R-NM1: no network meeting held 28 days after the start → the worker and the werkbegeleider."""

    code = "R-NM1"
    title = _("Hold the first network meeting")
    default_days = 28

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef

        from cases.models import OPEN_STATUSES, Case
        from network.models import NetworkMeeting

        held = NetworkMeeting.objects.filter(case=OuterRef("pk"), status="held")
        cases = (
            Case.objects.filter(status__in=OPEN_STATUSES, started_on__isnull=False)
            .annotate(held=Exists(held))
            .filter(held=False)
            .only(*CASE_FIELDS)
        )
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.started_on + timedelta(days=ctx.days(self, case.team_id))
            notify_on = due_on - timedelta(days=7)
            if today < notify_on:
                continue
            assignees = case_workers(case, ctx)
            if today >= due_on:
                assignees = assignees + ctx.staff(case.team_id, Role.SUPERVISOR)
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=notify_on,
                assignees=assignees,
                severity=Severity.OVERDUE if today >= due_on else Severity.WARNING,
                team_id=case.team_id,
                url=("network-meetings", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from network.models import NetworkMeeting

        return not obj.is_open or NetworkMeeting.objects.filter(case=obj, status="held").exists()
