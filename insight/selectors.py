"""Team figures for coördinators and werkbegeleiders: caseload, method fidelity and flow.

Every figure starts from `cases_visible_to(user)` (the one gate) narrowed to the viewer's team, and every
table is computed with a fixed number of grouped queries, so the query count does not grow with the data.
A table is a `Table` so that the page, the SVG bars and the CSV export show the very same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    FOLLOW_UP_CHOSEN,
    OPEN_STATUSES,
    Case,
    Closure,
    ClosureOutcome,
    Contact,
    Evaluation,
    FollowUpHelp,
    FollowUpType,
    GuidancePhase,
    PhaseAxis,
    PhaseChange,
)
from cases.selectors import cases_visible_to
from cases.selectors_intensity import cases_under_target, monday, targets_for_team
from cocon.accounts.models import Role, User
from network.models import JimDesignation, MeetingStatus, NetworkMeeting
from safetyplans.models import (
    AgreementCheck,
    ChildConversation,
    DangerStatement,
    PlanStatus,
    SafetyPlan,
    StatementStatus,
)

READERS = (Role.COORDINATOR, Role.SUPERVISOR)


@dataclass
class Cell:
    value: Any
    url: str = ""


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def cell_rows(self) -> list[list[Cell]]:
        return [[c if isinstance(c, Cell) else Cell(c) for c in row] for row in self.rows]

    def plain_rows(self) -> list[list[Any]]:
        return [[c.value if isinstance(c, Cell) else c for c in row] for row in self.rows]


def may_read_insight(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in READERS and user.team_id)


def team_cases(user: Any) -> QuerySet[Case]:
    """The cases behind every figure: visible to the viewer (the gate) and of the viewer's team."""
    return cases_visible_to(user).filter(team_id=user.team_id)


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _cases_url(measure: str, *, state: str = "met", worker: Any = None) -> str:
    params = {"state": state}
    if worker is not None:
        params["worker"] = str(worker.code)
    return reverse("insight-cases", kwargs={"measure": measure}) + "?" + urlencode(params)


# --- caseload ------------------------------------------------------------------------------------------------


def _team_rows(user: Any, *, today: date) -> tuple[list[dict[str, Any]], int]:
    """Per worker of the team: open cases (lead), hours this week and last week, the sum of the phase
    targets of their cases and the cases under target. Built from the cases app's intensity selectors
    (`targets_for_team`, `cases_under_target`); 7 queries whatever the size of the team."""
    week = monday(today)
    previous = week - timedelta(weeks=1)
    workers = list(
        User.objects.filter(team_id=user.team_id, role=Role.CONTEXT_WORKER, is_active=True).order_by(
            "first_name", "last_name"
        )
    )
    targets = targets_for_team(user.team_id)
    minutes = {
        (r["author_id"], r["week"].date() if hasattr(r["week"], "date") else r["week"]): r["minutes"] or 0
        for r in Contact.objects.filter(author__in=workers, date__gte=previous, date__lt=week + timedelta(weeks=1))
        .filter(type__in=targets.counted_types)
        .annotate(week=TruncWeek("date"))
        .values("author_id", "week")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    }
    open_cases = list(team_cases(user).filter(status__in=OPEN_STATUSES))
    flagged = cases_under_target(open_cases, today=today)
    rows = []
    for worker in workers:
        own = [c for c in open_cases if c.lead_worker_id == worker.pk]
        rows.append(
            {
                "worker": worker,
                "this_week": (Decimal(minutes.get((worker.pk, week), 0)) / 60).quantize(Decimal("0.1")),
                "last_week": (Decimal(minutes.get((worker.pk, previous), 0)) / 60).quantize(Decimal("0.1")),
                "caseload": len(own),
                "max_caseload": worker.max_caseload,
                "flagged": [c for c in own if c.pk in flagged],
                "target_total": sum((targets.for_phase(c.guidance_phase) for c in own), Decimal(0)),
            }
        )
    return rows, len(open_cases)


def caseload(user: Any, *, today: date) -> dict[str, Any]:
    """Per worker: open cases against the maximum, hours this week and last week against the target."""
    rows, team_open = _team_rows(user, today=today)
    table = Table(
        "caseload",
        _("Caseload per worker"),
        [
            _("Context worker"),
            _("Open cases (lead)"),
            _("Maximum caseload"),
            _("Hours this week"),
            _("Hours last week"),
            _("Weekly target (hours)"),
            _("Cases under target"),
        ],
    )
    totals = {"open": 0, "max": 0, "this": Decimal(0), "last": Decimal(0), "target": Decimal(0), "under": 0}
    for r in rows:
        worker = r["worker"]
        table.rows.append(
            [
                str(worker),
                Cell(r["caseload"], _cases_url("open", worker=worker)),
                r["max_caseload"],
                r["this_week"],
                r["last_week"],
                r["target_total"],
                Cell(len(r["flagged"]), _cases_url("under-target", worker=worker)),
            ]
        )
        totals["open"] += r["caseload"]
        totals["max"] += r["max_caseload"] or 0
        totals["this"] += r["this_week"]
        totals["last"] += r["last_week"]
        totals["target"] += r["target_total"]
        totals["under"] += len(r["flagged"])
    table.rows.append(
        [
            _("Team total"),
            Cell(team_open, _cases_url("open")),
            totals["max"],
            totals["this"],
            totals["last"],
            totals["target"],
            totals["under"],
        ]
    )
    chart = bars(
        [(str(r["worker"]), r["caseload"], r["max_caseload"] or 0) for r in rows],
        caption=_("Open cases against the maximum caseload"),
    )
    hours_chart = bars(
        [(str(r["worker"]), float(r["this_week"]), float(r["target_total"])) for r in rows],
        caption=_("Hours this week against the weekly target"),
    )
    return {"table": table, "chart": chart, "hours_chart": hours_chart, "team_open": team_open}


def under_target_ids(user: Any, *, today: date) -> set[int]:
    rows, _n = _team_rows(user, today=today)
    return {c.pk for r in rows for c in r["flagged"]}


# --- method fidelity ---------------------------------------------------------------------------------------------

# measure key → label; FLAGS: the boolean annotation of `annotated_open_cases` behind it.
MEASURES: dict[str, Any] = {
    "child-voice": gettext_lazy("Child's voice recorded"),
    "jim": gettext_lazy("JIM designated"),
    "meeting": gettext_lazy("Network meeting held"),
    "danger-statement": gettext_lazy("Final danger statement"),
    "plan": gettext_lazy("Definitive safety plan"),
    "agreements": gettext_lazy("Agreements monitored in the last two weeks"),
    "evaluation": gettext_lazy("Evaluations on time"),
}
FLAGS = {
    "child-voice": "f_voice",
    "jim": "f_jim",
    "meeting": "f_meeting",
    "danger-statement": "f_statement",
    "plan": "f_plan",
    "agreements": "f_monitored",
    "evaluation": "f_late_evaluation",
}
# A plan that has been made definitive (and may since be running or evaluated).
DEFINITIVE_PLAN_STATUSES = (PlanStatus.FINAL, PlanStatus.ACTIVE, PlanStatus.EVALUATED)


def annotated_open_cases(user: Any, *, today: date) -> QuerySet[Case]:
    """Open team cases with one boolean per fidelity measure (EXISTS subqueries, one query)."""
    return (
        team_cases(user)
        .filter(status__in=OPEN_STATUSES)
        .annotate(
            f_voice=Exists(ChildConversation.objects.filter(case=OuterRef("pk"))),
            f_jim=Exists(JimDesignation.objects.filter(case=OuterRef("pk"), ended_on__isnull=True)),
            f_meeting=Exists(NetworkMeeting.objects.filter(case=OuterRef("pk"), status=MeetingStatus.HELD)),
            f_statement=Exists(
                DangerStatement.objects.filter(
                    case=OuterRef("pk"), status__in=(StatementStatus.FINAL, StatementStatus.ACHIEVED)
                )
            ),
            f_plan=Exists(SafetyPlan.objects.filter(case=OuterRef("pk"), status__in=DEFINITIVE_PLAN_STATUSES)),
            f_monitored=Exists(
                AgreementCheck.objects.filter(
                    agreement__plan__case=OuterRef("pk"), checked_on__gte=today - timedelta(days=14)
                )
            ),
            # "on time" = no evaluation planned in the past that was not held
            f_late_evaluation=Exists(
                Evaluation.objects.filter(case=OuterRef("pk"), held_on__isnull=True, planned_on__lt=today)
            ),
        )
    )


def cases_for_measure(user: Any, measure: str, *, state: str, today: date) -> QuerySet[Case]:
    qs = annotated_open_cases(user, today=today)
    met = state != "missing"
    if measure == "evaluation":
        qs = qs.filter(f_late_evaluation=not met)
    elif measure in FLAGS:
        qs = qs.filter(**{FLAGS[measure]: met})
    elif measure == "open":
        pass
    else:
        return Case.objects.none()
    return qs


def fidelity(user: Any, *, today: date) -> dict[str, Any]:
    """Share of open cases meeting each measure, per worker (lead) and for the team: one grouped query,
    plus one for the days it took to find a JIM and one for the workers' names."""
    counts = {
        "n": Count("pk"),
        "voice": Count("pk", filter=Q(f_voice=True)),
        "jim": Count("pk", filter=Q(f_jim=True)),
        "meeting": Count("pk", filter=Q(f_meeting=True)),
        "statement": Count("pk", filter=Q(f_statement=True)),
        "plan": Count("pk", filter=Q(f_plan=True)),
        "monitored": Count("pk", filter=Q(f_monitored=True)),
        "evaluation": Count("pk", filter=Q(f_late_evaluation=False)),
    }
    grouped = list(annotated_open_cases(user, today=today).values("lead_worker_id").annotate(**counts).order_by())
    # Days from opening the JIM search to the designation, for open cases with a designated JIM.
    days_rows = (
        JimDesignation.objects.filter(case__in=team_cases(user).filter(status__in=OPEN_STATUSES))
        .values("case__lead_worker_id", "case_id")
        .annotate(first=Min("designated_on"), opened=Min("search__opened_on"))
        .order_by()
    )
    days: dict[Any, list[int]] = {}
    for r in days_rows:
        if r["first"] and r["opened"]:
            days.setdefault(r["case__lead_worker_id"], []).append((r["first"] - r["opened"]).days)
    workers = {
        u.pk: u for u in User.objects.filter(pk__in=[g["lead_worker_id"] for g in grouped if g["lead_worker_id"]])
    }
    keys = [("voice", "child-voice"), ("jim", "jim"), ("meeting", "meeting"), ("statement", "danger-statement")]
    later = [("plan", "plan"), ("monitored", "agreements"), ("evaluation", "evaluation")]
    table = Table(
        "fidelity",
        _("Method fidelity per worker"),
        [_("Context worker"), _("Open cases")]
        + [str(MEASURES[m]) for _k, m in keys]
        + [_("Average days to find a JIM")]
        + [str(MEASURES[m]) for _k, m in later],
    )
    total = dict.fromkeys(["n", "voice", "jim", "meeting", "statement", "plan", "monitored", "evaluation"], 0)
    all_days: list[int] = []

    def avg(values: list[int]) -> str:
        return str(round(sum(values) / len(values))) if values else "—"

    def row_for(label: str, g: dict[str, Any], worker: Any, found_days: list[int]) -> list[Any]:
        row: list[Any] = [label, Cell(g["n"], _cases_url("open", worker=worker))]
        for key, measure in keys:
            row.append(Cell(f"{_pct(g[key], g['n'])} ({g[key]}/{g['n']})", _cases_url(measure, worker=worker)))
        row.append(avg(found_days))
        for key, measure in later:
            row.append(Cell(f"{_pct(g[key], g['n'])} ({g[key]}/{g['n']})", _cases_url(measure, worker=worker)))
        return row

    for g in sorted(grouped, key=lambda g: str(workers.get(g["lead_worker_id"], ""))):
        worker = workers.get(g["lead_worker_id"])
        label = str(worker) if worker else _("(no lead worker)")
        table.rows.append(row_for(label, g, worker, days.get(g["lead_worker_id"], [])))
        for k in total:
            total[k] += g[k]
        all_days += days.get(g["lead_worker_id"], [])
    table.rows.append(row_for(_("Team total"), total, None, all_days))
    team_chart = bars(
        [(str(MEASURES[m]), total[k], total["n"]) for k, m in [*keys, *later]],
        caption=_("Share of the team's open cases per measure"),
        percent=True,
    )
    return {"table": table, "chart": team_chart, "total": total}


# --- flow ---------------------------------------------------------------------------------------------------------

START_BUCKETS = [(0, 2), (3, 7), (8, 14), (15, None)]


def flow(user: Any, *, today: date) -> dict[str, Any]:
    cases = team_cases(user)
    # Referral → start, bucketed in SQL (date + interval comparisons work on PostgreSQL and SQLite).
    bucket_counts: dict[str, Any] = {}
    for i, (low, high) in enumerate(START_BUCKETS):
        q = Q(started_on__isnull=False, started_on__gte=F("referred_on") + timedelta(days=low))
        if high is not None:
            q &= Q(started_on__lte=F("referred_on") + timedelta(days=high))
        bucket_counts[f"b{i}"] = Count("pk", filter=q)
    bucket_counts["waiting"] = Count("pk", filter=Q(started_on__isnull=True, status__in=OPEN_STATUSES))
    agg = cases.aggregate(**bucket_counts)
    labels = [_("0–2 days"), _("3–7 days"), _("8–14 days"), _("more than 14 days"), _("not started yet")]
    values = [agg[f"b{i}"] for i in range(len(START_BUCKETS))] + [agg["waiting"]]
    start_table = Table("flow-start", _("Time from referral to start"), [_("Time to start"), _("Cases")])
    start_table.rows = [[label, value] for label, value in zip(labels, values, strict=True)]
    start_chart = bars(
        [(label, v, None) for label, v in zip(labels, values, strict=True)], caption=_("Cases by time to start")
    )

    # Duration per guidance phase: one query, the phase-change dates as subqueries.
    def change_on(phase: str) -> Subquery:
        return Subquery(
            PhaseChange.objects.filter(case=OuterRef("pk"), axis=PhaseAxis.GUIDANCE, to_phase=phase)
            .order_by("changed_on")
            .values("changed_on")[:1]
        )

    rows = cases.filter(started_on__isnull=False).annotate(
        coaching_on=change_on(GuidancePhase.COACHING), consolidation_on=change_on(GuidancePhase.CONSOLIDATION)
    )
    spans: dict[str, list[int]] = {p: [] for p in GuidancePhase.values}
    for r in rows.values("started_on", "closed_on", "status", "coaching_on", "consolidation_on"):
        end = r["closed_on"] or today
        if r["coaching_on"]:
            spans[GuidancePhase.START].append((r["coaching_on"] - r["started_on"]).days)
            if r["consolidation_on"]:
                spans[GuidancePhase.COACHING].append((r["consolidation_on"] - r["coaching_on"]).days)
                if r["closed_on"]:
                    spans[GuidancePhase.CONSOLIDATION].append((end - r["consolidation_on"]).days)
    phase_table = Table(
        "flow-phases",
        _("Duration per guidance phase (completed phases)"),
        [_("Guidance phase"), _("Cases"), _("Average weeks"), _("Median weeks")],
    )
    phase_chart_rows = []
    for value, label in GuidancePhase.choices:
        d = sorted(spans[value])
        avg_w = round(sum(d) / len(d) / 7, 1) if d else None
        med_w = round(d[len(d) // 2] / 7, 1) if d else None
        phase_table.rows.append([str(label), len(d), avg_w if d else "—", med_w if d else "—"])
        phase_chart_rows.append((str(label), avg_w or 0, None))
    phase_chart = bars(
        [(label, v, None) for label, v, _m in phase_chart_rows], caption=_("Average weeks per guidance phase")
    )

    closures = Closure.objects.filter(case__in=cases, reopened_on__isnull=True)
    by_outcome = dict(closures.values_list("outcome").annotate(n=Count("pk")).order_by())
    outcome_table = Table("flow-outcomes", _("Outcomes at closure"), [_("Outcome"), _("Cases")])
    outcome_total = sum(by_outcome.values())
    for value, label in ClosureOutcome.choices:
        n = by_outcome.get(value, 0)
        outcome_table.rows.append([str(label), f"{n} ({_pct(n, outcome_total)})"])
    outcome_chart = bars(
        [(str(label), by_outcome.get(value, 0), outcome_total or 1) for value, label in ClosureOutcome.choices],
        caption=_("Share of closed cases per outcome"),
        percent=True,
    )
    # Follow-up help decided (or started) for the team's cases, by kind: one grouped query. A case with two
    # kinds counts under both; the last row counts each case once.
    chosen = FollowUpHelp.objects.filter(case__in=cases, status__in=FOLLOW_UP_CHOSEN)
    by_type = dict(chosen.values_list("type").annotate(n=Count("case", distinct=True)).order_by())
    follow_table = Table("flow-follow-up", _("Follow-up help chosen"), [_("Kind of follow-up help"), _("Cases")])
    follow_table.rows = [[str(label), by_type.get(value, 0)] for value, label in FollowUpType.choices]
    follow_table.rows.append([_("Cases with follow-up help decided"), chosen.values("case").distinct().count()])
    return {
        "start": start_table,
        "start_chart": start_chart,
        "phases": phase_table,
        "phase_chart": phase_chart,
        "outcomes": outcome_table,
        "outcome_chart": outcome_chart,
        "follow_up": follow_table,
    }


# --- SVG bars ---------------------------------------------------------------------------------------------------


def bars(rows: list[tuple[str, Any, Any]], *, caption: str, percent: bool = False) -> dict[str, Any]:
    """Horizontal bars for a server-rendered SVG: (label, value, reference) → geometry.

    `reference` is a maximum/target drawn as a tick (or the whole when `percent`)."""
    width, label_w, row_h, right = 640, 220, 26, 60
    plot_w = width - label_w - right
    peak = max([float(v or 0) for _l, v, _r in rows] + [float(r or 0) for _l, _v, r in rows] + [1.0])
    items = []
    for i, (label, value, ref) in enumerate(rows):
        v = float(value or 0)
        if percent:
            whole = float(ref or 0)
            share = v / whole if whole else 0.0
            w = share * plot_w
            text = f"{round(share * 100)}%"
            tick = None
        else:
            w = v / peak * plot_w
            text = str(value).replace(".", ",")  # Dutch decimal comma
            tick = round(label_w + float(ref) / peak * plot_w, 1) if ref else None
        y = 4 + i * row_h
        items.append(
            {
                "label": label,
                "y": y,
                "text_y": y + 15,
                "w": round(max(w, 0), 1),
                "text": text,
                "text_x": round(label_w + max(w, 0) + 6, 1),
                "tick": tick,
                "over": bool(tick is not None and v > float(ref)),
            }
        )
    return {
        "width": width,
        "height": 8 + len(rows) * row_h,
        "label_x": label_w - 8,
        "x0": label_w,
        "items": items,
        "caption": caption,
    }
