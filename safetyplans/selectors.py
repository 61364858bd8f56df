"""Reads of the safetyplans app. Visibility is decided by `cases.selectors` (the one gate); these
functions take an already-visible case and keep a page's query count independent of its data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cases.models import FamilyRole, Person

from .models import (
    COLUMN_OF,
    OVERALL_TYPES,
    BottomLine,
    ChildConversation,
    DangerStatement,
    Mapping,
    MappingCategory,
    MappingColumn,
    MappingItem,
    SafetyGoal,
    ScalingScore,
    StatementStatus,
    StoryStatus,
    Voice,
    WordsAndPictures,
)

PARENT_ROLES = (FamilyRole.MOTHER, FamilyRole.FATHER, FamilyRole.STEP_PARENT, FamilyRole.GUARDIAN)


def case_persons(case: Any) -> QuerySet[Person]:
    return Person.objects.filter(case=case).order_by("-is_household", "first_name")


def case_children(case: Any) -> QuerySet[Person]:
    return Person.objects.filter(case=case, family_role=FamilyRole.CHILD).order_by("birth_date")


def case_family(case: Any) -> QuerySet[Person]:
    """Household members and parents (also a parent living elsewhere): whose behaviour a statement names."""
    return (
        Person.objects.filter(case=case)
        .filter(Q(is_household=True) | ~Q(family_role=""))
        .order_by("-is_household", "first_name")
    )


def case_parents(case: Any) -> QuerySet[Person]:
    return Person.objects.filter(case=case, family_role__in=PARENT_ROLES).order_by("first_name")


def get_in_case(model: Any, case: Any, code: Any, *, via: str = "case", related: tuple[str, ...] = ()) -> Any:
    """An object of `case` by its public code, else 404 (never another case's object)."""
    queryset = model.objects.filter(**{via: case, "code": code})
    if related:
        queryset = queryset.select_related(*related)
    obj = queryset.first()
    if obj is None:
        raise Http404
    return obj


# --- the map -------------------------------------------------------------------------------------


def maps_for(case: Any) -> QuerySet[Mapping]:
    return Mapping.objects.filter(case=case).select_related("created_by").prefetch_related("participants")


@dataclass
class MapColumn:
    key: str
    label: str
    categories: list[tuple[str, str, list[MappingItem]]] = field(default_factory=list)


def map_columns(mapping: Mapping) -> list[MapColumn]:
    """The three columns with their categories, in the order of DOMAIN §2.3."""
    items = list(MappingItem.objects.filter(mapping=mapping).select_related("said_by").prefetch_related("children"))
    by_category: dict[str, list[MappingItem]] = defaultdict(list)
    for item in items:
        by_category[item.category].append(item)
    columns = {key: MapColumn(key=key, label=str(label)) for key, label in MappingColumn.choices}
    for category, label in MappingCategory.choices:
        columns[COLUMN_OF[category]].categories.append((category, str(label), by_category.get(category, [])))
    return list(columns.values())


def compare_maps(first: Mapping, second: Mapping) -> list[dict[str, Any]]:
    """Side by side per category; items whose text is not in the other map are marked as new/gone."""
    left = {c: items for col in map_columns(first) for c, _label, items in col.categories}
    right = {c: items for col in map_columns(second) for c, _label, items in col.categories}
    rows = []
    for category, label in MappingCategory.choices:
        left_texts = {i.text.strip().lower() for i in left[category]}
        right_texts = {i.text.strip().lower() for i in right[category]}
        rows.append(
            {
                "category": category,
                "label": label,
                "column": COLUMN_OF[category],
                "left": [(i, i.text.strip().lower() not in right_texts) for i in left[category]],
                "right": [(i, i.text.strip().lower() not in left_texts) for i in right[category]],
            }
        )
    return rows


# --- statements, goals, bottom lines ---------------------------------------------------------------


@dataclass
class Series:
    """One statement/goal/bottom line across its versions."""

    lineage: Any
    versions: list[Any]

    @property
    def current(self) -> Any:
        """The version that counts now: the newest one that is not a draft of a change in progress."""
        effective = [v for v in self.versions if v.status != StatementStatus.SUPERSEDED]
        settled = [v for v in effective if not (v.status == StatementStatus.DRAFT and v.supersedes_id)]
        return (settled or effective or self.versions)[-1]

    @property
    def pending(self) -> Any | None:
        """A new draft version being prepared for an established one."""
        drafts = [v for v in self.versions if v.status == StatementStatus.DRAFT and v.supersedes_id]
        return drafts[-1] if drafts else None

    @property
    def is_active(self) -> bool:
        return self.current.status != StatementStatus.SUPERSEDED


def _series(objects: list[Any]) -> list[Series]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for obj in objects:
        grouped[obj.lineage].append(obj)
    result = [Series(lineage, sorted(versions, key=lambda v: v.number)) for lineage, versions in grouped.items()]
    result.sort(key=lambda s: s.versions[0].created_at)
    return result


def statement_series(case: Any) -> list[dict[str, Any]]:
    """Every danger statement with its versions and the goals paired with it (by lineage).

    Two queries: the overview shows titles, texts and states, not the persons linked to a statement."""
    statements = list(DangerStatement.objects.filter(case=case))
    goals = list(SafetyGoal.objects.filter(case=case).select_related("danger_statement"))
    goals_by_statement: dict[Any, list[Any]] = defaultdict(list)
    for goal in goals:
        goals_by_statement[goal.danger_statement.lineage].append(goal)
    result = []
    for series in _series(statements):
        goal_series = _series(goals_by_statement.get(series.lineage, []))
        current_goals = [g.current for g in goal_series]
        result.append(
            {
                "series": series,
                "statement": series.current,
                "goals": goal_series,
                "has_final_goal": any(
                    g.status in (StatementStatus.FINAL, StatementStatus.ACHIEVED) for g in current_goals
                ),
            }
        )
    return result


def active_statement_count_in(series: list[dict[str, Any]]) -> int:
    """As `services.active_statement_count`, from the series already loaded: one per lineage with a draft,
    provisional or established version."""
    active = (StatementStatus.DRAFT, StatementStatus.PROVISIONAL, StatementStatus.FINAL)
    return sum(1 for entry in series if any(v.status in active for v in entry["series"].versions))


def bottom_line_series(case: Any) -> list[Series]:
    return _series(list(BottomLine.objects.filter(case=case).select_related("set_by_user")))


def history(obj: Any) -> list[Any]:
    return list(
        type(obj)
        .objects.filter(lineage=obj.lineage, case=obj.case)
        .select_related("created_by", "updated_by")
        .order_by("number")
    )


def final_statements(case: Any) -> QuerySet[DangerStatement]:
    """The established frame for the safety plan (step 8) — used by the plan issue."""
    return DangerStatement.objects.filter(case=case, status=StatementStatus.FINAL)


def final_goals(case: Any) -> QuerySet[SafetyGoal]:
    return SafetyGoal.objects.filter(case=case, status__in=(StatementStatus.FINAL, StatementStatus.ACHIEVED))


def final_bottom_lines(case: Any) -> QuerySet[BottomLine]:
    return BottomLine.objects.filter(case=case, status=StatementStatus.FINAL)


def current_goals(case: Any) -> list[SafetyGoal]:
    return [s.current for s in _series(list(SafetyGoal.objects.filter(case=case))) if s.is_active]


# --- scaling chart ----------------------------------------------------------------------------------

VOICE_COLOURS = {
    Voice.PARENT: "#1d4f73",
    Voice.CHILD: "#b5179e",
    Voice.JIM: "#2a9d8f",
    Voice.NETWORK: "#6a4c93",
    Voice.CONSULTANT: "#a4161a",
    Voice.CONTEXT_WORKER: "#8a5a00",
}
DASHES = ["", "6 3", "2 3", "8 3 2 3"]


def scaling_chart(
    case: Any,
    *,
    goal: SafetyGoal | None = None,
    scores: list[ScalingScore] | None = None,
    width: int = 640,
    height: int = 260,
) -> dict[str, Any]:
    """Coordinates for a server-rendered SVG: one line per person, the spread per date as a band.

    Pass `scores` (ordered by date) when the caller already has them, to keep a page's queries flat.
    """
    if scores is None:
        queryset = ScalingScore.objects.filter(case=case).select_related("person").order_by("date", "pk")
        if goal is not None:
            queryset = queryset.filter(goal__lineage=goal.lineage)
        else:
            queryset = queryset.filter(scale_type__in=OVERALL_TYPES)
        scores = list(queryset)
    left, right, top, bottom = 34, 22, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    dates = sorted({s.date for s in scores})
    if not dates:
        return {"empty": True, "width": width, "height": height}
    first, last = dates[0], dates[-1]
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        if first == last:
            return left + plot_w / 2
        return round(left + plot_w * (day - first).days / span, 1)

    def y(score: int) -> float:
        return round(top + plot_h * (10 - score) / 10, 1)

    lines: dict[str, dict[str, Any]] = {}
    voice_seen: dict[str, int] = defaultdict(int)
    by_date: dict[date, list[int]] = defaultdict(list)
    for score in scores:
        key = f"p{score.person_id}" if score.person_id else f"n{score.scorer_name.strip().lower()}"
        if key not in lines:
            dash = DASHES[voice_seen[score.voice] % len(DASHES)]
            voice_seen[score.voice] += 1
            lines[key] = {
                "label": score.scorer_label,
                "voice": score.get_voice_display(),
                "colour": VOICE_COLOURS.get(score.voice, "#333333"),
                "dash": dash,
                "points": [],
            }
        lines[key]["points"].append({"x": x(score.date), "y": y(score.score), "score": score.score, "date": score.date})
        by_date[score.date].append(score.score)
    # Lines with equal scores would hide each other: nudge each line a pixel or two apart.
    count = len(lines)
    for index, line in enumerate(lines.values()):
        nudge = round((index - (count - 1) / 2) * 1.4, 1)
        for point in line["points"]:
            point["y"] = round(point["y"] + nudge, 1)
    for line in lines.values():
        line["path"] = " ".join(f"{p['x']},{p['y']}" for p in line["points"])
        line["last"] = line["points"][-1]
    # The band between the lowest and the highest score of each date: the spread between the voices.
    upper = [(x(d), y(max(by_date[d]))) for d in dates]
    lower = [(x(d), y(min(by_date[d]))) for d in reversed(dates)]
    band = " ".join(f"{px},{py}" for px, py in upper + lower)
    spreads = [
        {"date": d, "low": min(by_date[d]), "high": max(by_date[d]), "spread": max(by_date[d]) - min(by_date[d])}
        for d in dates
    ]
    return {
        "empty": False,
        "width": width,
        "height": height,
        "left": left,
        "right_edge": width - right,
        "top": top,
        "bottom_edge": top + plot_h,
        "gridlines": [{"y": y(v), "label": v} for v in (0, 2, 4, 6, 8, 10)],
        "xticks": _ticks([(x(d), d) for d in dates]),
        "lines": list(lines.values()),
        "band": band if len(dates) > 1 else "",
        "spreads": spreads,
        "latest_spread": spreads[-1],
        "title": _("Safety scale per person over time"),
    }


def _ticks(points: list[tuple[float, date]]) -> list[dict[str, Any]]:
    """Every date gets a grid line; a label only when it does not overlap the previous label."""
    ticks, last_label = [], -1000.0
    for px, day in points:
        label = px - last_label >= 30
        if label:
            last_label = px
        ticks.append({"x": px, "date": day, "label": label})
    return ticks


def goal_charts(case: Any) -> list[tuple[SafetyGoal, dict[str, Any]]]:
    """One chart per current goal, from a single query for all goal scores."""
    goals = current_goals(case)
    by_lineage: dict[Any, list[ScalingScore]] = defaultdict(list)
    for score in (
        ScalingScore.objects.filter(case=case, goal__isnull=False)
        .select_related("person", "goal")
        .order_by("date", "pk")
    ):
        by_lineage[score.goal.lineage].append(score)
    return [(goal, scaling_chart(case, goal=goal, scores=by_lineage.get(goal.lineage, []))) for goal in goals]


def overall_scores(case: Any) -> list[ScalingScore]:
    """The overall scaling scores of the case, oldest first (for the chart and the latest per person)."""
    return list(
        ScalingScore.objects.filter(case=case, scale_type__in=OVERALL_TYPES)
        .select_related("person")
        .order_by("date", "pk")
    )


def latest_scores(case: Any, *, scores: list[ScalingScore] | None = None) -> list[ScalingScore]:
    """The most recent overall score of each person (the case page's "at a glance"); pass the
    `overall_scores` already read to save the query."""
    latest: dict[str, ScalingScore] = {}
    for score in overall_scores(case) if scores is None else scores:
        key = f"p{score.person_id}" if score.person_id else f"n{score.scorer_name.strip().lower()}"
        latest[key] = score
    return sorted(latest.values(), key=lambda s: s.scorer_label)


# --- the child's voice ---------------------------------------------------------------------------------


def conversations_for(case: Any) -> QuerySet[ChildConversation]:
    return ChildConversation.objects.filter(case=case).select_related("child").prefetch_related("drawings")


def stories_for(case: Any) -> QuerySet[WordsAndPictures]:
    return WordsAndPictures.objects.filter(case=case).prefetch_related("children").order_by("lineage", "-number")


def story_with_pages(story: WordsAndPictures) -> WordsAndPictures:
    return (
        WordsAndPictures.objects.filter(pk=story.pk)
        .prefetch_related(
            "children",
            "approved_by",
            "present_at_sharing",
            Prefetch("pages", queryset=story.pages.model.objects.select_related("picture").order_by("order", "pk")),
        )
        .get()
    )


def not_to_share_reminders(case: Any) -> list[ChildConversation]:
    """What children asked not to share: a child-facing text must not contain it (DOMAIN §8 rule 12)."""
    return list(
        ChildConversation.objects.filter(case=case, consent_to_share__in=("partly", "no")).select_related("child")
    )


def shared_story_exists(case: Any) -> bool:
    return WordsAndPictures.objects.filter(case=case, status__in=(StoryStatus.SHARED,)).exists()


# --- safety plans (DOMAIN §5.15–5.17) ------------------------------------------------------------------


def plans_for(case: Any) -> QuerySet[Any]:
    from .models import SafetyPlan

    return SafetyPlan.objects.filter(case=case).select_related("supersedes").order_by("-created_at")


def plan_agreements(plan: Any, *, with_comments: bool = True) -> list[Any]:
    """The agreements of a plan with everything a page or PDF shows, in a fixed number of queries.

    `with_comments=False` for a page that reads all the plan's comments itself (`plan_comments`)."""
    from .models import PlanComment

    related: list[Any] = ["responsible"]
    if with_comments:
        related.append(Prefetch("comments", queryset=PlanComment.objects.select_related("created_by")))
    return list(
        plan.agreements.select_related("goal", "bottom_line", "monitor_professional", "monitor_network")
        .prefetch_related(*related)
        .order_by("number")
    )


def plan_comments(plan: Any, agreements: list[Any]) -> list[Any]:
    """Every review comment on the plan, oldest first, in one query; each agreement of `agreements` gets its
    own as `review_comments`. Returns the general ones (on the plan as a whole)."""
    comments = list(plan.comments.select_related("created_by"))
    by_agreement: dict[Any, list[Any]] = defaultdict(list)
    for comment in comments:
        by_agreement[comment.agreement_id].append(comment)
    for agreement in agreements:
        agreement.review_comments = by_agreement.get(agreement.pk, [])
    return by_agreement.get(None, [])


def current_plan(case: Any) -> Any | None:
    """The version in force: the newest definitive one that is not replaced."""
    from .models import PlanStatus

    return (
        plans_for(case)
        .filter(status__in=(PlanStatus.FINAL, PlanStatus.ACTIVE, PlanStatus.EVALUATED))
        .order_by("-finalised_on", "-created_at")
        .first()
    )


def agreement_checks_due(case: Any, today: date, *, plan: Any = None) -> list[tuple[Any, date]]:
    """(agreement, due date) for each agreement of the plan in force whose next check is due by `today`.

    The interval follows the agreement's check frequency (or its frequency); the last check of the same
    agreement in an earlier version counts, so a new version does not reset the monitoring.
    """
    from datetime import timedelta

    from django.db.models import Max, Min

    from .models import Agreement, AgreementCheck, AgreementStatus, Frequency

    plan = plan or current_plan(case)
    if plan is None:
        return []
    agreements = list(plan.agreements.filter(status=AgreementStatus.ACTIVE).order_by("number"))
    stats = {
        row["agreement__series"]: (row["first"], row["last"])
        for row in AgreementCheck.objects.filter(agreement__series__in=[a.series for a in agreements])
        .values("agreement__series")
        .annotate(first=Min("checked_on"), last=Max("checked_on"))
    }
    start = plan.valid_from or plan.finalised_on or today
    due: list[tuple[Any, date]] = []
    for agreement in agreements:
        if agreement.paused_until and agreement.paused_until > today:
            continue
        first, previous = stats.get(agreement.series, (None, None))
        frequency = agreement.check_frequency or agreement.frequency
        if frequency == Frequency.ONCE:
            if previous is None and start <= today:
                due.append((agreement, start))
            continue
        if frequency == Frequency.MONTHLY:
            # Monthly checks keep the day of the month of the first check (or the plan's start).
            next_on = _next_monthly(first or start, previous)
        else:
            interval = agreement.check_interval_days
            if not interval:
                continue
            next_on = (previous or start) + timedelta(days=interval)
        if next_on <= today:
            due.append((agreement, next_on))
    assert all(isinstance(a, Agreement) for a, _d in due)
    return due


def _add_months(day: date, months: int) -> date:
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _next_monthly(anchor: date, previous: date | None) -> date:
    """The first anchor day (same day of the month) after the last check, or one month after the anchor.

    A check nearer to the coming anchor day than to the one before it is that month's check done a few
    days early (a weekly home visit on the 11th checks the agreement due on the 16th): the next one is due
    a month later. A check just after an anchor day is the late check of that day.
    """
    months = 1
    while previous is not None and _add_months(anchor, months) <= previous:
        months += 1
    due = _add_months(anchor, months)
    if previous is not None and due - previous < previous - _add_months(anchor, months - 1):
        due = _add_months(anchor, months + 1)
    return due


def monitoring_log(case: Any, limit: int = 200) -> list[Any]:
    from .models import AgreementCheck

    return list(
        AgreementCheck.objects.filter(agreement__plan__case=case)
        .select_related("agreement__plan", "on_behalf_of", "created_by")
        .order_by("-checked_on", "-created_at")[:limit]
    )


def incidents_for(case: Any) -> list[Any]:
    from .models import Agreement, Incident

    return list(
        Incident.objects.filter(case=case)
        .select_related("plan", "created_by")
        .prefetch_related(Prefetch("agreements", queryset=Agreement.objects.order_by("number")))
    )


def open_bottom_line_incidents(case: Any) -> QuerySet[Any]:
    """Incidents with a breached bottom line whose escalation nobody has closed yet (R-BOTTOMLINE)."""
    from .models import Incident

    return Incident.objects.filter(case=case, bottom_line_breached=True, escalation_closed_on__isnull=True).order_by(
        "-occurred_on"
    )


def compare_plans(first: Any, second: Any) -> dict[str, Any]:
    """Side by side: the plan's texts and each agreement (matched by series, else by number)."""
    from .models import SafetyPlan
    from .services.plans import AGREEMENT_FIELDS, PLAN_FIELDS

    rows = []
    for name in PLAN_FIELDS:
        if name == "change_note":
            continue
        label = SafetyPlan._meta.get_field(name).verbose_name
        left, right = _display(first, name), _display(second, name)
        rows.append({"label": label, "left": left, "right": right, "changed": left != right})
    left_agreements = {a.series: a for a in plan_agreements(first)}
    right_agreements = {a.series: a for a in plan_agreements(second)}
    agreements = []
    keys = list(left_agreements) + [key for key in right_agreements if key not in left_agreements]
    for key in keys:
        left, right = left_agreements.get(key), right_agreements.get(key)
        changed = [
            name
            for name in AGREEMENT_FIELDS
            if left is None or right is None or _display(left, name) != _display(right, name)
        ]
        agreements.append({"left": left, "right": right, "changed": bool(changed)})
    return {"fields": rows, "agreements": agreements}


def _display(obj: Any, name: str) -> str:
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if getter else getattr(obj, name)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
