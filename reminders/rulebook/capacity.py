"""Rules on the capacity app: free places (DOMAIN §7 R-FREEPLACE-*), for the coördinator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import Candidate, Rule, SweepContext, register

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
class FreePlaceDueRule(CapacityRule):
    """R-FREEPLACE-DUE: a case's planned end is two weeks away and no free place was declared for it."""

    code = "R-FREEPLACE-DUE"
    title = _("Declare the free place")
    default_days = 14

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef

        from capacity.models import CapacityDeclaration
        from cases.models import OPEN_STATUSES, Case

        declared = CapacityDeclaration.objects.filter(source_case=OuterRef("pk")).exclude(status__in=NOT_DECLARED)
        cases = (
            Case.objects.filter(status__in=OPEN_STATUSES, planned_end__isnull=False)
            .annotate(declared=Exists(declared))
            .filter(declared=False)
        )
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.planned_end - timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=due_on,
                assignees=ctx.staff(case.team_id, Role.COORDINATOR),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                detail=case.planned_end.strftime("%d/%m/%Y"),
                url=("capacity-declare", {}),
            )

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
class FreePlaceUnfilledRule(CapacityRule):
    """R-FREEPLACE-UNFILLED: a declared place still unused a week after it became available."""

    code = "R-FREEPLACE-UNFILLED"
    title = _("A declared free place is still unused")
    default_days = 7

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from capacity.models import DeclaredPlace

        places = (
            DeclaredPlace.objects.filter(status="declared")
            .exclude(declaration__status="withdrawn")
            .select_related("declaration__pool")
        )
        for place in places:
            team_id = place.declaration.pool.team_id
            if not ctx.enabled(self, team_id):
                continue
            due_on = place.declaration.available_from + timedelta(days=ctx.days(self, team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=place,
                case=None,
                due_on=due_on,
                assignees=ctx.staff(team_id, Role.COORDINATOR),
                severity=Severity.WARNING,
                team_id=team_id,
                url=("capacity-declaration", {"code": place.declaration.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status != "declared" or obj.declaration.status == "withdrawn"
