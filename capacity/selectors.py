"""Reads of the capacity app: places, occupancy, the waiting list, the forecast and the dashboard.

Capacity is a team matter: a coördinator (and, read-only, the werkbegeleider) sees the aggregate
counts of their OWN team, whatever the case gate would let them open one by one. Nobody else sees
capacity. Every function takes the team, never a team chosen by the visitor.

The case fields used here (`planned_end`, `guidance_phase`, `region`, the referral's urgency) are read
defensively, so that this app keeps working while the cases app grows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from cases.models import Case, CaseStatus
from cocon.accounts.models import Role

from .models import (
    DECLARATION_RHYTHM_DAYS,
    LAPSE_AFTER_DAYS,
    NOTICE_DAYS,
    CapacityDeclaration,
    CapacityPool,
    DeclarationRecipient,
    DeclarationStatus,
    DeclaredPlace,
    PlaceStatus,
)

OCCUPYING = (CaseStatus.ACTIVE, CaseStatus.ON_HOLD, CaseStatus.CLOSING)
WAITING = (CaseStatus.REFERRED, CaseStatus.WAITING)
MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 2, 6, 6
START_TARGET_DAYS, START_MAX_DAYS = 7, 14


def _case_has(name: str) -> bool:
    try:
        Case._meta.get_field(name)
    except Exception:  # FieldDoesNotExist; the cases app may not have the field yet
        return False
    return True


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- Who may see which team's capacity ------------------------------------------------------------


def capacity_team_id_for(user: Any) -> int | None:
    """The id of the team whose capacity `user` may read: their own, for coördinators and werkbegeleiders."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role in (Role.COORDINATOR, Role.SUPERVISOR) and user.team_id:
        return user.team_id
    return None


def capacity_team_for(user: Any) -> Any | None:
    """The team whose capacity `user` may read (see `capacity_team_id_for`)."""
    return user.team if capacity_team_id_for(user) else None


def capacity_can_manage(user: Any) -> bool:
    """Only the coördinator declares, links places and keeps the recipient list."""
    return capacity_team_for(user) is not None and user.role == Role.COORDINATOR


def team_pools(team: Any) -> list[CapacityPool]:
    return list(CapacityPool.objects.filter(team=team).order_by("region", "module", "pk"))


def team_recipients(team: Any, *, active_only: bool = False) -> QuerySet[DeclarationRecipient]:
    qs = DeclarationRecipient.objects.filter(team=team)
    return qs.filter(active=True) if active_only else qs


def team_declarations(team: Any) -> QuerySet[CapacityDeclaration]:
    return (
        CapacityDeclaration.objects.filter(pool__team=team)
        .select_related("pool", "declared_by", "source_case")
        .prefetch_related(Prefetch("place_rows", queryset=DeclaredPlace.objects.select_related("filled_by_case")))
        .order_by("-declared_on", "-created_at")
    )


def declaration_for_team(team: Any, code: Any) -> CapacityDeclaration | None:
    return team_declarations(team).filter(code=code).first()


def worker_places(team: Any) -> int:
    """Places from the workers: the sum of FTE × maximum caseload of the team's active context workers."""
    from cocon.accounts.models import User

    total = Decimal(0)
    for fte, caseload in User.objects.filter(team=team, role=Role.CONTEXT_WORKER, is_active=True).values_list(
        "fte", "max_caseload"
    ):
        total += (fte or 0) * (caseload or 0)
    return int(total)


# --- Occupancy and forecast -----------------------------------------------------------------------


@dataclass
class Ending:
    code: Any
    reference: str
    family_name: str
    planned_end: date
    overdue: bool


@dataclass
class Week:
    start: date
    end: date
    endings: int = 0
    declared: int = 0
    free: int = 0


@dataclass
class PoolState:
    pool: CapacityPool | None
    label: str
    region: str
    total: int
    from_workers: bool
    occupied: int = 0
    waiting: int = 0
    open_declared: int = 0
    endings: list[Ending] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    today: date | None = None
    _declared_from: list[date] = field(default_factory=list, repr=False)

    @property
    def free_now(self) -> int:
        return self.free_on(self.today) if self.today else 0

    def free_on(self, day: date) -> int:
        """Places free on `day`: total − still occupied then − waiting list − declared places not yet filled."""
        still = self.occupied - sum(1 for e in self.endings if e.planned_end <= day)
        declared = sum(1 for d in self._declared_from if d <= day)
        return self.total - still - self.waiting - declared


@dataclass
class TeamCapacity:
    team: Any
    today: date
    pools: list[PoolState]
    total: PoolState
    weeks_count: int

    @property
    def has_pools(self) -> bool:
        return any(p.pool is not None for p in self.pools)

    @property
    def rows(self) -> list[tuple[Week, list[int]]]:
        """Per week: the team's numbers and the free places of each pool (for the table)."""
        return [(week, [s.weeks[k].free for s in self.pools]) for k, week in enumerate(self.total.weeks)]


def team_case_rows(team: Any) -> list[dict[str, Any]]:
    """The team's open cases as plain rows: one query, whatever the number of cases.

    The capacity page computes the forecast and the declaration prompt from the same rows."""
    names = ["pk", "code", "reference", "family_name", "status", "referred_on", "started_on"]
    names += [n for n in ("planned_end", "guidance_phase", "region") if _case_has(n)]
    return list(
        Case.objects.filter(team=team, status__in=OCCUPYING + WAITING).order_by("referred_on", "pk").values(*names)
    )


def _is_ending(row: dict[str, Any]) -> bool:
    """A planned ending: in consolidation (or closing) with a planned end date."""
    if not row.get("planned_end"):
        return False
    return row.get("guidance_phase") == "consolidation" or row["status"] == CaseStatus.CLOSING


def _pool_for_row(row: dict[str, Any], states: list[PoolState]) -> PoolState:
    region = (row.get("region") or "").strip().casefold()
    for state in states:
        if region and state.region.casefold() == region:
            return state
    return states[0]


def team_place_rows(team: Any) -> list[dict[str, Any]]:
    """Every declared place of the team as a plain row: for the forecast (the open ones) and the dashboard
    (declared, filled and lapsed per month). One query; a team declares a few places a month."""
    return list(
        DeclaredPlace.objects.filter(declaration__pool__team=team).values(
            "status",
            "filled_on",
            "lapsed_on",
            pool_id=F("declaration__pool_id"),
            available_from=F("declaration__available_from"),
            declared_on=F("declaration__declared_on"),
            declaration_status=F("declaration__status"),
        )
    )


def _is_open_place(row: dict[str, Any]) -> bool:
    """As `open_places`: declared, nobody filled it, and its declaration was not withdrawn."""
    return row["status"] == PlaceStatus.DECLARED and row["declaration_status"] != DeclarationStatus.WITHDRAWN


def team_capacity(
    team: Any,
    *,
    today: date,
    weeks: int = DEFAULT_WEEKS,
    case_rows: list[dict[str, Any]] | None = None,
    place_rows: list[dict[str, Any]] | None = None,
) -> TeamCapacity:
    """Places, occupancy, planned endings and the forecast per week for each pool and for the team.

    A fixed number of queries: pools, workers (only when a pool counts from them), cases, places. A page that
    already has the rows of `team_case_rows` / `team_place_rows` passes them in.
    """
    weeks = max(MIN_WEEKS, min(MAX_WEEKS, weeks))
    pools = team_pools(team)
    needs_workers = any(p.total_places is None for p in pools) or not pools
    from_workers = worker_places(team) if needs_workers else 0
    states = [
        PoolState(
            pool=p,
            label=p.module,
            region=p.region,
            total=p.total_places if p.total_places is not None else from_workers,
            from_workers=p.total_places is None,
        )
        for p in pools
    ] or [PoolState(pool=None, label=str(team), region=team.region, total=from_workers, from_workers=True)]
    for state in states:
        state.today = today

    for row in team_case_rows(team) if case_rows is None else case_rows:
        state = _pool_for_row(row, states)
        if row["status"] in WAITING:
            state.waiting += 1
            continue
        state.occupied += 1
        if _is_ending(row):
            state.endings.append(
                Ending(
                    code=row["code"],
                    reference=row["reference"],
                    family_name=row["family_name"],
                    planned_end=row["planned_end"],
                    overdue=row["planned_end"] < today,
                )
            )
    by_pool = {s.pool.pk: s for s in states if s.pool is not None}
    for place in team_place_rows(team) if place_rows is None else place_rows:
        state = by_pool.get(place["pool_id"])
        if state is not None and _is_open_place(place):
            state._declared_from.append(place["available_from"])
            state.open_declared += 1

    first = monday(today)
    for state in states:
        state.endings.sort(key=lambda e: e.planned_end)
        for k in range(weeks):
            start = first + timedelta(weeks=k)
            end = start + timedelta(days=6)
            state.weeks.append(
                Week(
                    start=start,
                    end=end,
                    endings=sum(1 for e in state.endings if start <= e.planned_end <= end or (k == 0 and e.overdue)),
                    declared=sum(1 for d in state._declared_from if start <= d <= end or (k == 0 and d < start)),
                    free=state.free_on(end),
                )
            )

    total = PoolState(
        pool=None,
        label=str(team),
        region=", ".join(sorted({s.region for s in states if s.region})),
        total=sum(s.total for s in states),
        from_workers=all(s.from_workers for s in states),
        occupied=sum(s.occupied for s in states),
        waiting=sum(s.waiting for s in states),
        open_declared=sum(s.open_declared for s in states),
        endings=sorted((e for s in states for e in s.endings), key=lambda e: e.planned_end),
    )
    total._declared_from = [d for s in states for d in s._declared_from]
    total.today = today
    for k in range(weeks):
        total.weeks.append(
            Week(
                start=states[0].weeks[k].start,
                end=states[0].weeks[k].end,
                endings=sum(s.weeks[k].endings for s in states),
                declared=sum(s.weeks[k].declared for s in states),
                free=sum(s.weeks[k].free for s in states),
            )
        )
    return TeamCapacity(team=team, today=today, pools=states, total=total, weeks_count=weeks)


def pool_free_on(pool: CapacityPool, day: date, *, today: date) -> int:
    """What the forecast shows free in `pool` on `day` (used to warn before declaring more)."""
    capacity = team_capacity(pool.team, today=today, weeks=MIN_WEEKS)
    for state in capacity.pools:
        if state.pool is not None and state.pool.pk == pool.pk:
            return state.free_on(day)
    return 0


@dataclass(frozen=True)
class DeclarationWarning:
    code: str  # "short_notice" | "over_forecast"
    notice_days: int = 0
    places: int = 0
    free: int = 0


def declaration_warnings(*, pool: CapacityPool, places: int, available_from: date, today: date) -> list[Any]:
    """What the coördinator must confirm before declaring: shorter notice than 14 days, more than free."""
    warnings: list[DeclarationWarning] = []
    notice = (available_from - today).days
    if notice < NOTICE_DAYS:
        warnings.append(DeclarationWarning("short_notice", notice_days=notice))
    free = pool_free_on(pool, available_from, today=today)
    if places > free:
        warnings.append(DeclarationWarning("over_forecast", places=places, free=free))
    return warnings


# --- Waiting list ---------------------------------------------------------------------------------


def waiting_list(team: Any, *, today: date) -> list[Case]:
    """Referrals of the team that wait for a start, oldest first, with urgency and start deadlines."""
    related = ["lead_worker"]
    if _case_has("referral") or hasattr(Case, "referral"):
        related.append("referral")
    qs = (
        Case.objects.filter(team=team, status__in=WAITING)
        .select_related(*related, "declared_place__declaration")
        .order_by("referred_on", "pk")
    )
    cases = list(qs)
    for case in cases:
        referral = getattr(case, "referral", None) if "referral" in related else None
        case.cap_urgency = referral.get_urgency_display() if referral and hasattr(referral, "urgency") else ""
        case.cap_urgency_code = getattr(referral, "urgency", "") if referral else ""
        case.cap_state = case.start_state(today) if hasattr(case, "start_state") else ""
        case.cap_place = getattr(case, "declared_place", None)
    return cases


def linkable_cases(team: Any) -> list[Case]:
    """Cases of the team that can be linked to a free place: referred, waiting or started, not linked yet."""
    return list(
        Case.objects.filter(team=team, status__in=(*WAITING, CaseStatus.ACTIVE), declared_place__isnull=True)
        .filter(Q(status__in=WAITING) | Q(started_on__isnull=False))
        .order_by("-referred_on", "pk")[:50]
    )


def open_places(team: Any) -> QuerySet[DeclaredPlace]:
    """Declared places of the team that nobody filled yet, oldest first (the order places are filled in)."""
    return (
        DeclaredPlace.objects.filter(declaration__pool__team=team, status=PlaceStatus.DECLARED)
        .exclude(declaration__status=DeclarationStatus.WITHDRAWN)
        .select_related("declaration__pool")
        .order_by("declaration__available_from", "declaration__declared_on", "declaration_id", "number")
    )


# --- Rhythm: for the coördinator's prompt and for the reminders app (R-FREEPLACE-*) -----------------


@dataclass
class DeclarationDue:
    due: bool
    biweekly: bool
    last_declared_on: date | None
    next_due_on: date
    freeing: list[Ending]


def declaration_due_for_team(
    team: Any, today: date, *, case_rows: list[dict[str, Any]] | None = None
) -> DeclarationDue:
    """Is a declaration due for `team` on `today`?

    Due every two weeks since the last declaration (or now, when there never was one), and when a place
    frees up: a case whose planned end falls within 14 days and for which no declaration names it as the
    case that freed the place (R-FREEPLACE-DUE, DOMAIN §7). Pass the rows of `team_case_rows` when the page
    has them already.
    """
    declarations = list(
        CapacityDeclaration.objects.filter(pool__team=team)
        .exclude(status=DeclarationStatus.WITHDRAWN)
        .values_list("declared_on", "source_case_id")
    )
    last = max((on for on, _case in declarations if on <= today), default=None)
    next_due = last + timedelta(days=DECLARATION_RHYTHM_DAYS) if last else today
    biweekly = next_due <= today
    freeing: list[Ending] = []
    if _case_has("planned_end"):
        declared_for = {case_id for _on, case_id in declarations if case_id is not None}
        horizon = today + timedelta(days=NOTICE_DAYS)
        if case_rows is None:
            case_rows = team_case_rows(team)
        ending = [
            row
            for row in case_rows
            if row["status"] in OCCUPYING and row.get("planned_end") and row["planned_end"] <= horizon
        ]
        for row in sorted(ending, key=lambda r: (r["planned_end"], r["pk"])):
            if row["pk"] in declared_for:
                continue
            freeing.append(
                Ending(
                    code=row["code"],
                    reference=row["reference"],
                    family_name=row["family_name"],
                    planned_end=row["planned_end"],
                    overdue=row["planned_end"] < today,
                )
            )
    return DeclarationDue(
        due=biweekly or bool(freeing), biweekly=biweekly, last_declared_on=last, next_due_on=next_due, freeing=freeing
    )


def undeclared_free_places(team: Any, today: date) -> int:
    """Places the forecast shows free two weeks from `today` that nobody declared yet (for the weekly
    capacity check, R-FREEPLACE-WEEKLY). Never negative."""
    capacity = team_capacity(team, today=today, weeks=MIN_WEEKS)
    return max(0, sum(state.free_on(today + timedelta(days=NOTICE_DAYS)) for state in capacity.pools))


def unfilled_places(team: Any, today: date) -> QuerySet[DeclaredPlace]:
    """Declared places still open 7 days after they became available (R-FREEPLACE-UNFILLED)."""
    return open_places(team).filter(declaration__available_from__lte=today - timedelta(days=LAPSE_AFTER_DAYS))


# --- Dashboard ------------------------------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(today: date, count: int) -> list[date]:
    months = []
    cursor = _month_start(today)
    for _ in range(count):
        months.append(cursor)
        cursor = _month_start(cursor - timedelta(days=1))
    return list(reversed(months))


@dataclass
class OccupancyPoint:
    day: date
    occupied: int


@dataclass
class MonthDeclared:
    month: date
    declared: int = 0
    filled: int = 0
    lapsed: int = 0


@dataclass
class MonthStart:
    month: date
    started: int = 0
    within_target: int = 0
    within_max: int = 0
    late: int = 0
    total_days: int = 0
    longest: int = 0

    @property
    def average(self) -> float | None:
        return round(self.total_days / self.started, 1) if self.started else None


@dataclass
class Dashboard:
    occupancy: list[OccupancyPoint]
    capacity: int
    declared: list[MonthDeclared]
    starts: list[MonthStart]


def team_dashboard(
    team: Any,
    *,
    today: date,
    capacity: int,
    weeks: int = 12,
    months: int = 6,
    place_rows: list[dict[str, Any]] | None = None,
) -> Dashboard:
    """Occupancy per week, declared against filled per month, time from referral to start per month."""
    since = monday(today) - timedelta(weeks=weeks - 1)
    month_list = _months_back(today, months)
    first_month = month_list[0]
    rows = list(
        Case.objects.filter(team=team)
        .exclude(status=CaseStatus.CANCELLED)
        .filter(started_on__isnull=False)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=min(since, first_month)))
        .values_list("referred_on", "started_on", "closed_on")
    )
    occupancy = []
    for k in range(weeks):
        day = since + timedelta(weeks=k, days=6) if k < weeks - 1 else today
        count = sum(1 for _r, s, c in rows if s <= day and (c is None or c > day))
        occupancy.append(OccupancyPoint(day=day, occupied=count))

    starts = {m: MonthStart(month=m) for m in month_list}
    for referred, started, _closed in rows:
        bucket = starts.get(_month_start(started))
        if bucket is None or started < first_month:
            continue
        days = (started - referred).days
        bucket.started += 1
        bucket.total_days += days
        bucket.longest = max(bucket.longest, days)
        if days <= START_TARGET_DAYS:
            bucket.within_target += 1
        elif days <= START_MAX_DAYS:
            bucket.within_max += 1
        else:
            bucket.late += 1

    declared = {m: MonthDeclared(month=m) for m in month_list}
    counts: dict[tuple[str, date], int] = defaultdict(int)
    for place in team_place_rows(team) if place_rows is None else place_rows:
        for kind in ("declared", "filled", "lapsed"):
            day = place[f"{kind}_on"]
            if day and day >= first_month:
                counts[(kind, _month_start(day))] += 1
    for (kind, month), n in counts.items():
        if month in declared:
            setattr(declared[month], kind, n)
    return Dashboard(
        occupancy=occupancy, capacity=capacity, declared=list(declared.values()), starts=list(starts.values())
    )
