"""The demo cases: gezin Verbeke – De Smet (DOMAIN §10) and a smaller case in the other team."""

from __future__ import annotations

from cocon.demo import DemoContext

from .models import (
    Case,
    CaseStatus,
    Contact,
    ContactType,
    Evaluation,
    EvaluationType,
    FamilyRole,
    FollowUpHelp,
    FollowUpStatus,
    FollowUpType,
    Gender,
    GuidancePhase,
    LegalFramework,
    Person,
    PhaseAxis,
    PhaseChange,
    PlacementThreat,
    Referral,
    ReferralChannel,
    ReferralSource,
    RoleAgreement,
    RoleParty,
    SafetyWorkPhase,
    StepStatus,
    TrajectoryStep,
    Urgency,
)

ORDER = 20


def seed(ctx: DemoContext) -> None:
    case = Case.objects.create(
        reference="COC-2025-014",
        family_name="Gezin Verbeke – De Smet",
        team=ctx.teams["gent"],
        lead_worker=ctx.users["eline"],
        consultant=ctx.users["nadia"],
        status=CaseStatus.ACTIVE,
        referred_on=ctx.d(2025, 3, 3),
        started_on=ctx.d(2025, 3, 5),
        referral_source=ReferralSource.OCJ,
        legal_framework=LegalFramework.MANO,
        placement_threat=PlacementThreat.THREATENING,
        mandating_body=ctx.organisations.get("ocj_ovl"),
        region="Oost-Vlaanderen",
        concern_summary=CONCERN,
        guidance_phase=GuidancePhase.COACHING,
        safety_phase=SafetyWorkPhase.STABLE,
        role_agreements=ROLE_TEXT,
        planned_end=ctx.d(2025, 9, 12),
    )
    ctx.cases["verbeke"] = case
    people = {
        "sarah": dict(
            first_name="Sarah",
            last_name="Verbeke",
            birth_date=ctx.d(1990, 11, 2),
            gender=Gender.FEMALE,
            is_household=True,
            family_role=FamilyRole.MOTHER,
        ),
        "kevin": dict(
            first_name="Kevin",
            last_name="De Smet",
            birth_date=ctx.d(1988, 4, 19),
            gender=Gender.MALE,
            is_household=True,
            family_role=FamilyRole.STEP_PARENT,
        ),
        "lotte": dict(
            first_name="Lotte",
            last_name="Claes",
            birth_date=ctx.d(2014, 9, 14),
            gender=Gender.FEMALE,
            is_household=True,
            family_role=FamilyRole.CHILD,
            is_index_child=True,
        ),
        "milan": dict(
            first_name="Milan",
            last_name="De Smet",
            birth_date=ctx.d(2020, 10, 3),
            gender=Gender.MALE,
            is_household=True,
            family_role=FamilyRole.CHILD,
            is_index_child=True,
        ),
        "jens": dict(
            first_name="Jens",
            last_name="Claes",
            birth_date=ctx.d(1987, 2, 8),
            gender=Gender.MALE,
            is_household=False,
            family_role=FamilyRole.FATHER,
            address="Aalst",
        ),
    }
    for key, fields in people.items():
        ctx.persons[key] = Person.objects.create(case=case, **fields)
    _seed_verbeke_work(ctx, case)
    _seed_verbeke_contacts(ctx, case)
    _seed_verbeke_follow_up(ctx, case)

    other = Case.objects.create(
        reference="COC-2025-021",
        family_name="Gezin Janssens",
        team=ctx.teams["dendermonde"],
        lead_worker=ctx.users["jonas"],
        consultant=ctx.users["tom"],
        status=CaseStatus.ACTIVE,
        referred_on=ctx.d(2025, 5, 12),
        started_on=ctx.d(2025, 5, 14),
        referral_source=ReferralSource.VK,
        legal_framework=LegalFramework.MANO,
        placement_threat=PlacementThreat.THREATENING,
        mandating_body=ctx.organisations.get("vk_ovl"),
        region="Oost-Vlaanderen",
    )
    ctx.cases["janssens"] = other
    Referral.objects.create(
        case=other, received_on=other.referred_on, decision_by=ctx.users.get("sofie"), decision_on=other.referred_on
    )
    TrajectoryStep.objects.filter(case=other, number=1).update(
        status=StepStatus.DONE, started_on=ctx.d(2025, 5, 14), completed_on=ctx.d(2025, 5, 14)
    )
    TrajectoryStep.objects.filter(case=other, number=2).update(
        status=StepStatus.IN_PROGRESS, started_on=ctx.d(2025, 5, 16)
    )
    Person.objects.create(
        case=other,
        first_name="Ilse",
        last_name="Janssens",
        birth_date=ctx.d(1985, 6, 1),
        gender=Gender.FEMALE,
        is_household=True,
        family_role=FamilyRole.MOTHER,
    )
    Person.objects.create(
        case=other,
        first_name="Noah",
        last_name="Janssens",
        birth_date=ctx.d(2012, 1, 22),
        gender=Gender.MALE,
        is_household=True,
        family_role=FamilyRole.CHILD,
        is_index_child=True,
    )


CONCERN = (
    "Drie politie-interventies na hevige ruzies tussen Sarah en Kevin (16/11/2024, 18/01/2025, 22/02/2025). "
    "Op 22/02 duwde Kevin Lotte (10) weg toen ze tussenkwam; ze viel met haar arm tegen de kast (blauwe plek). "
    "Milan (4) stond huilend in de gang. Buurman Marc belde de politie; oma Rita nam de kinderen die nacht mee. "
    "Op 14/02 vond de buurman Milan om 21u30 in pyjama op de stoep; Sarah lag in de zetel te slapen na wijn. "
    "CLB meldde dat Lotte sinds januari moe, stil en vaak te laat is. Ouders weigerden in januari vrijwillige "
    "hulp (MaNo gestart); na 22/02 aanvaarden ze intensieve contextbegeleiding."
)

ROLE_TEXT = (
    "Nadia (OCJ): mandaat, ondergrenzen, toetsing veiligheidsplan, maandelijkse opvolging, beslist bij ernstig "
    "incident. Eline (De Cocon): huisbezoeken (start 3x/week), netwerk, JIM-zoektocht, veiligheidsplan, "
    "monitoring, verslag aan Nadia na elke evaluatie. Beiden bellen elkaar dezelfde dag bij een incident. "
    "Ouders: bij incident Eline (kantooruren) of Nadia verwittigen; buiten kantooruren bij acuut gevaar "
    "112 / politie 101. Uitgelegd aan ouders en (in kindertaal) aan Lotte."
)

# (step, started, completed or None, status, revisits, note) — DOMAIN §10.8–10.14
STEPS = [
    (1, (2025, 3, 5), (2025, 3, 5), StepStatus.DONE, 0, "Kennismaking met Nadia; rolafspraken en directe veiligheid."),
    (2, (2025, 3, 7), (2025, 3, 7), StepStatus.DONE, 0, "Genogram over 3 generaties en veiligheidscirkel."),
    (3, (2025, 3, 11), (2025, 3, 11), StepStatus.DONE, 0, "Voorlopig VD1–VD3; Kevin betwist 'geweld'."),
    (4, (2025, 3, 13), (2025, 3, 13), StepStatus.DONE, 0, "Drie huizen met Lotte; Milan tekent."),
    (5, (2025, 3, 18), (2025, 3, 18), StepStatus.DONE, 0, "Met toestemming van Lotte besproken met de ouders."),
    (6, (2025, 3, 19), (2025, 3, 20), StepStatus.DONE, 0, "Woord-en-Beeldverhaal gedeeld op 20/03."),
    (7, (2025, 3, 26), (2025, 6, 4), StepStatus.DONE, 1, "NB1 26/03, NB2 04/06."),
    (8, (2025, 3, 28), (2025, 3, 28), StepStatus.DONE, 0, "Dreigend gevaar en doelen vastgesteld."),
    (9, (2025, 4, 1), (2025, 4, 1), StepStatus.DONE, 0, "Oplossingen uit NB1 besproken."),
    (10, (2025, 4, 2), (2025, 4, 7), StepStatus.DONE, 0, "Getoetst met Nadia (OCJ): akkoord mits aanpassing."),
    (11, (2025, 4, 4), (2025, 4, 9), StepStatus.DONE, 0, "Plan ondertekend, kinderversie gedeeld."),
    (12, (2025, 4, 9), None, StepStatus.IN_PROGRESS, 0, "Monitoring door Eline en het netwerk."),
    (13, (2025, 4, 16), None, StepStatus.IN_PROGRESS, 0, "Evaluaties 16/04, 30/04, 26/05, 04/06."),
]

EVALUATIONS = [
    (
        EvaluationType.PLAN_FIRST_WEEK,
        None,
        (2025, 4, 16),
        ["sarah", "kevin"],
        "",
        "Alle afspraken werkbaar; nummer Marc op de kinderversie.",
        False,
        (2025, 4, 30),
        (2025, 4, 17),
    ),
    (
        EvaluationType.PERIODIC,
        (2025, 4, 30),
        (2025, 4, 30),
        ["sarah", "kevin"],
        "Rita, Els; Nadia telefonisch",
        "Veiligheidsdoelen op schema; schaal omhoog; IPT-werkpunten gestart.",
        False,
        (2025, 6, 4),
        (2025, 5, 2),
    ),
    (
        EvaluationType.AFTER_INCIDENT,
        None,
        (2025, 5, 26),
        ["sarah", "kevin"],
        "Els, Rita; Nadia telefonisch",
        "Leermoment 24/05; plan v1.1 (vrijdag/zaterdag-regeling).",
        True,
        (2025, 6, 4),
        (2025, 5, 26),
    ),
    (
        EvaluationType.NETWORK_MEETING,
        (2025, 6, 4),
        (2025, 6, 4),
        ["sarah", "kevin"],
        "zie NB2",
        "Plan v2.0; fase stabiele veiligheid; afbouw.",
        True,
        (2025, 7, 16),
        (2025, 6, 10),
    ),
    (
        EvaluationType.PERIODIC,
        (2025, 7, 16),
        None,
        [],
        "Sarah, Kevin, Els, Rita, Eline, Nadia",
        "Start consolidatie & terugvalplan.",
        False,
        None,
        None,
    ),
    (
        EvaluationType.NETWORK_MEETING,
        (2025, 9, 3),
        None,
        [],
        "volledig netwerk",
        "Vervolghulp vastleggen; afsluiting 12/09.",
        False,
        None,
        None,
    ),
]


def _seed_verbeke_work(ctx: DemoContext, case: Case) -> None:
    """Referral, trajectory, phases, role agreements and evaluations of the demo case (DOMAIN §10)."""
    eline, sofie = ctx.users["eline"], ctx.users.get("sofie")
    Referral.objects.create(
        case=case,
        received_on=ctx.d(2025, 3, 3),
        channel=ReferralChannel.MAIL,
        urgency=Urgency.HIGH,
        m_document_ref="MANO-OVL-2025-0117",
        requested_start=ctx.d(2025, 3, 5),
        prior_help="Ouders weigerden in januari vrijwillige hulp; MaNo gestart.",
        consent_parents="Na 22/02 aanvaarden de ouders intensieve contextbegeleiding (via Nadia, OCJ).",
        decision_by=sofie,
        decision_on=ctx.d(2025, 3, 3),
        created_by=sofie,
    )
    for number, started, completed, status, revisits, note in STEPS:
        TrajectoryStep.objects.filter(case=case, number=number).update(
            status=status,
            started_on=ctx.d(*started),
            completed_on=ctx.d(*completed) if completed else None,
            revisits=revisits,
            notes=note,
            updated_by=eline,
        )
    phases = [
        (PhaseAxis.GUIDANCE, "", GuidancePhase.START, (2025, 3, 5), "Start van de begeleiding (kennismaking)."),
        (PhaseAxis.SAFETY, "", SafetyWorkPhase.IMMEDIATE, (2025, 3, 5), "Afspraken voor directe veiligheid."),
        (
            PhaseAxis.GUIDANCE,
            GuidancePhase.START,
            GuidancePhase.COACHING,
            (2025, 4, 9),
            "Veiligheidsplan ondertekend met gezin en netwerk.",
        ),
        (
            PhaseAxis.SAFETY,
            SafetyWorkPhase.IMMEDIATE,
            SafetyWorkPhase.STABLE,
            (2025, 6, 4),
            "NB2: plan v2.0, iedereen schaalt 6 of hoger; afbouw.",
        ),
    ]
    for axis, old, new, day, reason in phases:
        PhaseChange.objects.create(
            case=case, axis=axis, from_phase=old, to_phase=new, changed_on=ctx.d(*day), by=eline, reason=reason
        )
    lines = [
        (
            RoleParty.CONSULTANT,
            "Mandaat, ondergrenzen, toetsing veiligheidsplan, maandelijkse opvolging; beslist bij ernstig incident.",
            "Nadia El Amrani, OCJ Oost-Vlaanderen (kantooruren)",
        ),
        (
            RoleParty.CONTEXT_WORKER,
            "Huisbezoeken (start 3x/week), netwerk, JIM-zoektocht, veiligheidsplan, monitoring, "
            "verslag aan Nadia na elke evaluatie.",
            "Eline Mertens, De Cocon (kantooruren)",
        ),
        (RoleParty.BOTH, "Bellen elkaar dezelfde dag bij een incident.", "telefoon"),
        (
            RoleParty.PARENTS,
            "Bij incident Eline (kantooruren) of Nadia verwittigen; buiten kantooruren bij acuut gevaar "
            "112 / politie 101.",
            "",
        ),
    ]
    for party, tasks, reach in lines:
        RoleAgreement.objects.create(
            case=case, party=party, tasks=tasks, reachability=reach, agreed_on=ctx.d(2025, 3, 5)
        )
    for kind, planned, held, who, others, outcome, adjusted, next_on, report in EVALUATIONS:
        evaluation = Evaluation.objects.create(
            case=case,
            type=kind,
            planned_on=ctx.d(*planned) if planned else None,
            held_on=ctx.d(*held) if held else None,
            other_participants=others,
            evaluated="Veiligheidsplan en afspraken" if held else "",
            outcome=outcome,
            plan_adjusted=adjusted,
            next_evaluation=ctx.d(*next_on) if next_on else None,
            report_to_consultant_on=ctx.d(*report) if report else None,
            created_by=eline,
        )
        evaluation.participants.set([ctx.persons[k] for k in who])


# C1–C6 of DOMAIN §10.8: (date, start, minutes, type, place, present, others, steps, techniques, summary)
DETAILED_CONTACTS = [
    (
        (2025, 3, 5),
        (16, 0),
        120,
        ContactType.HOME_VISIT,
        "thuis",
        ["sarah", "kevin", "lotte", "milan"],
        "Nadia (OCJ)",
        ["scaling", "exception"],
        "Uitzondering: op 18/01 ging Kevin zelf naar Dieter — 'dat werkte'. Apart 10 min met Lotte.",
        "Kevin minimaliseert ('ik heb haar opzij gezet'); Sarah huilt, wil de kinderen niet verliezen.",
        "Rolafspraken en 4 directe-veiligheidsafspraken. JIM-zoektocht geopend voor Lotte en Milan.",
    ),
    (
        (2025, 3, 7),
        (9, 0),
        150,
        ContactType.HOME_VISIT,
        "thuis",
        ["sarah", "kevin"],
        "",
        ["genogram", "safety_circle", "scaling"],
        "Trots op: 'we lachen veel samen, Milan is vrolijk, Lotte is slim'.",
        "Schulden (achterstal energie), werkloosheid Kevin, 'te veel bemoeienis'.",
        "Genogram over 3 generaties; veiligheidscirkel gemaakt.",
    ),
    (
        (2025, 3, 11),
        (19, 0),
        120,
        ContactType.HOME_VISIT,
        "thuis",
        ["sarah", "kevin"],
        "Nadia telefonisch (20 min)",
        ["timeline", "exception", "scaling"],
        "Voorlopig dreigend gevaar en doelen samen geformuleerd.",
        "Kevin betwist 'geweld' — opgenomen als niet eens.",
        "Nadia bevestigt voorlopige ondergrenzen O1–O3.",
    ),
    (
        (2025, 3, 13),
        (15, 45),
        105,
        ContactType.CHILD_CONVERSATION,
        "thuis (Lotte op haar kamer, Milan in de living)",
        ["lotte", "milan"],
        "",
        ["three_houses", "scaling"],
        "Huis van goede dingen: zwemmen, tante Els, spelen met Milan, oma's pannenkoeken.",
        "Huis van zorgen: 'als mama en Kevin roepen en er dingen vallen'. Veiligheidsladder 3/10.",
        "Lotte kiest Els als JIM en wil het haar zelf vragen.",
    ),
    (
        (2025, 3, 18),
        (19, 0),
        135,
        ContactType.HOME_VISIT,
        "thuis",
        ["sarah", "kevin"],
        "",
        ["scaling", "relationship_question", "miracle"],
        "Gedachten en wensen van de kinderen besproken (met toestemming van Lotte).",
        "Kevin: 'ik wist niet dat ze bang van mij is'.",
        "Akkoord met Els als JIM. Eerste versie Woord-en-Beeldverhaal opgesteld.",
    ),
    (
        (2025, 3, 20),
        (16, 0),
        90,
        ContactType.HOME_VISIT,
        "thuis",
        ["sarah", "kevin", "lotte", "milan"],
        "Els (JIM)",
        ["words_and_pictures", "scaling"],
        "Lotte leest mee en tekent bij elke pagina; Milan kleurt.",
        "Lotte vraagt of ze 'echt niet weg moet'.",
        "Els komt elke zaterdag. Voorbereiding NB1.",
    ),
]

# Direct contact hours per week from DOMAIN §10.8 (week 10 starts on Monday 03/03/2025).
WEEKLY_HOURS = [5.5, 6.6, 6.3, 5.5, 4.0, 4.5, 4.0, 2.5, 4.0, 4.0, 4.0, 4.0, 5.0, 4.5, 3.0]
FILLER = [
    (ContactType.HOME_VISIT, "thuis", (1, 10, 0)),
    (ContactType.PHONE, "", (2, 13, 30)),
    (ContactType.NETWORK_CONTACT, "bij oma Rita", (3, 16, 0)),
    (ContactType.HOME_VISIT, "thuis", (4, 18, 30)),
    (ContactType.SCHOOL, "school", (0, 9, 0)),
]


# DOMAIN §10.15: the proposal discussed at NB2, to be decided with everyone at NB3 (03/09). Still a
# proposal on the demo day, so R-CLOSE-FOLLOWUP stays planned for 22/08 (§10.17). No A-document needed.
FOLLOW_UP = [
    (FollowUpType.RTJ, "CGG", "Begeleiding van Sarah bij het CGG loopt verder na de contextbegeleiding.", None),
    (
        FollowUpType.RTJ,
        "CAW Oost-Vlaanderen",
        "Relatiebegeleiding voor Sarah en Kevin.",
        (2025, 9, 1),
    ),
    (FollowUpType.NETWORK_ONLY, "", "JIM's blijven: Els voor Lotte, Rita voor Milan.", None),
]


def _seed_verbeke_follow_up(ctx: DemoContext, case: Case) -> None:
    for kind, provider, description, start in FOLLOW_UP:
        FollowUpHelp.objects.create(
            case=case,
            type=kind,
            provider=provider,
            description=description,
            start_expected=ctx.d(*start) if start else None,
            status=FollowUpStatus.PROPOSED,
            created_by=ctx.users["eline"],
        )


def _seed_verbeke_contacts(ctx: DemoContext, case: Case) -> None:
    """The six worked-out home visits and a front-loaded pattern of other contacts (DOMAIN §10.8)."""
    from datetime import date, time, timedelta

    eline = ctx.users["eline"]
    per_week: dict[int, int] = {}
    week_zero = date(2025, 3, 3)
    for day, (hh, mm), minutes, kind, place, who, others, techniques, well, worries, agreements in DETAILED_CONTACTS:
        contact = Contact.objects.create(
            case=case,
            author=eline,
            type=kind,
            date=ctx.d(*day),
            start_time=time(hh, mm),
            duration_minutes=minutes,
            location=place,
            others_present=others,
            techniques=techniques,
            went_well=well,
            worries=worries,
            agreements=agreements,
        )
        contact.participants.set([ctx.persons[k] for k in who])
        week = (date(*day) - week_zero).days // 7
        per_week[week] = per_week.get(week, 0) + minutes
    fillers = []
    for week, hours in enumerate(WEEKLY_HOURS):
        remaining = round(hours * 60) - per_week.get(week, 0)
        slot = 0
        while remaining > 0:
            kind, place, (weekday, hh, mm) = FILLER[(week + slot) % len(FILLER)]
            minutes = min(remaining, 30 if kind == ContactType.PHONE else 120)
            day = week_zero + timedelta(weeks=week, days=weekday)
            fillers.append(
                Contact(
                    case=case,
                    author=eline,
                    type=kind,
                    date=ctx.d(day.year, day.month, day.day),
                    start_time=time(hh, mm),
                    duration_minutes=minutes,
                    location=place,
                )
            )
            remaining -= minutes
            slot += 1
    Contact.objects.bulk_create(fillers)
    household = [ctx.persons[k] for k in ("sarah", "kevin")]
    for contact in Contact.objects.filter(case=case, type=ContactType.HOME_VISIT, participants__isnull=True):
        contact.participants.set(household)
