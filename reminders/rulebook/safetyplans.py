"""Rules on the safetyplans app: statements, the child's voice, scaling, analyses (DOMAIN §7).

Rules on plans, agreements, checks, incidents and plan reviews are added when those models land.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import CASE_FIELDS, Candidate, Rule, SweepContext, case_workers, register


def _model(name: str) -> Any:
    import safetyplans.models as models

    return getattr(models, name, None)


def _running_cases() -> Any:
    from cases.models import OPEN_STATUSES, Case

    return Case.objects.filter(status__in=OPEN_STATUSES, started_on__isnull=False).only(*CASE_FIELDS)


class CaseAgeRule(Rule):
    """A thing that should exist some days after the start of the guidance; the case is the object."""

    model_name: str = ""
    url_name: str = ""
    supervisor_too: bool = False

    def available(self) -> bool:
        return _model(self.model_name) is not None

    def exists_filter(self) -> dict[str, Any]:
        return {}

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        model = _model(self.model_name)
        done = model.objects.filter(case=OuterRef("pk"), **self.exists_filter())
        for case in _running_cases().annotate(done=Exists(done)).filter(done=False):
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.started_on + timedelta(days=ctx.days(self, case.team_id))
            notify_on = due_on - timedelta(days=3)
            if today < notify_on:
                continue
            assignees = case_workers(case, ctx)
            if self.supervisor_too:
                assignees = assignees + ctx.staff(case.team_id, Role.SUPERVISOR)
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=notify_on,
                assignees=assignees,
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                url=(self.url_name, {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        model = _model(self.model_name)
        return not obj.is_open or model.objects.filter(case=obj, **self.exists_filter()).exists()


@register
class ProvisionalStatementRule(CaseAgeRule):
    """R-DS-PROVISIONAL: no provisional danger statement 14 days after the start (step 3)."""

    code = "R-DS-PROVISIONAL"
    title = _("Write the provisional danger statement")
    default_days = 14
    model_name = "DangerStatement"
    url_name = "safety-statement-create"

    def exists_filter(self) -> dict[str, Any]:
        return {"status__in": ["provisional", "final", "achieved"]}


@register
class RiskDialogueRule(CaseAgeRule):
    """R-RISK: no risk dialogue ("denken met") 21 days after the start."""

    code = "R-RISK"
    title = _("Hold the risk dialogue")
    default_days = 21
    model_name = "RiskAssessment"
    url_name = "safety-risk-create"


@register
class CompetenceAnalysisRule(CaseAgeRule):
    """R-ANALYSES-START: no competence analysis 28 days after the start → worker and werkbegeleider."""

    code = "R-ANALYSES-START"
    title = _("Make the competence analysis")
    default_days = 28
    model_name = "CompetenceAnalysis"
    url_name = "safety-competence-create"
    supervisor_too = True


@register
class ChildUnheardRule(Rule):
    """R-CHILD-UNHEARD: a child of a running case with no child conversation 14 days after the start."""

    code = "R-CHILD-UNHEARD"
    title = _("Talk with the child on their own")
    default_days = 14

    def available(self) -> bool:
        return _model("ChildConversation") is not None

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Q

        from cases.models import OPEN_STATUSES, Person

        heard = _model("ChildConversation").objects.filter(child=OuterRef("pk"))
        children = (
            Person.objects.filter(Q(family_role="child") | Q(is_index_child=True))
            .filter(case__status__in=OPEN_STATUSES, case__started_on__isnull=False)
            .annotate(heard=Exists(heard))
            .filter(heard=False)
            .select_related("case")
        )
        for child in children:
            case = child.case
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.started_on + timedelta(days=ctx.days(self, case.team_id))
            notify_on = due_on - timedelta(days=3)
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
                url=("safety-child-create", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return not obj.case.is_open or _model("ChildConversation").objects.filter(child=obj).exists()


@register
class WordsAndPicturesRule(Rule):
    """R-WP-DUE: no Words & Pictures shared with the child — before the first network meeting, or by day 21."""

    code = "R-WP-DUE"
    title = _("Share the Words & Pictures story")
    default_days = 21

    def available(self) -> bool:
        return _model("WordsAndPictures") is not None

    def _first_meeting(self) -> dict[int, date]:
        try:
            from network.models import NetworkMeeting
        except ImportError:
            return {}
        first: dict[int, date] = {}
        for case_id, day in NetworkMeeting.objects.exclude(status="cancelled").values_list("case_id", "date"):
            if case_id not in first or day < first[case_id]:
                first[case_id] = day
        return first

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Q

        shared = _model("WordsAndPictures").objects.filter(
            Q(status="shared_with_child") | Q(shared_on__isnull=False), case=OuterRef("pk")
        )
        cases = list(_running_cases().annotate(shared=Exists(shared)).filter(shared=False))
        first = self._first_meeting() if cases else {}
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = case.started_on + timedelta(days=ctx.days(self, case.team_id))
            if case.pk in first and first[case.pk] < due_on:
                due_on = first[case.pk]
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
                url=("safety-story-create", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.db.models import Q

        return (
            not obj.is_open
            or _model("WordsAndPictures")
            .objects.filter(Q(status="shared_with_child") | Q(shared_on__isnull=False), case=obj)
            .exists()
        )


@register
class FinalStatementRule(Rule):
    """R-DS-FINAL: no established danger statement a week after the first network meeting was held."""

    code = "R-DS-FINAL"
    title = _("Establish the danger statements and safety goals")
    default_days = 7

    def available(self) -> bool:
        try:
            from network.models import NetworkMeeting  # noqa: F401
        except ImportError:
            return False
        return _model("DangerStatement") is not None

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        from django.db.models import Min

        from network.models import NetworkMeeting

        final = _model("DangerStatement").objects.filter(case=OuterRef("pk"), status__in=["final", "achieved"])
        cases = {c.pk: c for c in _running_cases().annotate(final=Exists(final)).filter(final=False)}
        held = (
            NetworkMeeting.objects.filter(case_id__in=cases, status="held")
            .values("case_id")
            .annotate(first=Min("date"))
        )
        for row in held:
            case = cases[row["case_id"]]
            if not ctx.enabled(self, case.team_id):
                continue
            due_on = row["first"] + timedelta(days=ctx.days(self, case.team_id))
            if today < row["first"]:
                continue
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                notify_on=row["first"] + timedelta(days=1),
                assignees=case_workers(case, ctx),
                severity=Severity.OVERDUE if today > due_on else Severity.WARNING,
                team_id=case.team_id,
                url=("safety-overview", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        return (
            not obj.is_open
            or _model("DangerStatement").objects.filter(case=obj, status__in=["final", "achieved"]).exists()
        )


@register
class ScaleStaleRule(Rule):
    """R-SCALE-STALE: no overall safety score from the parents and from the consultant in the last 28 days."""

    code = "R-SCALE-STALE"
    title = _("Ask the parents and the consultant for a safety score")
    default_days = 28
    voices = ("parent", "consultant")

    def available(self) -> bool:
        return _model("ScalingScore") is not None

    def _last_scores(self, case_ids: Any) -> dict[tuple[int, str], date]:
        from django.db.models import Max

        rows = (
            _model("ScalingScore")
            .objects.filter(case_id__in=case_ids, scale_type="overall_safety", voice__in=self.voices)
            .values("case_id", "voice")
            .annotate(last=Max("date"))
        )
        return {(r["case_id"], r["voice"]): r["last"] for r in rows}

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        cases = list(_running_cases())
        last = self._last_scores([c.pk for c in cases])
        for case in cases:
            if not ctx.enabled(self, case.team_id):
                continue
            days = ctx.days(self, case.team_id)
            # The oldest of the two voices decides: both must have scored within the window.
            since = min(last.get((case.pk, voice)) or case.started_on for voice in self.voices)
            due_on = max(since, case.started_on) + timedelta(days=days)
            if today < due_on:
                continue
            yield Candidate(
                obj=case,
                case=case,
                due_on=due_on,
                assignees=case_workers(case, ctx),
                severity=Severity.WARNING,
                team_id=case.team_id,
                url=("safety-scaling-create", {"case_code": case.code}),
            )

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        if not obj.is_open:
            return True
        last = self._last_scores([obj.pk])
        cutoff = timezone.localdate() - timedelta(days=self.default_days)
        return all((last.get((obj.pk, v)) or date.min) > cutoff for v in self.voices)
