"""Rules on the network app: the JIM search and the network meetings (DOMAIN §7)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import CASE_FIELDS, Rule, SweepContext, case_workers, children_q, register
from .rows import BEFORE, WORKERS, PerCaseRule, PerRowRule


def _has_network() -> bool:
    try:
        from network.models import JimSearch, NetworkMeeting  # noqa: F401
    except ImportError:
        return False
    return True


# A JIM search still looking for its JIM.
OPEN_SEARCH = ("open", "candidate_asked")


class NetworkRule(Rule):
    def available(self) -> bool:
        return _has_network()


@register
class JimStartRule(NetworkRule, PerRowRule):
    """R-JIM-START: a child of a running case without a JIM search, on day 1–2."""

    code = "R-JIM-START"
    title = _("Start the JIM search for a child")
    default_days = 2
    since_field = "case.started_on"
    notify_after = 1
    url_name = "network-jim"

    def rows(self, today: date) -> Iterable[Any]:
        from cases.models import OPEN_STATUSES, Person

        return (
            Person.objects.filter(children_q(), case__status__in=OPEN_STATUSES, case__started_on__isnull=False)
            .filter(jim_search__isnull=True)
            .select_related("case")
        )

    def is_resolved(self, obj: Any) -> bool:
        from network.models import JimSearch

        return JimSearch.objects.filter(child=obj).exists() or not obj.case.is_open


def _open_searches() -> Any:
    from cases.models import OPEN_STATUSES
    from network.models import JimSearch

    return JimSearch.objects.filter(status__in=OPEN_SEARCH, case__status__in=OPEN_STATUSES).select_related("case")


@register
class JimNoCandidateRule(NetworkRule, PerRowRule):
    """R-JIM-NOCANDIDATE: an open JIM search without any candidate after 14 days."""

    code = "R-JIM-NOCANDIDATE"
    title = _("Name a JIM candidate: the search has none yet")
    default_days = 14
    since_field = "opened_on"
    overdue_severity = Severity.WARNING
    url_name = "network-jim"

    def rows(self, today: date) -> Iterable[Any]:
        return _open_searches().filter(candidates__isnull=True)

    def is_resolved(self, obj: Any) -> bool:
        return obj.candidates.exists() or obj.status not in OPEN_SEARCH


@register
class JimOverdueRule(NetworkRule, PerRowRule):
    """R-JIM-OVERDUE: no JIM designated 35 days after the search began → the worker and the werkbegeleider."""

    code = "R-JIM-OVERDUE"
    title = _("No JIM designated yet")
    default_days = 35
    since_field = "opened_on"
    severity = overdue_severity = Severity.OVERDUE
    to = (WORKERS, Role.SUPERVISOR)
    url_name = "network-jim"

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Exists, OuterRef

        from network.models import JimDesignation

        active = JimDesignation.objects.filter(search=OuterRef("pk"), ended_on__isnull=True)
        return _open_searches().annotate(designated=Exists(active)).filter(designated=False)

    def is_resolved(self, obj: Any) -> bool:
        return obj.status not in OPEN_SEARCH or obj.designations.filter(ended_on__isnull=True).exists()


@register
class JimMeetingRule(NetworkRule, PerRowRule):
    """R-JIM-MEETING: a planned network meeting a week away, and a designated JIM is not invited."""

    code = "R-JIM-MEETING"
    title = _("Invite the JIM to the network meeting")
    default_days = 7
    since_field = "date"
    count = BEFORE
    planned_ahead = True
    overdue_severity = Severity.WARNING
    detail_format = "NB{row.number}"

    def rows(self, today: date) -> Iterator[Any]:
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
            wanted = jims.get(meeting.case.pk)
            if wanted and not wanted <= {a.person_id for a in meeting.attendances.all() if a.invited}:
                yield meeting

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("network-meeting", {"case_code": case.code, "meeting_code": row.code})

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
class FirstNetworkMeetingRule(NetworkRule, PerCaseRule):
    """R-NM1: no network meeting held 28 days after the start → the worker and the werkbegeleider."""

    code = "R-NM1"
    title = _("Hold the first network meeting")
    default_days = 28
    since_field = "started_on"
    warn_before = 7
    url_name = "network-meetings"

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Exists, OuterRef

        from cases.models import OPEN_STATUSES, Case
        from network.models import NetworkMeeting

        held = NetworkMeeting.objects.filter(case=OuterRef("pk"), status="held")
        return (
            Case.objects.filter(status__in=OPEN_STATUSES, started_on__isnull=False)
            .annotate(held=Exists(held))
            .filter(held=False)
            .only(*CASE_FIELDS)
        )

    def assess(
        self, ctx: SweepContext, *, row: Any, case: Any, team_id: int | None, due_on: date, today: date
    ) -> tuple[str, list[Any]]:
        # Overdue from the due date itself, and the werkbegeleider joins then.
        if today >= due_on:
            return Severity.OVERDUE, case_workers(case, ctx) + ctx.staff(team_id, Role.SUPERVISOR)
        return Severity.WARNING, case_workers(case, ctx)

    def is_resolved(self, obj: Any) -> bool:
        from network.models import NetworkMeeting

        return not obj.is_open or NetworkMeeting.objects.filter(case=obj, status="held").exists()
