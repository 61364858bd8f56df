"""Rules on safety plans, agreements, checks and incidents (DOMAIN §7).

Written against safetyplans/models/plans.py; a rule is swept only once its tables exist (the models may
land before their migration).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import Candidate, Rule, SweepContext, case_workers, register, working_days_after

# Plans in force: what the family lives by now.
IN_FORCE = ("final", "active")
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


def _overview(case: Any) -> tuple[str, dict[str, Any]]:
    return ("safety-overview", {"case_code": case.code})


@register
class CheckDueRule(Rule):
    """R-CHECK-DUE: an agreement of a plan in force is due for its check (per its frequency); overdue +2 d."""

    code = "R-CHECK-DUE"
    title = _("Follow up on an agreement")
    default_days = 2  # overdue this many days after the due date

    @staticmethod
    def heads_up(interval: int) -> int:
        """Shown a few days ahead: 2 days for a weekly check, 4 for a fortnightly or monthly one."""
        return min(4, interval // 3)

    def available(self) -> bool:
        return _plans_ready("SafetyPlan", "Agreement", "AgreementCheck")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Max

        from cases.models import OPEN_STATUSES
        from safetyplans.models.plans import CHECK_INTERVAL_DAYS

        # Plain values, not model instances: this rule reads every agreement in force every minute.
        rows = (
            _m("Agreement")
            .objects.filter(status="active", plan__status__in=IN_FORCE, plan__case__status__in=OPEN_STATUSES)
            .annotate(last_check=Max("checks__checked_on"))
            .values_list(
                "id",
                "number",
                "frequency",
                "check_frequency",
                "last_check",
                "plan__valid_from",
                "plan__finalised_on",
                "plan__case_id",
                "plan__case__code",
                "plan__case__team_id",
                "plan__case__lead_worker_id",
                "plan__case__co_worker_id",
            )
            .iterator(chunk_size=5000)
        )
        active = ctx.active_ids()
        for (
            pk,
            number,
            frequency,
            check_frequency,
            last,
            valid_from,
            finalised_on,
            case_id,
            code,
            team_id,
            *workers,
        ) in rows:
            interval = CHECK_INTERVAL_DAYS.get(check_frequency or frequency)
            since = last or valid_from or finalised_on
            if not interval or since is None or not ctx.enabled(self, team_id):
                continue
            due_on = since + timedelta(days=interval)
            notify_on = due_on - timedelta(days=self.heads_up(interval))
            if today < notify_on:
                continue
            overdue = today > due_on + timedelta(days=ctx.days(self, team_id))
            yield Candidate(
                obj=None,
                obj_type="safetyplans.agreement",
                obj_id=pk,
                case=None,
                case_id=case_id,
                due_on=due_on,
                notify_on=notify_on,
                assignees=[uid for uid in workers if uid is not None and uid in active],
                severity=Severity.OVERDUE if overdue else (Severity.WARNING if today >= due_on else Severity.INFO),
                team_id=team_id,
                detail=f"A{number}",
                url=("safety-overview", {"case_code": code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        if obj.status != "active" or obj.plan.status not in IN_FORCE:
            return True
        interval = obj.check_interval_days
        if not interval:
            return True
        last = obj.checks.order_by("-checked_on").values_list("checked_on", flat=True).first()
        shows_on = last + timedelta(days=interval - self.heads_up(interval)) if last else None
        return shows_on is not None and timezone.localdate() < shows_on


@register
class PlanExpiryRule(Rule):
    """R-PLAN-EXPIRY: a plan in force runs out in 14 days (planned until then)."""

    code = "R-PLAN-EXPIRY"
    title = _("The safety plan expires soon")
    default_days = 14

    def available(self) -> bool:
        return _plans_ready("SafetyPlan")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES

        plans = (
            _m("SafetyPlan")
            .objects.filter(status__in=IN_FORCE, valid_until__isnull=False, case__status__in=OPEN_STATUSES)
            .select_related("case")
        )
        for plan in plans:
            case = plan.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = plan.valid_until - timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=plan,
                case=case,
                due_on=due_on,
                notify_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE if today > plan.valid_until else Severity.WARNING,
                team_id=case.team_id,
                detail=f"v{plan.label} · {plan.valid_until:%d/%m/%Y}",
                url=_overview(case),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status not in IN_FORCE or obj.valid_until is None or not obj.case.is_open


@register
class BottomLineRule(Rule):
    """R-BOTTOMLINE: an incident breached a bottom line — the same day, to the worker, coördinator and
    consultant, until the escalation is recorded as handled."""

    code = "R-BOTTOMLINE"
    title = _("A bottom line was not met")

    uses_days = False

    def available(self) -> bool:
        return _plans_ready("Incident")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        incidents = (
            _m("Incident")
            .objects.filter(bottom_line_breached=True, escalation_closed_on__isnull=True)
            .select_related("case")
        )
        for incident in incidents:
            case = incident.case
            if not case.is_open or not ctx.enabled(self, case.team_id):
                continue
            assignees: list[Any] = case_workers(case, ctx) + ctx.staff(case.team_id, Role.COORDINATOR)
            if case.consultant_id and case.consultant_id in ctx.active_ids():
                assignees.append(case.consultant_id)
            yield Candidate(
                obj=incident,
                case=case,
                due_on=incident.occurred_on,
                assignees=assignees,
                severity=Severity.ESCALATION,
                team_id=case.team_id,
                url=_overview(case),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.escalation_closed_on is not None or not obj.bottom_line_breached


@register
class IncidentReviewRule(Rule):
    """R-INCIDENT-REVIEW: a check found an agreement not kept and the child unsafe — an extra contact or an
    evaluation within 48 hours (worker and werkbegeleider)."""

    code = "R-INCIDENT-REVIEW"
    title = _("Extra contact or evaluation after an unsafe check")
    default_days = 2

    def available(self) -> bool:
        return _plans_ready("AgreementCheck")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef, Q

        from cases.models import OPEN_STATUSES, Contact, Evaluation

        case_ref = OuterRef("agreement__plan__case")
        followed = Exists(
            Contact.objects.filter(case=case_ref, date__gte=OuterRef("checked_on")).exclude(
                type__in=["message", "consultant_sync"]
            )
        ) | Exists(
            Evaluation.objects.filter(case=case_ref).filter(
                Q(held_on__gte=OuterRef("checked_on")) | Q(planned_on__gte=OuterRef("checked_on"))
            )
        )
        checks = (
            _m("AgreementCheck")
            .objects.filter(outcome="not_kept_unsafe", agreement__plan__case__status__in=OPEN_STATUSES)
            .exclude(followed)
            .select_related("agreement__plan__case")
        )
        for check in checks:
            case = check.agreement.plan.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = check.checked_on + timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=check,
                case=case,
                due_on=due_on,
                notify_on=check.checked_on,
                assignees=case_workers(case, ctx) + ctx.staff(case.team_id, Role.SUPERVISOR),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                detail=f"A{check.agreement.number}",
                url=("cases-contact-new", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from cases.models import Contact, Evaluation

        case = obj.agreement.plan.case
        return (
            Contact.objects.filter(case=case, date__gte=obj.checked_on)
            .exclude(type__in=["message", "consultant_sync"])
            .exists()
            or Evaluation.objects.filter(case=case, held_on__gte=obj.checked_on).exists()
            or Evaluation.objects.filter(case=case, planned_on__gte=obj.checked_on).exists()
        )


@register
class PlanSignRule(Rule):
    """R-PLAN-SIGN: a definitive plan without the parents' signature a week after it was made definitive."""

    code = "R-PLAN-SIGN"
    title = _("Get the safety plan signed")
    default_days = 7

    def available(self) -> bool:
        return _plans_ready("SafetyPlan", "PlanSignOff")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef

        signed = _m("PlanSignOff").objects.filter(plan=OuterRef("pk"), signer_role="parent")
        plans = (
            _m("SafetyPlan")
            .objects.filter(status__in=IN_FORCE, kind="main", finalised_on__isnull=False)
            .annotate(signed=Exists(signed))
            .filter(signed=False)
            .select_related("case")
        )
        for plan in plans:
            case = plan.case
            if not case.is_open or not ctx.enabled(self, case.team_id):
                continue
            due_on = plan.finalised_on + timedelta(days=ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=plan,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                detail=f"v{plan.label}",
                url=_overview(case),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status not in IN_FORCE or obj.sign_offs.filter(signer_role="parent").exists()


@register
class PlanFirstReviewRule(Rule):
    """R-PLAN-FIRSTREVIEW: evaluate a new definitive plan within a week (an evaluation held or planned)."""

    code = "R-PLAN-FIRSTREVIEW"
    title = _("Evaluate the new safety plan within a week")
    default_days = 7

    def available(self) -> bool:
        return _plans_ready("SafetyPlan")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef, Q

        from cases.models import Evaluation

        evaluated = Evaluation.objects.filter(case=OuterRef("case")).filter(
            Q(held_on__gte=OuterRef("finalised_on")) | Q(planned_on__gte=OuterRef("finalised_on"))
        )
        plans = (
            _m("SafetyPlan")
            .objects.filter(status__in=IN_FORCE, kind="main", finalised_on__isnull=False)
            .annotate(evaluated=Exists(evaluated))
            .filter(evaluated=False)
            .select_related("case")
        )
        for plan in plans:
            case = plan.case
            if not case.is_open or not ctx.enabled(self, case.team_id):
                continue
            due_on = plan.finalised_on + timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=plan,
                case=case,
                due_on=due_on,
                notify_on=plan.finalised_on,
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE if today > due_on else Severity.INFO,
                team_id=case.team_id,
                detail=f"v{plan.label}",
                url=("cases-evaluation-new", {"case_code": case.code}),
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
class ReviewPendingRule(Rule):
    """R-REVIEW-PENDING: a plan submitted for review (step 10) without a result after 5 working days."""

    code = "R-REVIEW-PENDING"
    title = _("Plan review submitted: record the result")
    default_days = 5

    def available(self) -> bool:
        return _plans_ready("SafetyPlan", "PlanReview")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef

        reviewed = _m("PlanReview").objects.filter(plan=OuterRef("pk"))
        plans = (
            _m("SafetyPlan")
            .objects.filter(status="in_review", submitted_on__isnull=False)
            .annotate(reviewed=Exists(reviewed))
            .filter(reviewed=False)
            .select_related("case")
        )
        for plan in plans:
            case = plan.case
            if not case.is_open or not ctx.enabled(self, case.team_id):
                continue
            due_on = working_days_after(plan.submitted_on, ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=plan,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx) + ctx.staff(case.team_id, Role.COORDINATOR),
                severity=Severity.OVERDUE,
                team_id=case.team_id,
                detail=f"v{plan.label}",
                url=_overview(case),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.status != "in_review" or obj.reviews.exists()


@register
class NetworkMonitorSilentRule(Rule):
    """R-CHECK-MISSED-NETWORK: the network member who monitors an agreement gave no input for two periods."""

    code = "R-CHECK-MISSED-NETWORK"
    title = _("A network monitor has been silent for two periods")
    default_days = 2  # periods

    def available(self) -> bool:
        return _plans_ready("SafetyPlan", "Agreement", "AgreementCheck")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import F, Max, Q

        from cases.models import OPEN_STATUSES
        from safetyplans.models.plans import CHECK_INTERVAL_DAYS

        rows = (
            _m("Agreement")
            .objects.filter(
                status="active",
                monitor_network__isnull=False,
                plan__status__in=IN_FORCE,
                plan__case__status__in=OPEN_STATUSES,
            )
            .annotate(last_input=Max("checks__checked_on", filter=Q(checks__on_behalf_of=F("monitor_network"))))
            .values_list(
                "id",
                "number",
                "frequency",
                "check_frequency",
                "last_input",
                "plan__valid_from",
                "plan__finalised_on",
                "plan__case_id",
                "plan__case__code",
                "plan__case__team_id",
                "plan__case__lead_worker_id",
                "plan__case__co_worker_id",
            )
        )
        active = ctx.active_ids()
        for (
            pk,
            number,
            frequency,
            check_frequency,
            last,
            valid_from,
            finalised_on,
            case_id,
            code,
            team_id,
            *workers,
        ) in rows:
            interval = CHECK_INTERVAL_DAYS.get(check_frequency or frequency)
            since = last or valid_from or finalised_on
            if not interval or since is None or not ctx.enabled(self, team_id):
                continue
            due_on = since + timedelta(days=interval * ctx.days(self, team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=None,
                obj_type="safetyplans.agreement",
                obj_id=pk,
                case=None,
                case_id=case_id,
                due_on=due_on,
                assignees=[uid for uid in workers if uid is not None and uid in active],
                severity=Severity.WARNING,
                team_id=team_id,
                detail=f"A{number}",
                url=("safety-overview", {"case_code": code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        interval = obj.check_interval_days
        if obj.status != "active" or not obj.monitor_network_id or not interval:
            return True
        last = (
            obj.checks.filter(on_behalf_of_id=obj.monitor_network_id)
            .order_by("-checked_on")
            .values_list("checked_on", flat=True)
            .first()
        )
        return last is not None and last + timedelta(days=interval * self.default_days) > timezone.localdate()
