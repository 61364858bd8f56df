"""The common shape of most rules: one candidate per row of a query, due some days after (or before) a date.

A rule on this shape states only what is particular to it: its rows, the date it counts from, when the
reminder shows, who gets it and the page it links to. The loop, the per-team switch and threshold, the
severity and the `Candidate` are written once, here; the unique key stays (rule, row, due date).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from operator import attrgetter
from typing import Any, ClassVar

from ..models import Severity
from . import Candidate, Rule, SweepContext, case_workers, working_days_after

# How the team's number of days counts from the row's date.
AFTER = "after"
BEFORE = "before"
WORKING_DAYS = "working days after"

# As `PerRowRule.detail_format`: the date counted from (the planned date, the planned end).
SINCE_DATE = "{since:%d/%m/%Y}"

# In `PerRowRule.to`, besides roles of the team's staff: the active context workers of the case.
WORKERS = "workers"


class PerRowRule(Rule):
    """One candidate per row of `rows()`, due `ctx.days` days after (or before) the row's `since_field`."""

    # The date counted from, as a dotted path from the row; several: the latest of them that is set.
    since_field: ClassVar[str | tuple[str, ...]] = ""
    count: ClassVar[str] = AFTER
    case_field: ClassVar[str] = "case"  # the row's case, as a dotted path from the row ("": the row is the case)

    # When the reminder is notified: `warn_before` days before the due date, or, where `notify_after` is set,
    # that many days after the date counted from. Before then the rule yields nothing, unless `planned_ahead`
    # (the reminder is listed as planned until it is notified).
    warn_before: ClassVar[int] = 0
    notify_after: ClassVar[int | None] = None
    planned_ahead: ClassVar[bool] = False

    severity: ClassVar[str] = Severity.WARNING  # until the due date ...
    overdue_severity: ClassVar[str] = Severity.OVERDUE  # ... and once it has passed
    to: ClassVar[tuple[str, ...]] = (WORKERS,)  # WORKERS and/or roles of the team's staff, in this order

    url_name: ClassVar[str] = ""  # reversed with the case's code (`url()` for other arguments)
    detail_format: ClassVar[str] = ""  # formatted with `row` and `since`: "v{row.label}", "{since:%d/%m/%Y}"

    def rows(self, today: date) -> Iterable[Any]:
        raise NotImplementedError

    def case_of(self, row: Any) -> Any:
        return attrgetter(self.case_field)(row) if self.case_field else row

    def team_of(self, row: Any, case: Any) -> int | None:
        return case.team_id

    def since(self, row: Any) -> date:
        if isinstance(self.since_field, str):
            return attrgetter(self.since_field)(row)
        return max(d for d in attrgetter(*self.since_field)(row) if d is not None)

    def due_on(self, row: Any, since: date, days: int) -> date:
        if self.count == BEFORE:
            return since - timedelta(days=days)
        if self.count == WORKING_DAYS:
            return working_days_after(since, days)
        return since + timedelta(days=days)

    def assignees(self, case: Any, team_id: int | None, ctx: SweepContext) -> list[Any]:
        people: list[Any] = []
        for who in self.to:
            people += case_workers(case, ctx) if who == WORKERS else ctx.staff(team_id, who)
        return people

    def assess(
        self, ctx: SweepContext, *, row: Any, case: Any, team_id: int | None, due_on: date, today: date
    ) -> tuple[str, list[Any]]:
        """The severity and who gets the reminder."""
        severity = self.overdue_severity if today > due_on else self.severity
        return severity, self.assignees(case, team_id, ctx)

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return (self.url_name, {"case_code": case.code})

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        for row in self.rows(today):
            case = self.case_of(row)
            team_id = self.team_of(row, case)
            if not ctx.enabled(self, team_id):
                continue
            since = self.since(row)
            due_on = self.due_on(row, since, ctx.days(self, team_id) if self.uses_days else 0)
            if self.notify_after is None:
                notify_on = due_on - timedelta(days=self.warn_before)
            else:
                notify_on = since + timedelta(days=self.notify_after)
            if today < notify_on and not self.planned_ahead:
                continue
            severity, assignees = self.assess(ctx, row=row, case=case, team_id=team_id, due_on=due_on, today=today)
            yield Candidate(
                obj=row,
                case=case,
                due_on=due_on,
                notify_on=notify_on,
                assignees=assignees,
                severity=severity,
                team_id=team_id,
                detail=self.detail_format.format(row=row, since=since) if self.detail_format else "",
                url=self.url(row, case),
            )


class PerCaseRule(PerRowRule):
    """A `PerRowRule` whose rows are cases: the case is the reminder's object."""

    case_field = ""
