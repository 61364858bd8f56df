"""Seed a data set the size of a large provider, with bulk inserts (minutes, not hours).

Called by `bench/run.py` after `migrate` on a fresh PostgreSQL database. Optional models (those other
issues have not built yet) are skipped with "n/a — model not yet built".

Besides the large data set, a tiny "Bench Klein" team is seeded (1 worker, 1 coördinator, 1 case with one
contact): pages measured for that team vs. a large team show whether the query count grows with the data.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as dtime
from typing import Any

from django.apps import apps
from django.db import connection
from django.utils import timezone

BATCH = 5000
TEAMS = 20
STAFF_PER_TEAM = 10  # 1 coördinator, 1 werkbegeleider, 8 context workers → 200 staff
CASES = 5000
OPEN_CASES = 1000
CONTACTS = 250_000
AGREEMENTS = 60_000
CHECKS = 300_000
AUDIT_EVENTS = 1_000_000
BIG_CASE_CONTACTS = 400

NA = "n/a — model not yet built"


@dataclass
class Seeded:
    counts: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    big: dict[str, Any] = field(default_factory=dict)  # subjects for the "large" measurement
    small: dict[str, Any] = field(default_factory=dict)  # subjects for the "small" measurement


def model_or_none(label: str) -> Any:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def bulk(model: Any, rows: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i in range(0, len(rows), BATCH):
        out.extend(model.objects.bulk_create(rows[i : i + BATCH], batch_size=BATCH))
    return out


def seed(*, today: date | None = None, rnd: random.Random | None = None) -> Seeded:
    from cases.models import (
        Case,
        CaseStatus,
        Closure,
        ClosureOutcome,
        ClosureReason,
        Contact,
        ContactType,
        Evaluation,
        FamilyRole,
        GuidancePhase,
        Person,
        PhaseAxis,
        PhaseChange,
        Referral,
        StepStatus,
        TrajectoryStep,
    )
    from cocon.accounts.models import Role, Team, User

    today = today or timezone.localdate()
    rnd = rnd or random.Random(2025)
    out = Seeded()
    t0 = time.perf_counter()

    def lap(name: str, started: float) -> None:
        out.timings[name] = time.perf_counter() - started

    # --- teams and staff ------------------------------------------------------------------------------
    s = time.perf_counter()
    teams = bulk(Team, [Team(name=f"Bench Team {i + 1:02d}", region=f"Regio {i % 5 + 1}") for i in range(TEAMS)])
    small_team = Team.objects.create(name="Bench Klein", region="Regio 1")
    users: list[User] = []
    for t_i, team in enumerate(teams):
        users.append(
            User(email=f"coord{t_i}@bench.example", first_name=f"Coord{t_i}", role=Role.COORDINATOR, team=team)
        )
        users.append(User(email=f"sup{t_i}@bench.example", first_name=f"Sup{t_i}", role=Role.SUPERVISOR, team=team))
        for w in range(STAFF_PER_TEAM - 2):
            users.append(
                User(
                    email=f"w{t_i}-{w}@bench.example",
                    first_name=f"Werker{t_i}-{w}",
                    role=Role.CONTEXT_WORKER,
                    team=team,
                )
            )
    consultants = [
        User(email=f"cons{i}@bench.example", first_name=f"Consulent{i}", role=Role.CONSULTANT) for i in range(40)
    ]
    small_users = [
        User(email="klein-w@bench.example", first_name="Klein", role=Role.CONTEXT_WORKER, team=small_team),
        User(email="klein-c@bench.example", first_name="KleinCoord", role=Role.COORDINATOR, team=small_team),
    ]
    for u in users + consultants + small_users:
        u.set_unusable_password()
    users = bulk(User, users)
    consultants = bulk(User, consultants)
    small_users = bulk(User, small_users)
    workers_by_team: dict[int, list[User]] = {}
    for u in users:
        if u.role == Role.CONTEXT_WORKER:
            workers_by_team.setdefault(u.team_id, []).append(u)
    out.counts["staff"] = len(users)
    lap("staff", s)

    # --- cases ------------------------------------------------------------------------------------------
    s = time.perf_counter()
    phases = [GuidancePhase.START, GuidancePhase.COACHING, GuidancePhase.CONSOLIDATION]
    open_statuses = [CaseStatus.ACTIVE] * 8 + [CaseStatus.WAITING, CaseStatus.ON_HOLD]
    case_rows: list[Case] = []
    for i in range(CASES):
        team = teams[i % TEAMS]
        workers = workers_by_team[team.pk]
        is_open = i < OPEN_CASES
        referred = today - timedelta(days=rnd.randint(20, 250) if is_open else rnd.randint(260, 5 * 365))
        started = referred + timedelta(days=rnd.randint(1, 16))
        status = rnd.choice(open_statuses) if is_open else CaseStatus.CLOSED
        if status == CaseStatus.WAITING:
            started = None
        case_rows.append(
            Case(
                reference=f"B-{i + 1:06d}",
                family_name=f"Familie {i + 1}",
                team=team,
                lead_worker=workers[(i // TEAMS) % len(workers)],
                co_worker=workers[(i // TEAMS + 1) % len(workers)] if i % 3 == 0 else None,
                consultant=consultants[i % len(consultants)],
                status=status,
                referred_on=referred,
                started_on=started,
                closed_on=(started or referred) + timedelta(days=rnd.randint(90, 240)) if not is_open else None,
                region=team.region,
                guidance_phase=rnd.choice(phases) if is_open else GuidancePhase.CONSOLIDATION,
            )
        )
    small_case_row = Case(
        reference="B-KLEIN-1",
        family_name="Familie Klein",
        team=small_team,
        lead_worker=small_users[0],
        status=CaseStatus.ACTIVE,
        referred_on=today - timedelta(days=40),
        started_on=today - timedelta(days=35),
        guidance_phase=GuidancePhase.COACHING,
    )
    cases = bulk(Case, [*case_rows, small_case_row])
    small_case = cases[-1]
    out.counts["cases"] = f"{len(cases) - 1} ({OPEN_CASES} open)"
    bulk(Referral, [Referral(case=c, received_on=c.referred_on) for c in cases])
    steps = []
    for c in cases:
        done_until = rnd.randint(0, 13) if c.status != CaseStatus.CLOSED else 13
        for n in range(1, 14):
            done = n <= done_until
            steps.append(
                TrajectoryStep(
                    case=c,
                    number=n,
                    status=StepStatus.DONE if done else StepStatus.NOT_STARTED,
                    completed_on=(c.started_on or c.referred_on) + timedelta(days=n * 5) if done else None,
                )
            )
    bulk(TrajectoryStep, steps)
    changes = []
    closures = []
    for c in cases:
        if c.started_on is None:
            continue
        coaching_on = c.started_on + timedelta(days=rnd.randint(20, 45))
        if coaching_on < today and (c.guidance_phase != GuidancePhase.START):
            changes.append(
                PhaseChange(
                    case=c,
                    axis=PhaseAxis.GUIDANCE,
                    from_phase="start",
                    to_phase="coaching",
                    changed_on=coaching_on,
                    reason="-",
                )
            )
            consolidation_on = coaching_on + timedelta(days=rnd.randint(40, 90))
            if c.guidance_phase == GuidancePhase.CONSOLIDATION and consolidation_on < today:
                changes.append(
                    PhaseChange(
                        case=c,
                        axis=PhaseAxis.GUIDANCE,
                        from_phase="coaching",
                        to_phase="consolidation",
                        changed_on=consolidation_on,
                        reason="-",
                    )
                )
        if c.status == CaseStatus.CLOSED:
            outcome = rnd.choices(
                [ClosureOutcome.PLACEMENT_AVOIDED, ClosureOutcome.PLACED, ClosureOutcome.OTHER], [75, 15, 10]
            )[0]
            closures.append(
                Closure(
                    case=c,
                    closed_on=c.closed_on,
                    reason=ClosureReason.PLACEMENT if outcome == ClosureOutcome.PLACED else ClosureReason.GOALS_REACHED,
                    outcome=outcome,
                    plan_evaluated=True,
                    follow_up_decided=True,
                    relapse_plan_made=True,
                    family_informed=True,
                    follow_up=rnd.choice(["CAW", "CGG", "Thuisbegeleiding", "Geen", "Netwerk"]),
                )
            )
    bulk(PhaseChange, changes)
    bulk(Closure, closures)
    evaluations = []
    for c in cases:
        base = c.started_on or c.referred_on
        evaluations.append(Evaluation(case=c, planned_on=base + timedelta(days=42), held_on=base + timedelta(days=44)))
        nxt = base + timedelta(days=rnd.randint(60, 140))
        held = nxt if nxt < today and rnd.random() < 0.8 else None
        evaluations.append(Evaluation(case=c, planned_on=nxt, held_on=held))
    bulk(Evaluation, evaluations)
    lap("cases, referrals, steps, phases, evaluations, closures", s)

    # --- persons ------------------------------------------------------------------------------------------
    s = time.perf_counter()
    persons = []
    for c in cases:
        persons.append(
            Person(
                case=c, first_name="Moeder", last_name=c.family_name, family_role=FamilyRole.MOTHER, is_household=True
            )
        )
        persons.append(
            Person(
                case=c, first_name="Vader", last_name=c.family_name, family_role=FamilyRole.FATHER, is_household=True
            )
        )
        for k in range(2):
            persons.append(
                Person(
                    case=c,
                    first_name=f"Kind{k + 1}",
                    last_name=c.family_name,
                    family_role=FamilyRole.CHILD,
                    is_index_child=k == 0,
                    is_household=True,
                    birth_date=today - timedelta(days=rnd.randint(2 * 365, 16 * 365)),
                )
            )
    persons = bulk(Person, persons)
    by_case: dict[int, list[Any]] = {}
    for p in persons:
        by_case.setdefault(p.case_id, []).append(p)
    out.counts["persons (household)"] = len(persons)
    lap("persons", s)

    # --- contacts -----------------------------------------------------------------------------------------
    s = time.perf_counter()
    big_case = next(c for c in cases if c.status == CaseStatus.ACTIVE and c.started_on)
    kinds = [ContactType.HOME_VISIT] * 5 + [
        ContactType.PHONE,
        ContactType.NETWORK_CONTACT,
        ContactType.CHILD_CONVERSATION,
    ]
    contacts = []
    rest = CONTACTS - BIG_CASE_CONTACTS - 1
    others = [c for c in cases[:-1] if c.started_on and c.pk != big_case.pk]
    open_started = [c for c in others if c.status != CaseStatus.CLOSED]
    now = timezone.now()

    def contact_for(c: Any, on: date) -> Contact:
        return Contact(
            case=c,
            author_id=c.lead_worker_id,
            type=rnd.choice(kinds),
            date=on,
            start_time=dtime(rnd.randint(8, 17), rnd.choice([0, 15, 30, 45])),
            duration_minutes=rnd.choice([30, 45, 60, 90, 120]),
            went_well="Gesprek verliep rustig.",
            created_at=now,
            updated_at=now,
        )

    def span(c: Any) -> tuple[date, int]:
        end = min(c.closed_on or today, today - timedelta(days=1))
        return c.started_on, max((end - c.started_on).days, 1)

    # Open cases get most contacts (recent weeks matter for intensity); closed cases share the rest.
    for n in range(rest):
        c = open_started[n % len(open_started)] if n % 2 == 0 else others[n % len(others)]
        first, days = span(c)
        contacts.append(contact_for(c, first + timedelta(days=rnd.randint(0, days - 1))))
    first, days = span(big_case)
    contacts.extend(
        contact_for(big_case, first + timedelta(days=rnd.randint(0, days - 1))) for _ in range(BIG_CASE_CONTACTS)
    )
    contacts.append(contact_for(small_case, today - timedelta(days=3)))
    bulk(Contact, contacts)
    out.counts["contacts"] = len(contacts)
    lap("contacts", s)

    # --- network --------------------------------------------------------------------------------------------
    s = time.perf_counter()
    NetworkMember = model_or_none("network.NetworkMember")
    if NetworkMember is not None:
        from network.models import JimDesignation, JimSearch, NetworkMeeting

        net_persons = []
        for c in cases:
            for k in range(5):
                net_persons.append(Person(case=c, first_name=f"Netwerk{k + 1}", last_name="Bench"))
        net_persons = bulk(Person, net_persons)
        relations = ["grandparent", "aunt_uncle", "neighbour", "friend", "teacher"]
        members = bulk(
            NetworkMember,
            [
                NetworkMember(case_id=p.case_id, person=p, network_type="informal", relation=relations[i % 5])
                for i, p in enumerate(net_persons)
            ],
        )
        members_by_case: dict[int, list[Any]] = {}
        for m in members:
            members_by_case.setdefault(m.case_id, []).append(m)
        searches, designations, meetings = [], [], []
        for c in cases:
            child = next(p for p in by_case[c.pk] if p.is_index_child)
            opened = c.started_on or c.referred_on
            found = c.started_on is not None and rnd.random() < 0.75
            closed_on = opened + timedelta(days=rnd.randint(3, 40)) if found else None
            searches.append(
                JimSearch(
                    case=c,
                    child=child,
                    opened_on=opened,
                    chooser="child",
                    status="designated" if found else "open",
                    closed_on=closed_on if closed_on and closed_on <= today else None,
                )
            )
            if c.started_on:
                held = rnd.random() < 0.8
                meetings.append(
                    NetworkMeeting(
                        case=c,
                        number=1,
                        purpose="mapping",
                        status="held" if held else "planned",
                        date=c.started_on + timedelta(days=rnd.randint(10, 30)),
                        location="Bureau",
                    )
                )
        searches = bulk(JimSearch, searches)
        for search in searches:
            if search.status == "designated" and search.closed_on:
                designations.append(
                    JimDesignation(
                        case_id=search.case_id,
                        search=search,
                        child_id=search.child_id,
                        jim=members_by_case[search.case_id][0],
                        designated_on=search.closed_on,
                        parents_consent=True,
                        jim_consent=True,
                    )
                )
        bulk(JimDesignation, designations)
        bulk(NetworkMeeting, meetings)
        out.counts["network members"] = len(members)
        out.counts["JIM searches / designations"] = f"{len(searches)} / {len(designations)}"
        out.counts["network meetings"] = len(meetings)
    else:
        out.counts["network members"] = NA
    lap("network", s)

    # --- safety work ----------------------------------------------------------------------------------------------
    s = time.perf_counter()
    DangerStatement = model_or_none("safetyplans.DangerStatement")
    if DangerStatement is not None:
        from safetyplans.models import ChildConversation, Mapping, ScalingScore

        statements, scores, conversations, maps = [], [], [], []
        for c in cases:
            base = c.started_on or c.referred_on
            final = c.started_on is not None and rnd.random() < 0.7
            statements.append(
                DangerStatement(
                    case=c,
                    title="Gevaar",
                    who_is_worried="Consulent en contextbegeleider",
                    worrying_behaviour="Ruzie met slaan waar de kinderen bij zijn.",
                    impact_on_child="Angst.",
                    if_nothing_changes="Letsel.",
                    statement_text="De consulent is bezorgd dat …",
                    status="final" if final else "provisional",
                    established_on=base + timedelta(days=30) if final else None,
                )
            )
            maps.append(Mapping(case=c, date=base + timedelta(days=7), source="visit"))
            child = next(p for p in by_case[c.pk] if p.is_index_child)
            if c.started_on and rnd.random() < 0.7:
                conversations.append(ChildConversation(case=c, child=child, date=base + timedelta(days=10)))
            for k in range(4):
                scores.append(
                    ScalingScore(
                        case=c,
                        date=base + timedelta(days=14 * (k + 1)),
                        voice="parent",
                        scale_type="overall_safety",
                        score=rnd.randint(2, 9),
                    )
                )
        bulk(DangerStatement, statements)
        maps = bulk(Mapping, maps)
        bulk(ChildConversation, conversations)
        bulk(ScalingScore, scores)
        out.counts["danger statements / maps"] = f"{len(statements)} / {len(maps)}"
        out.counts["child conversations"] = len(conversations)
        out.counts["scaling scores"] = len(scores)
        out.big["map"] = next(m for m in maps if m.case_id == big_case.pk)
        out.small["map"] = next(m for m in maps if m.case_id == small_case.pk)
    else:
        out.counts["danger statements / maps"] = NA
    lap("safety work", s)

    # --- safety plans, agreements and monitoring checks (issue 8) --------------------------------------------
    s = time.perf_counter()
    plan_model = model_or_none("safetyplans.SafetyPlan")
    agreement_model = model_or_none("safetyplans.Agreement")
    check_model = model_or_none("safetyplans.AgreementCheck")
    if plan_model is None or agreement_model is None or check_model is None:
        out.counts["agreements"] = NA
        out.counts["agreement checks"] = NA
    else:
        per_plan = AGREEMENTS // CASES
        checks_per = CHECKS // AGREEMENTS
        plans = []
        for c in cases:
            # the measured cases keep a draft plan, so that the plan editor opens
            final = c.started_on is not None and rnd.random() < 0.7 and c.pk not in (big_case.pk, small_case.pk)
            base = (c.started_on or c.referred_on) + timedelta(days=45)
            plans.append(
                plan_model(
                    case=c,
                    status="active" if final else "draft",
                    finalised_on=base if final else None,
                    valid_from=base if final else None,
                )
            )
        plans = bulk(plan_model, plans)
        agreements = bulk(
            agreement_model,
            [
                agreement_model(
                    plan=plan,
                    number=n + 1,
                    text=f"Afspraak {n + 1}: mama belt de JIM als het thuis escaleert.",
                    frequency="weekly",
                    check_frequency="weekly",
                    status="active",
                )
                for plan in plans
                for n in range(per_plan)
            ],
        )
        plan_of = {p.pk: p for p in plans}
        outcomes = ["kept"] * 6 + ["kept_partly", "not_kept_child_safe", "unknown"]
        checks = []
        for a in agreements:
            plan = plan_of[a.plan_id]
            first = plan.valid_from or today - timedelta(days=60)
            for k in range(checks_per):
                checks.append(
                    check_model(
                        agreement=a,
                        checked_on=min(first + timedelta(days=7 * (k + 1)), today),
                        source="home_visit",
                        outcome=rnd.choice(outcomes),
                    )
                )
            if len(checks) >= BATCH * 4:
                bulk(check_model, checks)
                checks = []
        bulk(check_model, checks)
        out.counts["safety plans"] = len(plans)
        out.counts["agreements"] = len(agreements)
        out.counts["agreement checks"] = check_model.objects.count()
        out.big["plan"] = next(p for p in plans if p.case_id == big_case.pk)
        out.small["plan"] = next(p for p in plans if p.case_id == small_case.pk)
    lap("plans, agreements, checks", s)

    # --- audit events: one INSERT … SELECT (1M rows in seconds; the app's append-only rules allow inserts) ------
    s = time.perf_counter()
    codes = [str(c.code) for c in cases]
    user_ids = [u.pk for u in users]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_codes (i int primary key, code uuid)")
        cur.executemany("INSERT INTO bench_codes VALUES (%s, %s)", list(enumerate(codes)))
        cur.execute(
            """
            INSERT INTO audit_auditevent
                (created_at, actor_id, actor_role, action, outcome, object_type, object_id, case_code, data,
                 request_id, ip_address)
            SELECT now() - (g %% 1500) * interval '1 day' - (g %% 86400) * interval '1 second',
                   (%s::int[])[1 + g %% %s], 'context_worker',
                   (ARRAY['cases.case.viewed','cases.contact.created','network.member.created',
                          'safetyplans.statement.changed'])[1 + g %% 4],
                   'success', 'cases.case', (g %% %s)::text, bc.code, '{}'::jsonb, '', NULL
            FROM generate_series(1, %s) g JOIN bench_codes bc ON bc.i = g %% %s
            """,
            [user_ids, len(user_ids), len(codes), AUDIT_EVENTS, len(codes)],
        )
        cur.execute("DROP TABLE bench_codes")
        cur.execute("ANALYZE")
    out.counts["audit events"] = AUDIT_EVENTS
    lap("audit events", s)

    out.timings["total"] = time.perf_counter() - t0
    coord = next(u for u in users if u.role == Role.COORDINATOR and u.team_id == big_case.team_id)
    sup = next(u for u in users if u.role == Role.SUPERVISOR and u.team_id == big_case.team_id)
    lead = User.objects.get(pk=big_case.lead_worker_id)
    out.big.update(case=big_case, worker=lead, coordinator=coord, supervisor=sup)
    out.small.update(case=small_case, worker=small_users[0], coordinator=small_users[1], supervisor=small_users[1])
    return out
