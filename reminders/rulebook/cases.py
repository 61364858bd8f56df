"""Rules on the case itself: start, referral decision, consultant, evaluations, closure (DOMAIN §7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
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
    uses_days = False

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


def _has_contacts() -> bool:
    try:
        from cases.models import Contact  # noqa: F401
        from cases.selectors_intensity import targets_for_team  # noqa: F401
    except ImportError:
        return False
    return True


@register
class NoContactRule(Rule):
    """R-NO-CONTACT: no direct contact with the family for a week, in the start and coaching phases."""

    code = "R-NO-CONTACT"
    title = _("No contact with the family for a week")
    default_days = 7

    def available(self) -> bool:
        return _has_contacts()

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Max, Q

        from cases.models import DEFAULT_COUNTED_TYPES, GuidancePhase

        cases = (
            _open_cases()
            .filter(started_on__isnull=False, guidance_phase__in=[GuidancePhase.START, GuidancePhase.COACHING])
            .annotate(last_contact=Max("contacts__date", filter=Q(contacts__type__in=DEFAULT_COUNTED_TYPES)))
        )
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            since = max(d for d in (case.started_on, case.last_contact) if d is not None)
            due_on = since + timedelta(days=ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                url=("cases-contact-new", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        from cases.models import DEFAULT_COUNTED_TYPES, GuidancePhase

        if not obj.is_open or obj.guidance_phase not in (GuidancePhase.START, GuidancePhase.COACHING):
            return True
        recent = timezone.localdate() - timedelta(days=self.default_days)
        return obj.contacts.filter(type__in=DEFAULT_COUNTED_TYPES, date__gt=recent).exists()


@register
class IntensityRule(Rule):
    """R-INTENSITY: the four-week average of direct contact is under the phase target (6/4/2 h a week).

    Checked weekly (the due date is the Monday of the week); when the four weeks before were under target
    too, the coördinator is added (worker → coördinator).
    """

    code = "R-INTENSITY"
    title = _("Four-week average of direct contact below target")
    uses_days = False
    weeks = 4

    def available(self) -> bool:
        return _has_contacts()

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Q, Sum

        from cases.models import Contact
        from cases.selectors_intensity import targets_for_team

        monday = today - timedelta(days=today.weekday())
        window = timedelta(weeks=self.weeks)
        cases = {c.pk: c for c in _open_cases().filter(started_on__lte=monday - window)}
        if not cases:
            return
        minutes: dict[int, dict[str, list[int]]] = {}
        rows = (
            Contact.objects.filter(case_id__in=cases, date__gte=monday - 2 * window, date__lt=monday)
            .values("case_id", "type")
            .annotate(
                recent=Sum("duration_minutes", filter=Q(date__gte=monday - window)),
                before=Sum("duration_minutes", filter=Q(date__lt=monday - window)),
            )
        )
        for row in rows:
            minutes.setdefault(row["case_id"], {})[row["type"]] = [row["recent"] or 0, row["before"] or 0]
        targets: dict[int | None, Any] = {}
        for case in cases.values():
            if not ctx.enabled(self, case.team_id):
                continue
            if case.team_id not in targets:
                targets[case.team_id] = targets_for_team(case.team_id)
            team = targets[case.team_id]
            counted = {t: m for t, m in minutes.get(case.pk, {}).items() if t in team.counted_types}
            target_minutes = team.for_phase(case.guidance_phase) * 60 * self.weeks
            recent = sum(m[0] for m in counted.values())
            if recent >= target_minutes:
                continue
            before = sum(m[1] for m in counted.values())
            old_enough = case.started_on <= monday - 2 * window
            assignees = case_workers(case, ctx)
            severity = Severity.WARNING
            if old_enough and before < target_minutes:
                severity = Severity.ESCALATION
                assignees = assignees + ctx.staff(case.team_id, Role.COORDINATOR)
            yield Candidate(
                obj=case,
                case=case,
                due_on=monday,
                assignees=assignees,
                severity=severity,
                team_id=case.team_id,
                detail=f"{Decimal(recent) / 60 / self.weeks:.1f} u/w",
                url=("cases-contacts", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return not obj.is_open or not any(
            c.obj.pk == obj.pk for c in self.candidates(today, SweepContext.load(timezone.now(), today))
        )


@register
class ConsultantSyncRule(Rule):
    """R-CONSULTANT-SYNC: no consultation with the consultant for 30 days (keep each other informed)."""

    code = "R-CONSULTANT-SYNC"
    title = _("Keep the consultant informed")
    default_days = 30

    def available(self) -> bool:
        return _has_contacts()

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Max, Q

        cases = (
            _open_cases()
            .filter(started_on__isnull=False, consultant__isnull=False)
            .annotate(last_sync=Max("contacts__date", filter=Q(contacts__type="consultant_sync")))
        )
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            since = max(d for d in (case.started_on, case.last_sync) if d is not None)
            due_on = since + timedelta(days=ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                url=("cases-contact-new", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        if not obj.is_open or obj.consultant_id is None:
            return True
        recent = timezone.localdate() - timedelta(days=self.default_days)
        return obj.contacts.filter(type="consultant_sync", date__gt=recent).exists()


@register
class ReportRule(Rule):
    """R-REPORT: an evaluation was held and its report to the consultant is not recorded as sent
    (5 working days)."""

    code = "R-REPORT"
    title = _("Send the report to the consultant")
    default_days = 5

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from cases.models import OPEN_STATUSES, Evaluation

        evaluations = Evaluation.objects.filter(
            held_on__isnull=False, report_to_consultant_on__isnull=True, case__status__in=OPEN_STATUSES
        ).select_related("case")
        for evaluation in evaluations:
            case = evaluation.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = working_days_after(evaluation.held_on, ctx.days(self, case.team_id))
            if today < due_on:
                continue
            yield Candidate(
                obj=evaluation,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                detail=evaluation.held_on.strftime("%d/%m/%Y"),
                url=("cases-evaluation-edit", {"case_code": case.code, "evaluation_code": evaluation.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return obj.report_to_consultant_on is not None or not obj.case.is_open
