"""Rules on the capacity app: free places (DOMAIN §7 R-FREEPLACE-*), for the coördinator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import Candidate, Rule, SweepContext, register
from .rows import BEFORE, SINCE_DATE, PerCaseRule, PerRowRule

# A declaration only counts once it went out: a planned one (drafted ahead) does not free the coördinator.
NOT_DECLARED = ("planned", "withdrawn")


def _has_capacity() -> bool:
    try:
        from capacity.models import CapacityDeclaration, DeclaredPlace  # noqa: F401
    except ImportError:
        return False
    return True


class CapacityRule(Rule):
    def available(self) -> bool:
        return _has_capacity()


@register
class FreePlaceDueRule(CapacityRule, PerCaseRule):
    """R-FREEPLACE-DUE: a case's planned end is two weeks away and no free place was declared for it."""

    code = "R-FREEPLACE-DUE"
    title = _("Declare the free place")
    default_days = 14
    since_field = "planned_end"
    count = BEFORE
    planned_ahead = True
    to = (Role.COORDINATOR,)
    detail_format = SINCE_DATE

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Exists, OuterRef

        from capacity.models import CapacityDeclaration
        from cases.models import OPEN_STATUSES, Case

        declared = CapacityDeclaration.objects.filter(source_case=OuterRef("pk")).exclude(status__in=NOT_DECLARED)
        return (
            Case.objects.filter(status__in=OPEN_STATUSES, planned_end__isnull=False)
            .annotate(declared=Exists(declared))
            .filter(declared=False)
        )

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("capacity-declare", {})

    def is_resolved(self, obj: Any) -> bool:
        from capacity.models import CapacityDeclaration

        return (
            not obj.is_open
            or obj.planned_end is None
            or CapacityDeclaration.objects.filter(source_case=obj).exclude(status__in=NOT_DECLARED).exists()
        )


@register
class FreePlaceWeeklyRule(CapacityRule):
    """R-FREEPLACE-WEEKLY: every Monday, the coördinator of a team with places checks its capacity.

    A team-level reminder (no case). It resolves when a declaration is made that week; last week's
    reminder resolves when the next Monday's one replaces it.
    """

    code = "R-FREEPLACE-WEEKLY"
    title = _("Weekly check of free places")
    uses_days = False

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from capacity.models import CapacityDeclaration, CapacityPool

        monday = today - timedelta(days=today.weekday())
        teams = {pool.team for pool in CapacityPool.objects.select_related("team")}
        declared = set(
            CapacityDeclaration.objects.filter(declared_on__gte=monday)
            .exclude(status__in=NOT_DECLARED)
            .values_list("pool__team_id", flat=True)
        )
        for team in teams:
            if team.pk in declared or not ctx.enabled(self, team.pk):
                continue
            coordinators = ctx.staff(team.pk, Role.COORDINATOR)
            if not coordinators:
                continue
            yield Candidate(
                obj=team,
                case=None,
                due_on=monday,
                assignees=coordinators,
                severity=Severity.INFO,
                team_id=team.pk,
                url=("capacity-overview", {}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        from capacity.models import CapacityDeclaration

        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday())
        return (
            CapacityDeclaration.objects.filter(pool__team=obj, declared_on__gte=monday)
            .exclude(status__in=NOT_DECLARED)
            .exists()
        )


@register
class FreePlaceUnfilledRule(CapacityRule, PerRowRule):
    """R-FREEPLACE-UNFILLED: a declared place still unused a week after it became available."""

    code = "R-FREEPLACE-UNFILLED"
    title = _("A declared free place is still unused")
    default_days = 7
    since_field = "declaration.available_from"
    overdue_severity = Severity.WARNING
    to = (Role.COORDINATOR,)

    def rows(self, today: date) -> Iterable[Any]:
        from capacity.models import DeclaredPlace

        return (
            DeclaredPlace.objects.filter(status="declared")
            .exclude(declaration__status="withdrawn")
            .select_related("declaration__pool")
        )

    def case_of(self, row: Any) -> Any:
        return None  # a team's place, not a case's

    def team_of(self, row: Any, case: Any) -> int | None:
        return row.declaration.pool.team_id

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("capacity-declaration", {"code": row.declaration.code})

    def is_resolved(self, obj: Any) -> bool:
        return obj.status != "declared" or obj.declaration.status == "withdrawn"
