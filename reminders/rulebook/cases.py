"""Rules on the case itself: start, referral decision, consultant, evaluations, closure (DOMAIN §7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import CASE_FIELDS, Candidate, Rule, SweepContext, case_workers, register, working_days_after


def _open_cases() -> Any:
    from cases.models import OPEN_STATUSES, Case

    return Case.objects.filter(status__in=OPEN_STATUSES).only(*CASE_FIELDS)


@register
class StartRule(Rule):
    """R-START: referred, no first contact. Warn on day 5, due on day 7, the coördinator joins on day 14."""

    code = "R-START"
    title = _("Start the guidance: first contact with the family")
    default_days = 7
    default_escalate_days = 7
    escalation = (Role.COORDINATOR,)
    warn_before = 2

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        for case in _open_cases().filter(started_on__isnull=True):
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.referred_on + timedelta(days=ctx.days(self, case.team_id))
            notify_on = due_on - timedelta(days=self.warn_before)
            if today < notify_on:
                continue
            workers = case_workers(case, ctx)
            # Without a worker yet, the coördinator is the one who must act.
            assignees = workers or ctx.staff(case.team_id, Role.COORDINATOR)
            severity, recipients = self.escalated(
                ctx, team_id=case.team_id, due_on=due_on, today=today, assignees=assignees
            )
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=notify_on,
                assignees=recipients,
                severity=severity,
                team_id=case.team_id,
                url=("cases-start", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return bool(obj.started_on) or not obj.is_open


@register
class ReferralDecideRule(Rule):
    """R-REFERRAL-DECIDE: a referral without a decision, one working day → the coördinator."""

    code = "R-REFERRAL-DECIDE"
    title = _("Decide on the referral")
    default_days = 1

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES, Referral, ReferralDecision

        referrals = Referral.objects.filter(
            decision=ReferralDecision.PENDING, case__status__in=OPEN_STATUSES
        ).select_related("case")
        for referral in referrals:
            case = referral.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = working_days_after(referral.received_on, ctx.days(self, case.team_id))
            yield Candidate(
                obj=referral,
                case=case,
                due_on=due_on,
                notify_on=referral.received_on,
                assignees=ctx.staff(case.team_id, Role.COORDINATOR),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                url=("cases-referral-edit", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from cases.models import ReferralDecision

        return obj.decision != ReferralDecision.PENDING or not obj.case.is_open


@register
class ConsultantRule(Rule):
    """R-CONSULT: no consultant linked three days after the start."""

    code = "R-CONSULT"
    title = _("Link the consultant to the case")
    default_days = 3

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        for case in _open_cases().filter(consultant__isnull=True, started_on__isnull=False):
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.started_on + timedelta(days=ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx) or ctx.staff(case.team_id, Role.COORDINATOR),
                severity=Severity.WARNING,
                team_id=case.team_id,
                url=("cases-detail", {"code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.consultant_id is not None or not obj.is_open


def _unheld_evaluations() -> Any:
    from cases.models import OPEN_STATUSES, Evaluation

    return Evaluation.objects.filter(
        held_on__isnull=True, planned_on__isnull=False, case__status__in=OPEN_STATUSES
    ).select_related("case")


@register
class EvaluationUpcomingRule(Rule):
    """R-EVAL-UPCOMING: prepare a planned evaluation, a week before (shown as planned until then)."""

    code = "R-EVAL-UPCOMING"
    title = _("Prepare the evaluation")
    default_days = 7

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        for evaluation in _unheld_evaluations().filter(planned_on__gte=today):
            case = evaluation.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = evaluation.planned_on - timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=evaluation,
                case=case,
                due_on=due_on,
                notify_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.INFO,
                team_id=case.team_id,
                detail=evaluation.planned_on.strftime("%d/%m/%Y"),
                url=("cases-evaluation-edit", {"case_code": case.code, "evaluation_code": evaluation.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.held_on is not None or not obj.case.is_open


@register
class EvaluationOverdueRule(Rule):
    """R-EVAL-OVERDUE: the planned date has passed and the evaluation is not recorded as held."""

    code = "R-EVAL-OVERDUE"
    title = _("Record the evaluation: its date has passed")

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        for evaluation in _unheld_evaluations().filter(planned_on__lt=today):
            case = evaluation.case
            if not ctx.enabled(self, case.team_id):
                continue
            yield Candidate(
                obj=evaluation,
                case=case,
                due_on=evaluation.planned_on,
                notify_on=evaluation.planned_on + timedelta(days=1),
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE,
                team_id=case.team_id,
                detail=evaluation.planned_on.strftime("%d/%m/%Y"),
                url=("cases-evaluation-edit", {"case_code": case.code, "evaluation_code": evaluation.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.held_on is not None or not obj.case.is_open


@register
class EvaluationNoneRule(Rule):
    """R-EVAL-NONE: a running case with no evaluation planned, some weeks after the start or the last one."""

    code = "R-EVAL-NONE"
    title = _("Plan the next evaluation")
    default_days = 42

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, Max, OuterRef

        from cases.models import Evaluation

        planned = Evaluation.objects.filter(case=OuterRef("pk"), held_on__isnull=True, planned_on__isnull=False)
        cases = (
            _open_cases()
            .filter(started_on__isnull=False)
            .annotate(has_planned=Exists(planned), last_held=Max("evaluations__held_on"))
            .filter(has_planned=False)
        )
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            since = max(d for d in (case.started_on, case.last_held) if d is not None)
            due_on = since + timedelta(days=ctx.days(self, case.team_id))
            notify_on = due_on - timedelta(days=7)
            if today < notify_on:
                continue
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=notify_on,
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                url=("cases-evaluation-new", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return not obj.is_open or obj.evaluations.filter(held_on__isnull=True, planned_on__isnull=False).exists()


@register
class CloseFollowUpRule(Rule):
    """R-CLOSE-FOLLOWUP: the planned end comes near and no follow-up help is decided (−21 days)."""

    code = "R-CLOSE-FOLLOWUP"
    title = _("Decide on follow-up help before the closure")
    default_days = 21

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Exists, OuterRef

        from cases.models import Closure

        decided = Closure.objects.filter(case=OuterRef("pk"), follow_up_decided=True, reopened_on__isnull=True)
        cases = _open_cases().filter(planned_end__isnull=False).annotate(decided=Exists(decided)).filter(decided=False)
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.planned_end - timedelta(days=ctx.days(self, case.team_id))
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                detail=case.planned_end.strftime("%d/%m/%Y"),
                url=("cases-close", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return (
            not obj.is_open
            or obj.planned_end is None
            or obj.closures.filter(follow_up_decided=True, reopened_on__isnull=True).exists()
        )
