"""Intensity: hours of direct contact per week against the target of the guidance phase (seed §2.2).

Everything is aggregated in SQL (one grouped query per view), so the number of queries does not grow
with the number of contacts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncWeek

from cocon.accounts.models import Role

from .models import (
    DEFAULT_COUNTED_TYPES,
    OPEN_STATUSES,
    Case,
    Contact,
    GuidancePhase,
    IntensityProfile,
    PhaseAxis,
    PhaseChange,
)
from .selectors import cases_visible_to

DEFAULT_TARGETS = {
    GuidancePhase.START: Decimal(6),
    GuidancePhase.COACHING: Decimal(4),
    GuidancePhase.CONSOLIDATION: Decimal(2),
}
CHART_WEEKS = 16


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Targets:
    hours: dict[str, Decimal]
    counted_types: list[str]

    def for_phase(self, phase: str) -> Decimal:
        return self.hours.get(phase, Decimal(4))


def targets_for_team(team_id: int | None) -> Targets:
    return targets_from_profile(IntensityProfile.objects.filter(team_id=team_id).first() if team_id else None)


def _case_targets(case: Case) -> Targets:
    """The targets of the case's team; from the profile fetched with the case when the page asked for it
    (`get_case_for(..., related=("team__intensity_profile",))`)."""
    team = case.team if Case.team.is_cached(case) else None
    if team is not None and type(team).intensity_profile.is_cached(team):
        try:
            return targets_from_profile(team.intensity_profile)
        except IntensityProfile.DoesNotExist:
            return targets_from_profile(None)
    return targets_for_team(case.team_id)


def targets_from_profile(profile: IntensityProfile | None) -> Targets:
    if profile is None:
        return Targets(dict(DEFAULT_TARGETS), [str(t) for t in DEFAULT_COUNTED_TYPES])
    return Targets(
        {
            GuidancePhase.START: profile.start_hours,
            GuidancePhase.COACHING: profile.coaching_hours,
            GuidancePhase.CONSOLIDATION: profile.consolidation_hours,
        },
        list(profile.counted_types) or [str(t) for t in DEFAULT_COUNTED_TYPES],
    )


def _phase_on(changes: list[PhaseChange], day: date, current: str) -> str:
    """The guidance phase in effect on `day`, from the history (changes sorted oldest first)."""
    if not changes:
        return current
    phase = changes[0].from_phase or GuidancePhase.START
    for change in changes:
        if change.changed_on > day:
            break
        phase = change.to_phase
    return phase


def _to_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def weekly_minutes(contacts: QuerySet[Contact], counted_types: list[str], since: date) -> QuerySet[Any]:
    return (
        contacts.filter(type__in=counted_types, date__gte=since)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("week")
    )


def case_intensity(case: Case, *, today: date, weeks: int = CHART_WEEKS) -> dict[str, Any] | None:
    """Hours per week for the last `weeks` weeks of the case against the phase target, with the chart."""
    begin = case.started_on or case.referred_on
    this_week = monday(today)
    first_week = max(monday(begin), this_week - timedelta(weeks=weeks - 1))
    targets = _case_targets(case)
    from .selectors import case_phase_changes_shared

    # The guidance phase changes from the ones the case page already read (for its timeline).
    changes = sorted(
        (c for c in case_phase_changes_shared(case) if c.axis == PhaseAxis.GUIDANCE),
        key=lambda c: (c.changed_on, c.created_at),
    )
    rows = weekly_minutes(Contact.objects.filter(case=case), targets.counted_types, first_week)
    minutes = {_to_date(r["week"]): r["minutes"] or 0 for r in rows}
    end_week = this_week if case.is_open or not case.closed_on else min(this_week, monday(case.closed_on))
    series = []
    week = first_week
    while week <= end_week:
        phase = _phase_on(changes, week + timedelta(days=6), case.guidance_phase)
        hours = Decimal(minutes.get(week, 0)) / 60
        target = targets.for_phase(phase)
        series.append(
            {
                "week": week,
                "iso_week": week.isocalendar()[1],
                "hours": hours.quantize(Decimal("0.1")),
                "target": target,
                "under": hours < target,
                "current": week == this_week,
            }
        )
        week += timedelta(weeks=1)
    complete = [w for w in series if not w["current"]]
    flagged = len(complete) >= 2 and complete[-1]["under"] and complete[-2]["under"] and case.is_open
    recent = complete[-4:]
    average = (sum((w["hours"] for w in recent), Decimal(0)) / len(recent)).quantize(Decimal("0.1")) if recent else None
    return {
        "series": series,
        "chart": _chart(series),
        "flagged": flagged,
        "average_4w": average,
        "current_target": targets.for_phase(case.guidance_phase),
        "this_week": series[-1] if series else None,
    }


def _chart(series: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry for the server-rendered SVG bar chart: bars per week and the target as a step line."""
    width, height, left, bottom, top = 640, 220, 34, 28, 12
    plot_h = height - bottom - top
    peak = max([float(w["hours"]) for w in series] + [float(w["target"]) for w in series] + [6.0])
    scale = plot_h / (peak * 1.1)
    n = max(len(series), 1)
    slot = (width - left - 8) / n
    bars, target_points = [], []
    for i, w in enumerate(series):
        x = left + i * slot
        h = float(w["hours"]) * scale
        bars.append(
            {
                "x": round(x + slot * 0.15, 1),
                "y": round(height - bottom - h, 1),
                "w": round(slot * 0.7, 1),
                "h": round(h, 1),
                "label_x": round(x + slot / 2, 1),
                **w,
            }
        )
        ty = round(height - bottom - float(w["target"]) * scale, 1)
        target_points.append(f"{round(x, 1)},{ty} {round(x + slot, 1)},{ty}")
    ticks = []
    step = 2 if peak <= 12 else 4
    value = 0
    while value <= peak * 1.1:
        ticks.append({"value": value, "y": round(height - bottom - value * scale, 1)})
        value += step
    return {
        "width": width,
        "height": height,
        "left": left,
        "baseline": height - bottom,
        "bars": bars,
        "target_points": " ".join(target_points),
        "ticks": ticks,
        "label_y": height - bottom + 16,
    }


def cases_under_target(cases: list[Case], *, today: date) -> set[int]:
    """Ids of open, started cases below their phase target in each of the last two complete weeks.

    One grouped query for all cases (weekly minutes per case), plus the phase histories.
    """
    cases = [c for c in cases if c.is_open and c.started_on]
    if not cases:
        return set()
    last_week = monday(today) - timedelta(weeks=1)
    week_before = last_week - timedelta(weeks=1)
    by_team: dict[int, Targets] = {}
    counted: set[str] = set()
    for c in cases:
        if c.team_id not in by_team:
            by_team[c.team_id] = targets_for_team(c.team_id)
        counted |= set(by_team[c.team_id].counted_types)
    rows = (
        Contact.objects.filter(case__in=[c.pk for c in cases], date__gte=week_before, date__lt=monday(today))
        .filter(type__in=counted)
        .annotate(week=TruncWeek("date"))
        .values("case_id", "week", "type")
        .annotate(minutes=Sum("duration_minutes"))
    )
    team_of = {c.pk: c.team_id for c in cases}
    minutes: dict[tuple[int, date], int] = {}
    for r in rows:
        if r["type"] not in by_team[team_of[r["case_id"]]].counted_types:
            continue
        key = (r["case_id"], _to_date(r["week"]))
        minutes[key] = minutes.get(key, 0) + (r["minutes"] or 0)
    changes: dict[int, list[PhaseChange]] = {}
    for change in PhaseChange.objects.filter(case__in=[c.pk for c in cases], axis=PhaseAxis.GUIDANCE).order_by(
        "changed_on", "created_at"
    ):
        changes.setdefault(change.case_id, []).append(change)
    flagged = set()
    for c in cases:
        if c.started_on > week_before:
            continue  # not two full weeks of work yet
        under = True
        for week in (week_before, last_week):
            phase = _phase_on(changes.get(c.pk, []), week + timedelta(days=6), c.guidance_phase)
            target = by_team[c.team_id].for_phase(phase)
            if Decimal(minutes.get((c.pk, week), 0)) / 60 >= target:
                under = False
        if under:
            flagged.add(c.pk)
    return flagged


def worker_week(user: Any, *, week: date) -> dict[str, Any]:
    """A worker's week across all their cases: contacts per day and hours per case."""
    end = week + timedelta(days=7)
    targets = targets_for_team(user.team_id)
    contacts = list(
        Contact.objects.filter(author=user, date__gte=week, date__lt=end, case__in=cases_visible_to(user))
        .select_related("case")
        .order_by("date", "start_time")
    )
    per_case: dict[int, dict[str, Any]] = {}
    total = 0
    counted_total = 0
    for contact in contacts:
        entry = per_case.setdefault(contact.case_id, {"case": contact.case, "minutes": 0, "counted": 0, "contacts": 0})
        entry["minutes"] += contact.duration_minutes
        entry["contacts"] += 1
        total += contact.duration_minutes
        if contact.type in targets.counted_types:
            entry["counted"] += contact.duration_minutes
            counted_total += contact.duration_minutes
    for entry in per_case.values():
        entry["hours"] = (Decimal(entry["counted"]) / 60).quantize(Decimal("0.1"))
        entry["target"] = targets.for_phase(entry["case"].guidance_phase)
        entry["under"] = entry["hours"] < entry["target"]
    days: dict[date, list[Contact]] = {}
    for contact in contacts:
        days.setdefault(contact.date, []).append(contact)
    return {
        "week": week,
        "week_end": end - timedelta(days=1),
        "iso_week": week.isocalendar()[1],
        "days": sorted(days.items()),
        "per_case": sorted(per_case.values(), key=lambda e: e["case"].family_name),
        "total_hours": (Decimal(total) / 60).quantize(Decimal("0.1")),
        "counted_hours": (Decimal(counted_total) / 60).quantize(Decimal("0.1")),
        "contact_count": len(contacts),
    }


def team_intensity(user: Any, *, week: date, today: date) -> list[dict[str, Any]]:
    """For the coördinator/werkbegeleider: every worker of the team, hours this week and last week,
    caseload, and how many of their cases are under target two weeks in a row."""
    from cocon.accounts.models import User

    previous = week - timedelta(weeks=1)
    workers = list(
        User.objects.filter(team_id=user.team_id, role=Role.CONTEXT_WORKER, is_active=True).order_by(
            "first_name", "last_name"
        )
    )
    targets = targets_for_team(user.team_id)
    rows = (
        Contact.objects.filter(author__in=workers, date__gte=previous, date__lt=week + timedelta(weeks=1))
        .filter(type__in=targets.counted_types)
        .annotate(week=TruncWeek("date"))
        .values("author_id", "week")
        .annotate(minutes=Sum("duration_minutes"))
    )
    minutes = {(r["author_id"], _to_date(r["week"])): r["minutes"] or 0 for r in rows}
    team_cases = list(Case.objects.filter(team_id=user.team_id, status__in=OPEN_STATUSES))
    flagged = cases_under_target(team_cases, today=min(today, week + timedelta(days=7)))
    caseload = Counter(c.lead_worker_id for c in team_cases)  # the open cases are read above already
    result = []
    for worker in workers:
        own = [c for c in team_cases if worker.pk in (c.lead_worker_id, c.co_worker_id)]
        result.append(
            {
                "worker": worker,
                "this_week": (Decimal(minutes.get((worker.pk, week), 0)) / 60).quantize(Decimal("0.1")),
                "last_week": (Decimal(minutes.get((worker.pk, previous), 0)) / 60).quantize(Decimal("0.1")),
                "caseload": caseload.get(worker.pk, 0),
                "max_caseload": worker.max_caseload,
                "flagged": [c for c in own if c.pk in flagged],
                "target_total": sum((targets.for_phase(c.guidance_phase) for c in own), Decimal(0)),
            }
        )
    return result


def dashboard_context(user: Any, cases: list[Case], today: date) -> dict[str, Any]:
    if user.role == Role.ADMIN or not cases:
        return {"under_target": []}
    flagged = cases_under_target(cases, today=today)
    context: dict[str, Any] = {"under_target": [c for c in cases if c.pk in flagged]}
    if user.role == Role.CONTEXT_WORKER:
        context["week"] = worker_week(user, week=monday(today))
    return context
