"""Rules on the safetyplans app: statements, the child's voice, scaling, analyses (DOMAIN §7).

Rules on plans, agreements, checks, incidents and plan reviews are in plans.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any, ClassVar

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cocon.accounts.models import Role

from ..models import Severity
from . import CASE_FIELDS, children_q, register
from .rows import WORKERS, PerCaseRule, PerRowRule


def _model(name: str) -> Any:
    import safetyplans.models as models

    return getattr(models, name, None)


ESTABLISHED = ("final", "achieved")  # danger statements past the provisional stage


def _shared_with_child() -> Q:
    return Q(status="shared_with_child") | Q(shared_on__isnull=False)


def _running_cases() -> Any:
    from cases.models import OPEN_STATUSES, Case

    return Case.objects.filter(status__in=OPEN_STATUSES, started_on__isnull=False).only(*CASE_FIELDS)


class CaseAgeRule(PerCaseRule):
    """A thing that should exist some days after the start of the guidance; the case is the object."""

    model_name: ClassVar[str] = ""
    since_field = "started_on"
    warn_before = 3

    def available(self) -> bool:
        return _model(self.model_name) is not None

    def exists_filter(self) -> dict[str, Any]:
        return {}

    def rows(self, today: date) -> Iterable[Any]:
        done = _model(self.model_name).objects.filter(case=OuterRef("pk"), **self.exists_filter())
        return _running_cases().annotate(done=Exists(done)).filter(done=False)

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
        return {"status__in": ["provisional", *ESTABLISHED]}


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
    to = (WORKERS, Role.SUPERVISOR)


@register
class ChildUnheardRule(PerRowRule):
    """R-CHILD-UNHEARD: a child of a running case with no child conversation 14 days after the start."""

    code = "R-CHILD-UNHEARD"
    title = _("Talk with the child on their own")
    default_days = 14
    since_field = "case.started_on"
    warn_before = 3
    url_name = "safety-child-create"

    def available(self) -> bool:
        return _model("ChildConversation") is not None

    def rows(self, today: date) -> Iterable[Any]:
        from cases.models import OPEN_STATUSES, Person

        heard = _model("ChildConversation").objects.filter(child=OuterRef("pk"))
        return (
            Person.objects.filter(children_q())
            .filter(case__status__in=OPEN_STATUSES, case__started_on__isnull=False)
            .annotate(heard=Exists(heard))
            .filter(heard=False)
            .select_related("case")
        )

    def is_resolved(self, obj: Any) -> bool:
        return not obj.case.is_open or _model("ChildConversation").objects.filter(child=obj).exists()


@register
class WordsAndPicturesRule(PerCaseRule):
    """R-WP-DUE: no Words & Pictures shared with the child — before the first network meeting, or by day 21."""

    code = "R-WP-DUE"
    title = _("Share the Words & Pictures story")
    default_days = 21
    since_field = "started_on"
    warn_before = 7
    url_name = "safety-story-create"

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

    def rows(self, today: date) -> Iterable[Any]:
        shared = _model("WordsAndPictures").objects.filter(_shared_with_child(), case=OuterRef("pk"))
        cases = list(_running_cases().annotate(shared=Exists(shared)).filter(shared=False))
        first = self._first_meeting() if cases else {}
        for case in cases:
            case.first_meeting = first.get(case.pk)
        return cases

    def due_on(self, row: Any, since: date, days: int) -> date:
        due_on = super().due_on(row, since, days)
        # Before the first network meeting, when that comes sooner.
        return row.first_meeting if row.first_meeting is not None and row.first_meeting < due_on else due_on

    def is_resolved(self, obj: Any) -> bool:
        return not obj.is_open or _model("WordsAndPictures").objects.filter(_shared_with_child(), case=obj).exists()


@register
class FinalStatementRule(PerCaseRule):
    """R-DS-FINAL: no established danger statement a week after the first network meeting was held."""

    code = "R-DS-FINAL"
    title = _("Establish the danger statements and safety goals")
    default_days = 7
    since_field = "first_held"
    notify_after = 1
    planned_ahead = True  # from the day of the meeting on (`rows`), notified the day after
    url_name = "safety-overview"

    def available(self) -> bool:
        try:
            from network.models import NetworkMeeting  # noqa: F401
        except ImportError:
            return False
        return _model("DangerStatement") is not None

    def rows(self, today: date) -> Iterator[Any]:
        from django.db.models import Min

        from network.models import NetworkMeeting

        final = _model("DangerStatement").objects.filter(case=OuterRef("pk"), status__in=ESTABLISHED)
        cases = {c.pk: c for c in _running_cases().annotate(final=Exists(final)).filter(final=False)}
        held = (
            NetworkMeeting.objects.filter(case_id__in=cases, status="held")
            .values("case_id")
            .annotate(first=Min("date"))
        )
        for row in held:
            if today >= row["first"]:
                case = cases[row["case_id"]]
                case.first_held = row["first"]
                yield case

    def is_resolved(self, obj: Any) -> bool:
        return not obj.is_open or _model("DangerStatement").objects.filter(case=obj, status__in=ESTABLISHED).exists()


@register
class ScaleStaleRule(PerCaseRule):
    """R-SCALE-STALE: no overall safety score from the parents and from the consultant in the last 28 days."""

    code = "R-SCALE-STALE"
    title = _("Ask the parents and the consultant for a safety score")
    default_days = 28
    voices = ("parent", "consultant")
    since_field = "scored_since"
    overdue_severity = Severity.WARNING
    url_name = "safety-scaling-create"

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

    def rows(self, today: date) -> Iterable[Any]:
        cases = list(_running_cases())
        last = self._last_scores([c.pk for c in cases])
        for case in cases:
            # The oldest of the two voices decides: both must have scored within the window.
            since = min(last.get((case.pk, voice)) or case.started_on for voice in self.voices)
            case.scored_since = max(since, case.started_on)
        return cases

    def is_resolved(self, obj: Any) -> bool:
        from django.utils import timezone

        if not obj.is_open:
            return True
        last = self._last_scores([obj.pk])
        cutoff = timezone.localdate() - timedelta(days=self.default_days)
        return all((last.get((obj.pk, v)) or date.min) > cutoff for v in self.voices)
