"""Rules on the case itself: start, referral decision, consultant, evaluations, closure (DOMAIN §7)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import CASE_FIELDS, Candidate, Rule, SweepContext, case_workers, register
from .rows import BEFORE, SINCE_DATE, WORKING_DAYS, PerCaseRule, PerRowRule


def _open_cases() -> Any:
    from cases.models import OPEN_STATUSES, Case

    return Case.objects.filter(status__in=OPEN_STATUSES).only(*CASE_FIELDS)


def _workers_or_coordinator(case: Any, team_id: int | None, ctx: SweepContext) -> list[Any]:
    # Without a worker yet, the coördinator is the one who must act.
    return case_workers(case, ctx) or ctx.staff(team_id, Role.COORDINATOR)


@register
class StartRule(PerCaseRule):
    """R-START: referred, no first contact. Warn on day 5, due on day 7, the coördinator joins on day 14."""

    code = "R-START"
    title = _("Start the guidance: first contact with the family")
    default_days = 7
    default_escalate_days = 7
    escalation = (Role.COORDINATOR,)
    since_field = "referred_on"
    warn_before = 2
    url_name = "cases-start"

    def rows(self, today: date) -> Iterable[Any]:
        return _open_cases().filter(started_on__isnull=True)

    def assess(
        self, ctx: SweepContext, *, row: Any, case: Any, team_id: int | None, due_on: date, today: date
    ) -> tuple[str, list[Any]]:
        assignees = _workers_or_coordinator(case, team_id, ctx)
        return self.escalated(ctx, team_id=team_id, due_on=due_on, today=today, assignees=assignees)

    def is_resolved(self, obj: Any) -> bool:
        return bool(obj.started_on) or not obj.is_open


@register
class ReferralDecideRule(PerRowRule):
    """R-REFERRAL-DECIDE: a referral without a decision, one working day → the coördinator."""

    code = "R-REFERRAL-DECIDE"
    title = _("Decide on the referral")
    default_days = 1
    since_field = "received_on"
    count = WORKING_DAYS
    notify_after = 0
    planned_ahead = True
    to = (Role.COORDINATOR,)
    url_name = "cases-referral-edit"

    def rows(self, today: date) -> Iterable[Any]:
        from cases.models import OPEN_STATUSES, Referral, ReferralDecision

        return Referral.objects.filter(
            decision=ReferralDecision.PENDING, case__status__in=OPEN_STATUSES
        ).select_related("case")

    def is_resolved(self, obj: Any) -> bool:
        from cases.models import ReferralDecision

        return obj.decision != ReferralDecision.PENDING or not obj.case.is_open


@register
class ConsultantRule(PerCaseRule):
    """R-CONSULT: no consultant linked three days after the start."""

    code = "R-CONSULT"
    title = _("Link the consultant to the case")
    default_days = 3
    since_field = "started_on"
    overdue_severity = Severity.WARNING

    def rows(self, today: date) -> Iterable[Any]:
        return _open_cases().filter(consultant__isnull=True, started_on__isnull=False)

    def assignees(self, case: Any, team_id: int | None, ctx: SweepContext) -> list[Any]:
        return _workers_or_coordinator(case, team_id, ctx)

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("cases-detail", {"code": case.code})

    def is_resolved(self, obj: Any) -> bool:
        return obj.consultant_id is not None or not obj.is_open


def _unheld_evaluations() -> Any:
    from cases.models import OPEN_STATUSES, Evaluation

    return Evaluation.objects.filter(
        held_on__isnull=True, planned_on__isnull=False, case__status__in=OPEN_STATUSES
    ).select_related("case")


class EvaluationRule(PerRowRule):
    """A rule on an evaluation: it links to the evaluation, with the date counted from as the detail."""

    detail_format = SINCE_DATE

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("cases-evaluation-edit", {"case_code": case.code, "evaluation_code": row.code})


@register
class EvaluationUpcomingRule(EvaluationRule):
    """R-EVAL-UPCOMING: prepare a planned evaluation, a week before (shown as planned until then)."""

    code = "R-EVAL-UPCOMING"
    title = _("Prepare the evaluation")
    default_days = 7
    since_field = "planned_on"
    count = BEFORE
    planned_ahead = True
    severity = overdue_severity = Severity.INFO

    def rows(self, today: date) -> Iterator[Any]:
        seen: set[int] = set()
        for evaluation in _unheld_evaluations().filter(planned_on__gte=today).order_by("case_id", "planned_on", "pk"):
            # Only the next evaluation of a case: the one after it (DOMAIN §10.14 plans the closing network
            # meeting months ahead) is prepared once the next one is held.
            if evaluation.case.pk not in seen:
                seen.add(evaluation.case.pk)
                yield evaluation

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        if obj.held_on is not None or not obj.case.is_open:
            return True
        earlier = _unheld_evaluations().filter(
            case=obj.case, planned_on__gte=timezone.localdate(), planned_on__lt=obj.planned_on
        )
        return earlier.exists()


@register
class EvaluationOverdueRule(EvaluationRule):
    """R-EVAL-OVERDUE: the planned date has passed and the evaluation is not recorded as held."""

    code = "R-EVAL-OVERDUE"
    title = _("Record the evaluation: its date has passed")
    uses_days = False
    since_field = "planned_on"
    notify_after = 1
    planned_ahead = True
    severity = overdue_severity = Severity.OVERDUE

    def rows(self, today: date) -> Iterable[Any]:
        return _unheld_evaluations().filter(planned_on__lt=today)

    def is_resolved(self, obj: Any) -> bool:
        return obj.held_on is not None or not obj.case.is_open


@register
class EvaluationNoneRule(PerCaseRule):
    """R-EVAL-NONE: a running case with no evaluation planned, some weeks after the start or the last one."""

    code = "R-EVAL-NONE"
    title = _("Plan the next evaluation")
    default_days = 42
    since_field = ("started_on", "last_held")
    warn_before = 7
    url_name = "cases-evaluation-new"

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Exists, Max, OuterRef

        from cases.models import Evaluation

        planned = Evaluation.objects.filter(case=OuterRef("pk"), held_on__isnull=True, planned_on__isnull=False)
        return (
            _open_cases()
            .filter(started_on__isnull=False)
            .annotate(has_planned=Exists(planned), last_held=Max("evaluations__held_on"))
            .filter(has_planned=False)
        )

    def is_resolved(self, obj: Any) -> bool:
        return not obj.is_open or obj.evaluations.filter(held_on__isnull=True, planned_on__isnull=False).exists()


def _follow_up_decided() -> Any:
    """Cases whose follow-up help is decided: recorded as decided/started, or ticked on an older closure."""
    from django.db.models import Exists, OuterRef

    from cases.models import FOLLOW_UP_CHOSEN, Closure, FollowUpHelp

    return Exists(FollowUpHelp.objects.filter(case=OuterRef("pk"), status__in=FOLLOW_UP_CHOSEN)) | Exists(
        Closure.objects.filter(case=OuterRef("pk"), follow_up_decided=True, reopened_on__isnull=True)
    )


@register
class CloseFollowUpRule(PerCaseRule):
    """R-CLOSE-FOLLOWUP: the planned end comes near and no follow-up help is decided (−21 days).

    Resolved by follow-up help recorded as decided or started (a proposal is not a decision yet) or by
    a closure that ticked "follow-up help decided".
    """

    code = "R-CLOSE-FOLLOWUP"
    title = _("Decide on follow-up help before the closure")
    default_days = 21
    since_field = "planned_end"
    count = BEFORE
    planned_ahead = True
    detail_format = SINCE_DATE
    url_name = "cases-follow-up"

    def rows(self, today: date) -> Iterable[Any]:
        return (
            _open_cases().filter(planned_end__isnull=False).annotate(decided=_follow_up_decided()).filter(decided=False)
        )

    def is_resolved(self, obj: Any) -> bool:
        from cases.models import Case

        return (
            not obj.is_open
            or obj.planned_end is None
            or Case.objects.filter(pk=obj.pk).annotate(decided=_follow_up_decided()).filter(decided=True).exists()
        )


@register
class CloseItpRule(PerRowRule):
    """R-CLOSE-ITP: follow-up help through the intersectoral gateway (NRTJ) and no A-document filed 14 days
    before the planned end [S31]. One reminder per such follow-up help, planned from its due date."""

    code = "R-CLOSE-ITP"
    title = _("Prepare the A-document before the closure")
    default_days = 14
    since_field = "case.planned_end"
    count = BEFORE
    planned_ahead = True
    detail_format = SINCE_DATE

    def rows(self, today: date) -> Iterable[Any]:
        from cases.models import OPEN_STATUSES, FollowUpHelp, FollowUpStatus, FollowUpType

        return (
            FollowUpHelp.objects.filter(
                type=FollowUpType.NRTJ,
                a_document_filed_on__isnull=True,
                case__status__in=OPEN_STATUSES,
                case__planned_end__isnull=False,
            )
            .exclude(status=FollowUpStatus.NOT_PURSUED)
            .select_related("case")
        )

    def url(self, row: Any, case: Any) -> tuple[str, dict[str, Any]]:
        return ("cases-follow-up-edit", {"case_code": case.code, "follow_up_code": row.code})

    def is_resolved(self, obj: Any) -> bool:
        from cases.models import FollowUpHelp

        obj = FollowUpHelp.objects.select_related("case").filter(pk=obj.pk).first()
        return (
            obj is None
            or obj.a_document_filed_on is not None
            or not obj.needs_a_document
            or not obj.case.is_open
            or obj.case.planned_end is None
        )


def _has_contacts() -> bool:
    try:
        from cases.models import Contact  # noqa: F401
        from cases.selectors_intensity import targets_for_team  # noqa: F401
    except ImportError:
        return False
    return True


@register
class NoContactRule(PerCaseRule):
    """R-NO-CONTACT: no direct contact with the family for a week, in the start and coaching phases."""

    code = "R-NO-CONTACT"
    title = _("No contact with the family for a week")
    default_days = 7
    since_field = ("started_on", "last_contact")
    overdue_severity = Severity.WARNING
    url_name = "cases-contact-new"

    def available(self) -> bool:
        return _has_contacts()

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Max, Q

        from cases.models import DEFAULT_COUNTED_TYPES, GuidancePhase

        return (
            _open_cases()
            .filter(started_on__isnull=False, guidance_phase__in=[GuidancePhase.START, GuidancePhase.COACHING])
            .annotate(last_contact=Max("contacts__date", filter=Q(contacts__type__in=DEFAULT_COUNTED_TYPES)))
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
class ConsultantSyncRule(PerCaseRule):
    """R-CONSULTANT-SYNC: no consultation with the consultant for 30 days (keep each other informed).

    A report sent to the consultant after an evaluation informs them too (DOMAIN §10.14: reports on
    17/04, 02/05, 26/05, 10/06 keep Nadia informed between the consultations).
    """

    code = "R-CONSULTANT-SYNC"
    title = _("Keep the consultant informed")
    default_days = 30
    since_field = ("started_on", "last_sync", "last_report")
    overdue_severity = Severity.WARNING
    url_name = "cases-contact-new"

    def available(self) -> bool:
        return _has_contacts()

    def rows(self, today: date) -> Iterable[Any]:
        from django.db.models import Max, OuterRef, Q, Subquery

        from cases.models import Evaluation

        reported = (
            Evaluation.objects.filter(case=OuterRef("pk"), report_to_consultant_on__isnull=False)
            .order_by("-report_to_consultant_on")
            .values("report_to_consultant_on")[:1]
        )
        return (
            _open_cases()
            .filter(started_on__isnull=False, consultant__isnull=False)
            .annotate(
                last_sync=Max("contacts__date", filter=Q(contacts__type="consultant_sync")),
                last_report=Subquery(reported),
            )
        )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        if not obj.is_open or obj.consultant_id is None:
            return True
        recent = timezone.localdate() - timedelta(days=self.default_days)
        return (
            obj.contacts.filter(type="consultant_sync", date__gt=recent).exists()
            or obj.evaluations.filter(report_to_consultant_on__gt=recent).exists()
        )


@register
class ReportRule(EvaluationRule):
    """R-REPORT: an evaluation was held and its report to the consultant is not recorded as sent
    (5 working days)."""

    code = "R-REPORT"
    title = _("Send the report to the consultant")
    default_days = 5
    since_field = "held_on"
    count = WORKING_DAYS
    overdue_severity = Severity.WARNING

    def rows(self, today: date) -> Iterable[Any]:
        from cases.models import OPEN_STATUSES, Evaluation

        return Evaluation.objects.filter(
            held_on__isnull=False, report_to_consultant_on__isnull=True, case__status__in=OPEN_STATUSES
        ).select_related("case")

    def is_resolved(self, obj: Any) -> bool:
        return obj.report_to_consultant_on is not None or not obj.case.is_open
