"""Rules on safety plans, agreements, checks and incidents (DOMAIN §7).

Written against safetyplans/models/plans.py; a rule is swept only once its tables exist (the models may
land before their migration).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any, ClassVar, NamedTuple

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import Candidate, Rule, SweepContext, register
from .rows import BEFORE, WORKERS, WORKING_DAYS, PerRowRule

# Definitive plans that have not been replaced (as `safetyplans.selectors.current_plan` reads them).
IN_FORCE = ("final", "active", "evaluated")
_TABLES: set[str] = set()


def _plans_ready(*names: str) -> bool:
    try:
        import safetyplans.models as models
    except ImportError:
        return False
    wanted = [getattr(models, name, None) for name in names]
    if any(model is None for model in wanted):
        return False
    tables = {model._meta.db_table for model in wanted}
    if not tables <= _TABLES:
        from django.db import connection

        _TABLES.update(tables & set(connection.introspection.table_names()))
    return tables <= _TABLES


def _m(name: str) -> Any:
    import safetyplans.models as models

    return getattr(models, name)


class PlansRule(Rule):
    """A rule on the plans' models: swept once the tables of the models it `needs` exist."""

    needs: ClassVar[tuple[str, ...]] = ("SafetyPlan",)

    def available(self) -> bool:
        return _plans_ready(*self.needs)


class PlanRule(PlansRule, PerRowRule):
    """A rule on the safety plans of open cases: linked to the safety overview, the version as the detail."""

    url_name = "safety-overview"
    detail_format = "v{row.label}"

    def plans(self, today: date) -> Any:
        raise NotImplementedError

    def rows(self, today: date) -> Iterable[Any]:
        return (plan for plan in self.plans(today).select_related("case") if plan.case.is_open)


def _current_plan_ids(case_ids: Any = None) -> set[int]:
    """The plan in force per open case: the newest definitive version, of either kind.

    The immediate-safety agreements (step 1) stay "active" when the main plan is made definitive; like
    the plan page (`current_plan`), the reminders follow the newest definitive plan only, so the
    step-1 agreements stop asking for checks once the safety plan takes over.
    """
    from cases.models import OPEN_STATUSES

    plans = _m("SafetyPlan").objects.filter(status__in=IN_FORCE, case__status__in=OPEN_STATUSES)
    if case_ids is not None:
        plans = plans.filter(case_id__in=case_ids)
    newest: dict[int, tuple[Any, Any, int]] = {}
    for pk, case_id, finalised_on, created_at in plans.values_list("id", "case_id", "finalised_on", "created_at"):
        key = (finalised_on or date.min, created_at, pk)
        if case_id not in newest or key > newest[case_id]:
            newest[case_id] = key
    return {key[2] for key in newest.values()}


def _series_checks(**filters: Any) -> dict[Any, tuple[date, date]]:
    """(first, last) check date per agreement series: the checks of the same agreement in earlier plan
    versions count, so a new version does not reset the monitoring (as on the plan page)."""
    from django.db.models import Max, Min

    return {
        row["agreement__series"]: (row["first"], row["last"])
        for row in _m("AgreementCheck")
        .objects.filter(**filters)
        .values("agreement__series")
        .annotate(first=Min("checked_on"), last=Max("checked_on"))
        .order_by()
    }


def next_check_on(frequency: str, start: date | None, first: date | None, last: date | None) -> date | None:
    """When the next check of an agreement is due, as the plan page computes it: monthly checks keep the
    day of the month of the first check; "once" is due at the start; the others every N days."""
    from safetyplans.models.plans import CHECK_INTERVAL_DAYS, Frequency
    from safetyplans.selectors import _next_monthly

    if frequency == Frequency.ONCE:
        return start if last is None else None
    if start is None and last is None:
        return None
    if frequency == Frequency.MONTHLY:
        return _next_monthly(first or start, last)
    interval = CHECK_INTERVAL_DAYS.get(frequency)
    if not interval:
        return None
    return (last or start) + timedelta(days=interval)


class AgreementInForce(NamedTuple):
    """An agreement of a plan in force, as plain values: the check rules read every one every minute."""

    pk: int
    series: Any
    number: int
    frequency: str  # its own check frequency, else the agreement's
    start: date | None  # the plan's start of validity, else the day it was made definitive
    monitor_network_id: int | None
    case_id: int
    case_code: Any
    team_id: int | None
    workers: tuple[int | None, int | None]


def _agreements_in_force(today: date, **filters: Any) -> Iterator[AgreementInForce]:
    """The active agreements, not paused today, of the plan in force of every open case."""
    from django.db.models import Q

    from cases.models import OPEN_STATUSES

    current = _current_plan_ids()
    rows = (
        _m("Agreement")
        .objects.filter(status="active", plan__status__in=IN_FORCE, plan__case__status__in=OPEN_STATUSES, **filters)
        .filter(Q(paused_until__isnull=True) | Q(paused_until__lte=today))
        .values_list(
            "id",
            "plan_id",
            "series",
            "number",
            "frequency",
            "check_frequency",
            "plan__valid_from",
            "plan__finalised_on",
            "monitor_network_id",
            "plan__case_id",
            "plan__case__code",
            "plan__case__team_id",
            "plan__case__lead_worker_id",
            "plan__case__co_worker_id",
        )
        .iterator(chunk_size=5000)
    )
    for pk, plan_id, series, number, frequency, check_frequency, valid_from, finalised_on, *rest in rows:
        if plan_id in current:
            monitor, case_id, code, team_id, lead, co = rest
            start = valid_from or finalised_on
            yield AgreementInForce(
                pk, series, number, check_frequency or frequency, start, monitor, case_id, code, team_id, (lead, co)
            )


def _agreement_candidate(
    agreement: AgreementInForce, ctx: SweepContext, *, due_on: date, severity: str, notify_on: date | None = None
) -> Candidate:
    active = ctx.active_ids()
    return Candidate(
        obj=None,
        obj_type="safetyplans.agreement",
        obj_id=agreement.pk,
        case=None,
        case_id=agreement.case_id,
        due_on=due_on,
        notify_on=notify_on,
        assignees=[uid for uid in agreement.workers if uid is not None and uid in active],
        severity=severity,
        team_id=agreement.team_id,
        detail=f"A{agreement.number}",
        url=("safety-overview", {"case_code": agreement.case_code}),
    )


def _out_of_force(agreement: Any, today: date) -> bool:
    """Whether an agreement (a model instance) no longer asks for checks: stopped, paused or replaced."""
    return (
        agreement.status != "active"
        or bool(agreement.paused_until and agreement.paused_until > today)
        or agreement.plan_id not in _current_plan_ids([agreement.plan.case_id])
    )


@register
class CheckDueRule(PlansRule):
    """R-CHECK-DUE: an agreement of the plan in force is due for its check (per its frequency); overdue +2 d.

    The due date is the one the plan page shows (`safetyplans.selectors.agreement_checks_due`): the last
    check of the agreement in any version, monthly on the day of the month of the first check, nothing
    while the agreement is paused.
    """

    code = "R-CHECK-DUE"
    title = _("Follow up on an agreement")
    default_days = 2  # overdue this many days after the due date
    needs = ("SafetyPlan", "Agreement", "AgreementCheck")

    @staticmethod
    def heads_up(interval: int) -> int:
        """Shown ahead of the due date: a weekly check is part of the weekly visit, the day before is
        enough; a fortnightly or monthly one (a call to the school, the GP) needs a few days to arrange."""
        return 1 if interval <= 7 else min(4, interval // 3)

    def notify_on(self, frequency: str, due_on: date) -> date:
        from safetyplans.models.plans import CHECK_INTERVAL_DAYS

        return due_on - timedelta(days=self.heads_up(CHECK_INTERVAL_DAYS.get(frequency, 0)))

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES

        checks = _series_checks(agreement__plan__case__status__in=OPEN_STATUSES)
        for agreement in _agreements_in_force(today):
            if not ctx.enabled(self, agreement.team_id):
                continue
            first, last = checks.get(agreement.series, (None, None))
            due_on = next_check_on(agreement.frequency, agreement.start, first, last)
            if due_on is None:
                continue
            notify_on = self.notify_on(agreement.frequency, due_on)
            if today < notify_on:
                continue
            overdue = today > due_on + timedelta(days=ctx.days(self, agreement.team_id))
            severity = Severity.OVERDUE if overdue else (Severity.WARNING if today >= due_on else Severity.INFO)
            yield _agreement_candidate(agreement, ctx, due_on=due_on, notify_on=notify_on, severity=severity)

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        if _out_of_force(obj, today):
            return True
        frequency = obj.check_frequency or obj.frequency
        first, last = _series_checks(agreement__series=obj.series).get(obj.series, (None, None))
        due_on = next_check_on(frequency, obj.plan.valid_from or obj.plan.finalised_on, first, last)
        return due_on is None or today < self.notify_on(frequency, due_on)


@register
class PlanExpiryRule(PlanRule):
    """R-PLAN-EXPIRY: a plan in force runs out in 14 days (planned until then)."""

    code = "R-PLAN-EXPIRY"
    title = _("The safety plan expires soon")
    default_days = 14
    since_field = "valid_until"
    count = BEFORE
    planned_ahead = True
    detail_format = "v{row.label} · {since:%d/%m/%Y}"

    def plans(self, today: date) -> Any:
        from cases.models import OPEN_STATUSES

        return _m("SafetyPlan").objects.filter(
            status__in=IN_FORCE, valid_until__isnull=False, case__status__in=OPEN_STATUSES
        )

    def assess(
        self, ctx: SweepContext, *, row: Any, case: Any, team_id: int | None, due_on: date, today: date
    ) -> tuple[str, list[Any]]:
        # Overdue once the plan has run out, not once the reminder is due.
        return Severity.OVERDUE if today > row.valid_until else Severity.WARNING, self.assignees(case, team_id, ctx)

    def is_resolved(self, obj: Any) -> bool:
        return obj.status not in IN_FORCE or obj.valid_until is None or not obj.case.is_open


@register
class BottomLineRule(PlansRule, PerRowRule):
    """R-BOTTOMLINE: an incident breached a bottom line — the same day, to the worker, coördinator and
    consultant, until the escalation is recorded as handled."""

    code = "R-BOTTOMLINE"
    title = _("A bottom line was not met")
    uses_days = False
    needs = ("Incident",)
    since_field = "occurred_on"
    planned_ahead = True
    severity = overdue_severity = Severity.ESCALATION
    to = (WORKERS, Role.COORDINATOR)
    url_name = "safety-overview"

    def rows(self, today: date) -> Iterable[Any]:
        incidents = (
            _m("Incident")
            .objects.filter(bottom_line_breached=True, escalation_closed_on__isnull=True)
            .select_related("case")
        )
        return (incident for incident in incidents if incident.case.is_open)

    def assignees(self, case: Any, team_id: int | None, ctx: SweepContext) -> list[Any]:
        assignees = super().assignees(case, team_id, ctx)
        if case.consultant_id and case.consultant_id in ctx.active_ids():
            assignees.append(case.consultant_id)
        return assignees

    def is_resolved(self, obj: Any) -> bool:
        return obj.escalation_closed_on is not None or not obj.bottom_line_breached


@register
class IncidentReviewRule(PlansRule, PerRowRule):
    """R-INCIDENT-REVIEW: a check found an agreement not kept and the child unsafe — an extra contact or an
    evaluation within 48 hours (worker and werkbegeleider)."""

    code = "R-INCIDENT-REVIEW"
    title = _("Extra contact or evaluation after an unsafe check")
    default_days = 2
    needs = ("AgreementCheck",)
    case_field = "agreement.plan.case"
    since_field = "checked_on"
    notify_after = 0
    planned_ahead = True
    to = (WORKERS, Role.SUPERVISOR)
    url_name = "cases-contact-new"
    detail_format = "A{row.agreement.number}"

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Exists, OuterRef, Q, Value
        from django.db.models.functions import Coalesce

        from cases.models import OPEN_STATUSES, Contact, Evaluation

        case_ref = OuterRef("agreement__plan__case")
        # The visit at which the unsafe check was recorded (contact form, issue 5) is not its follow-up.
        followed = Exists(
            Contact.objects.filter(case=case_ref, date__gte=OuterRef("checked_on"))
            .exclude(type__in=["message", "consultant_sync"])
            .exclude(pk=Coalesce(OuterRef("contact_id"), Value(0)))
        ) | Exists(
            Evaluation.objects.filter(case=case_ref).filter(
                Q(held_on__gte=OuterRef("checked_on")) | Q(planned_on__gte=OuterRef("checked_on"))
            )
        )
        return (
            _m("AgreementCheck")
            .objects.filter(outcome="not_kept_unsafe", agreement__plan__case__status__in=OPEN_STATUSES)
            .exclude(followed)
            .select_related("agreement__plan__case")
        )

    def is_resolved(self, obj: Any) -> bool:
        from cases.models import Contact, Evaluation

        case = obj.agreement.plan.case
        return (
            Contact.objects.filter(case=case, date__gte=obj.checked_on)
            .exclude(type__in=["message", "consultant_sync"])
            .exclude(pk=obj.contact_id or 0)
            .exists()
            or Evaluation.objects.filter(case=case, held_on__gte=obj.checked_on).exists()
            or Evaluation.objects.filter(case=case, planned_on__gte=obj.checked_on).exists()
        )


@register
class PlanSignRule(PlanRule):
    """R-PLAN-SIGN: a definitive plan without the parents' signature a week after it was made definitive."""

    code = "R-PLAN-SIGN"
    title = _("Get the safety plan signed")
    default_days = 7
    needs = ("SafetyPlan", "PlanSignOff")
    since_field = "finalised_on"
    overdue_severity = Severity.WARNING

    def plans(self, today: date) -> Any:
        from django.db.models import Exists, OuterRef

        signed = _m("PlanSignOff").objects.filter(plan=OuterRef("pk"), signer_role="parent")
        return (
            _m("SafetyPlan")
            .objects.filter(status__in=IN_FORCE, kind="main", finalised_on__isnull=False)
            .annotate(signed=Exists(signed))
            .filter(signed=False)
        )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status not in IN_FORCE or obj.sign_offs.filter(signer_role="parent").exists()


@register
class PlanChildVersionRule(PlanRule):
    """R-PLAN-CHILDVERSION: a definitive plan whose child-friendly version was not shared with the children a
    week after it became definitive (DOMAIN §5.16, step 11; the child must understand the agreements)."""

    code = "R-PLAN-CHILDVERSION"
    title = _("Make the child's version of the safety plan")
    default_days = 7
    since_field = "finalised_on"
    overdue_severity = Severity.WARNING

    def plans(self, today: date) -> Any:
        return _m("SafetyPlan").objects.filter(
            status__in=IN_FORCE, kind="main", finalised_on__isnull=False, child_version_shared_on__isnull=True
        )

    def rows(self, today: date) -> Iterable[Any]:
        current = _current_plan_ids()
        return (plan for plan in super().rows(today) if plan.pk in current)

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("safety-plan-detail", {"case_code": case.code, "code": row.code})

    def is_resolved(self, obj: Any) -> bool:
        return (
            obj.child_version_shared_on is not None
            or obj.status not in IN_FORCE
            or not obj.case.is_open
            or obj.pk not in _current_plan_ids([obj.case_id])
        )


@register
class PlanFirstReviewRule(PlanRule):
    """R-PLAN-FIRSTREVIEW: evaluate a new definitive plan within a week (an evaluation held or planned)."""

    code = "R-PLAN-FIRSTREVIEW"
    title = _("Evaluate the new safety plan within a week")
    default_days = 7
    since_field = "finalised_on"
    notify_after = 0
    planned_ahead = True
    severity = Severity.INFO
    url_name = "cases-evaluation-new"

    def plans(self, today: date) -> Any:
        from django.db.models import Exists, OuterRef, Q

        from cases.models import Evaluation

        evaluated = Evaluation.objects.filter(case=OuterRef("case")).filter(
            Q(held_on__gte=OuterRef("finalised_on")) | Q(planned_on__gte=OuterRef("finalised_on"))
        )
        return (
            _m("SafetyPlan")
            .objects.filter(status__in=IN_FORCE, kind="main", finalised_on__isnull=False)
            .annotate(evaluated=Exists(evaluated))
            .filter(evaluated=False)
        )

    def is_resolved(self, obj: Any) -> bool:
        from django.db.models import Q

        from cases.models import Evaluation

        return (
            obj.status not in IN_FORCE
            or Evaluation.objects.filter(case=obj.case)
            .filter(Q(held_on__gte=obj.finalised_on) | Q(planned_on__gte=obj.finalised_on))
            .exists()
        )


@register
class ReviewPendingRule(PlanRule):
    """R-REVIEW-PENDING: a plan submitted for review (step 10) without a result after 5 working days."""

    code = "R-REVIEW-PENDING"
    title = _("Plan review submitted: record the result")
    default_days = 5
    needs = ("SafetyPlan", "PlanReview")
    since_field = "submitted_on"
    count = WORKING_DAYS
    severity = overdue_severity = Severity.OVERDUE
    to = (WORKERS, Role.COORDINATOR)

    def plans(self, today: date) -> Any:
        from django.db.models import Exists, OuterRef

        reviewed = _m("PlanReview").objects.filter(plan=OuterRef("pk"))
        return (
            _m("SafetyPlan")
            .objects.filter(status="in_review", submitted_on__isnull=False)
            .annotate(reviewed=Exists(reviewed))
            .filter(reviewed=False)
        )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status != "in_review" or obj.reviews.exists()


@register
class NetworkMonitorSilentRule(PlansRule):
    """R-CHECK-MISSED-NETWORK: the network member who monitors an agreement gave no input for two periods.

    Input given on the same agreement in an earlier plan version counts (checks follow the series).
    """

    code = "R-CHECK-MISSED-NETWORK"
    title = _("A network monitor has been silent for two periods")
    default_days = 2  # periods
    needs = ("SafetyPlan", "Agreement", "AgreementCheck")

    @staticmethod
    def _last_inputs(**filters: Any) -> dict[tuple[Any, int], date]:
        from django.db.models import Max

        return {
            (row["agreement__series"], row["on_behalf_of_id"]): row["last"]
            for row in _m("AgreementCheck")
            .objects.filter(on_behalf_of__isnull=False, **filters)
            .values("agreement__series", "on_behalf_of_id")
            .annotate(last=Max("checked_on"))
            .order_by()
        }

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES
        from safetyplans.models.plans import CHECK_INTERVAL_DAYS

        inputs = self._last_inputs(agreement__plan__case__status__in=OPEN_STATUSES)
        for agreement in _agreements_in_force(today, monitor_network__isnull=False):
            interval = CHECK_INTERVAL_DAYS.get(agreement.frequency)
            since = inputs.get((agreement.series, agreement.monitor_network_id)) or agreement.start
            if not interval or since is None or not ctx.enabled(self, agreement.team_id):
                continue
            due_on = since + timedelta(days=interval * ctx.days(self, agreement.team_id))
            if today < due_on:
                continue
            yield _agreement_candidate(agreement, ctx, due_on=due_on, severity=Severity.WARNING)

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        interval = obj.check_interval_days
        if not obj.monitor_network_id or not interval or _out_of_force(obj, today):
            return True
        last = self._last_inputs(agreement__series=obj.series).get((obj.series, obj.monitor_network_id))
        return last is not None and last + timedelta(days=interval * self.default_days) > today
