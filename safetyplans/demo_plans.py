"""Demo of DOMAIN §10.6 and §10.11: the immediate agreements, plan versions 1.0, 1.1 and 2.0 with the
10 agreements, the consultant's review, the check with the GV consultant, sign-offs, the monitoring log
and the incident of 24/05. Called from `demo.seed` after the statements and goals exist."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cocon.demo import DemoContext

from . import selectors, services
from .models import (
    CheckOutcome,
    CheckSource,
    Frequency,
    PlanKind,
    PlanStatus,
    ReviewerType,
    ReviewMethod,
    ReviewResult,
    SignerRole,
    SignMethod,
)
from .selectors import _add_months

CALL = "Tante Els 04xx xx xx 01\nOma Rita 04xx xx xx 02\nBuurman Marc 04xx xx xx 03\nEline (contextbegeleider) 09 xxx xx 10"

RED_FLAGS = (
    "Kevin zegt \u201claat me gerust\u201d of begint te roepen; Sarah zegt dat ze \u201ckapot\u201d is of neemt niet op na 19u; "
    "Lotte belt of stuurt een leeg berichtje (afgesproken teken met Els); Milan loopt 's avonds buiten."
)

# (number, text, goal index, responsible keys, responsible text, network monitor key, frequency, trigger,
#  check frequency, duration, check method, if not kept, child text)
AGREEMENTS = [
    (
        "Bij \u201cde rode 7\u201d stopt Kevin de discussie, zegt \u201cik ga even naar Dieter\u201d en gaat minstens 2 uur naar "
        "Dieter (Zelzate, 15 min). Dieter stuurt bij aankomst een sms naar Eline én Sarah. Praten gebeurt later zonder de kinderen erbij.",
        0,
        ["kevin"],
        "",
        "dieter",
        Frequency.EACH_TIME,
        "telkens als de spanning oploopt",
        Frequency.WEEKLY,
        "hele looptijd plan",
        "Eline bespreekt het wekelijks; sms van Dieter",
        "Sarah neemt de kinderen mee naar oma Rita en belt Eline; evaluatie binnen 48 u; bij geweld geldt O1.",
        "Als mama en Kevin ruzie krijgen, gaat Kevin even naar nonkel Dieter tot hij rustig is. Jij hoeft niet tussen te komen.",
    ),
    (
        "Kevin volgt het groepsprogramma agressiebeheersing bij het CAW (dinsdagavond, 12 sessies vanaf 15/04). "
        "CAW geeft aanwezigheid maandelijks door (met toestemming van Kevin).",
        0,
        ["kevin"],
        "",
        None,
        Frequency.WEEKLY,
        "dinsdagavond",
        Frequency.MONTHLY,
        "15/04 – 01/07/2025",
        "Aanwezigheidslijst CAW (Bram Willems)",
        "Gesprek Kevin–Eline–Nadia; herplannen.",
        "",
    ),
    (
        "Lotte mag altijd bij buurman Marc aanbellen of hem bellen als er thuis geroepen wordt. Marc belt dan Sarah of Kevin "
        "en bij gevaar de politie (101) of 112.",
        0,
        ["marc"],
        "",
        "els",
        Frequency.EACH_TIME,
        "als er thuis geroepen wordt",
        Frequency.MONTHLY,
        "hele looptijd",
        "Els vraagt het wekelijks aan Lotte",
        "Eline bespreekt met Lotte en Marc; nummer van Marc op de kinderversie.",
        "Als er thuis geroepen wordt, mag je altijd bij Marc aanbellen.",
    ),
    (
        "Sarah drinkt geen alcohol als ze alleen voor de kinderen zorgt. Er is geen sterke drank in huis; wijn of bier alleen "
        "als Kevin of Rita er is. Als Sarah zin krijgt om te drinken of zich somber voelt, belt ze Rita of Els.",
        1,
        ["sarah"],
        "",
        "rita",
        Frequency.DAILY,
        "",
        Frequency.WEEKLY,
        "hele looptijd",
        "Eline bij huisbezoek",
        "Lotte belt Els of Rita; die komt of neemt de kinderen mee; Eline en Nadia worden de volgende werkdag verwittigd.",
        "Mama drinkt geen wijn als ze alleen voor jullie zorgt.",
    ),
    (
        "Oma Rita belt elke avond om 19u (videobellen) en ziet Milan; op woensdagnamiddag zorgt Rita voor Milan.",
        1,
        ["rita"],
        "",
        "els",
        Frequency.DAILY,
        "om 19u",
        Frequency.WEEKLY,
        "hele looptijd",
        "Rita vertelt het aan Eline",
        "Els belt Sarah; als niemand opneemt gaat Rita of Els langs.",
        "Oma belt elke avond.",
    ),
    (
        "Sarah maakt binnen 2 weken een afspraak bij dr. Vandenberghe en gaat daarna maandelijks; ze start begeleiding bij "
        "het CGG. Inge gaat de eerste keer mee.",
        1,
        ["sarah"],
        "",
        "inge",
        Frequency.MONTHLY,
        "",
        Frequency.MONTHLY,
        "tot einde begeleiding",
        "Eline vraagt het maandelijks (met toestemming)",
        "Eline bespreekt drempels; Nadia wordt ingelicht.",
        "",
    ),
    (
        "Elke avond doet een volwassene (Sarah, Kevin of Rita) Milan in bad en brengt hem vóór 20u naar bed. Lotte helpt "
        "niet meer met bad en eten maken.",
        1,
        ["sarah", "kevin"],
        "",
        "els",
        Frequency.DAILY,
        "vóór 20u",
        Frequency.WEEKLY,
        "hele looptijd",
        "Els vraagt het aan Lotte op zaterdag",
        "Lotte belt Els; Eline herziet de avondplanning met de ouders.",
        "'s Avonds brengt een volwassene Milan naar bed — dat is niet jouw taak.",
    ),
    (
        "Lotte en tante Els (JIM) spreken elke zaterdagvoormiddag af (ontbijt of zwemmen) en Lotte mag Els altijd bellen of "
        "berichten. Een leeg berichtje betekent: \u201cbel me nu\u201d. Els vertelt zorgen aan Eline, met Lotte's medeweten.",
        2,
        ["els"],
        "",
        "rita",
        Frequency.WEEKENDS,
        "zaterdagvoormiddag",
        Frequency.WEEKLY,
        "hele looptijd en daarna",
        "Maandelijks gesprek Eline met Els",
        "Rita neemt over; Eline zoekt met Lotte een andere dag.",
        "Op zaterdag zie je tante Els. Een leeg berichtje aan Els betekent: bel me nu.",
    ),
    (
        "Juf Annelies en Tom (CLB) laten Eline tweewekelijks weten hoe het gaat met Lotte (op tijd, moe, stemming) — met "
        "toestemming van de ouders.",
        2,
        ["annelies", "tom_clb"],
        "",
        None,
        Frequency.BIWEEKLY,
        "",
        Frequency.BIWEEKLY,
        "tot 30/06, herstart 01/09",
        "Mail van school",
        "Eline belt school; bespreking op de evaluatie.",
        "",
    ),
    (
        "Bij elk incident (roepen met angst bij de kinderen, geweld, alcohol bij alleen zorgen) verwittigen Sarah, Kevin of "
        "het netwerk Eline binnen 24 uur; Eline informeert Nadia dezelfde dag.",
        None,
        ["sarah", "kevin"],
        "en het netwerk",
        "rita",
        Frequency.EACH_TIME,
        "bij elk incident",
        Frequency.WEEKLY,
        "hele looptijd",
        "Eline vraagt het bij elk contact",
        "Nadia beslist over bijkomende maatregelen (O1).",
        "",
    ),
]


# The agreements checked monthly (§10.6): A2 (the CAW reports attendance), A3 (Els asks Lotte), A6 (GP/CGG).
MONTHLY = (2, 3, 6)


def monthly_cycle(ctx: DemoContext, month: int, day: int) -> date:
    """A 2025 date of the story on the monthly checks' cycle, moved by calendar months, not by days.

    A monthly check keeps the day of the month of the first check (`selectors.agreement_checks_due`) and
    the story's first check (16/04) has the demo day's day of the month (16/06). `ctx.d()` moves dates by
    a number of days, which puts the next monthly check a day or two off the demo day when the months in
    between differ in length; on this cycle A6 is due on the demo day whatever day the demo is seeded
    (§10.11, §10.17).
    """
    today = ctx.demo_today
    return _add_months(ctx.today, month - today.month) + timedelta(days=day - today.day)


def seed_plans(ctx: DemoContext, case: Any, eline: Any, nadia: Any, goals: list[Any]) -> None:
    d = ctx.d

    def m(month: int, day: int) -> date:
        return monthly_cycle(ctx, month, day)

    p = ctx.persons
    sofie = ctx.users.get("sofie")

    # Step 1: the immediate safety agreements (05/03), made definitive by the coordinator at the start.
    immediate = services.plan_create(
        case=case,
        actor=eline,
        fields={
            "kind": PlanKind.IMMEDIATE,
            "label": "0.1",
            "change_now": "Veiligheid van Lotte en Milan vanaf vandaag.",
        },
    )
    for text, who in [
        ("Bij oplopende spanning gaat Kevin naar Dieter.", "kevin"),
        ("Lotte mag oma Rita of buurman Marc bellen.", "lotte"),
        ("Sarah drinkt geen alcohol als ze alleen met de kinderen is.", "sarah"),
        ("Eline komt de eerste weken 3x per week.", None),
    ]:
        services.agreement_create(
            plan=immediate,
            actor=eline,
            fields={"text": text, "monitor_professional": eline, "frequency": Frequency.EACH_TIME, "who_to_call": CALL},
            responsible=[p[who]] if who and who in p else [],
        )
    if sofie:
        services.plan_finalise(
            plan=immediate,
            actor=sofie,
            on=d(2025, 3, 5),
            override_reason="Directe veiligheidsafspraken bij de start (stap 1), nog vóór de toetsing van het plan.",
        )
        services.plan_set_status(plan=immediate, actor=eline, status=PlanStatus.ACTIVE)

    # Version 1.0 (steps 9–11).
    plan = services.plan_create(
        case=case,
        actor=eline,
        fields={
            "kind": PlanKind.MAIN,
            "safe_home_points": "Er is een warme band met de kinderen; Sarah werkt en is eerlijk over drinken; "
            "Dieter vangt Kevin op als het spannend wordt.",
            "needs_more_safety": "Ruzies met roepen waar de kinderen bij zijn; alcohol als Sarah alleen voor de kinderen zorgt; "
            "Lotte draagt te veel zorg voor Milan.",
            "family_measures": "Kevin gaat naar Dieter bij de rode 7; Rita belt elke avond; Sarah gaat naar de huisarts.",
            "family_strengths_used": "Een netwerk dat wil helpen (Rita, Els, Dieter, Marc, Inge); Kevin wil de CAW-training doen.",
            "change_now": "Geen sterke drank meer in huis; een volwassene brengt Milan naar bed.",
            "red_flags": RED_FLAGS,
            "run_period_weeks": 12,
            "monitoring_summary": "Eline houdt toezicht als professional; per afspraak houdt iemand uit het netwerk een oogje in het zeil.",
            "valid_from": d(2025, 4, 9),
            "valid_until": d(2025, 9, 12),
            "next_evaluation": d(2025, 4, 30),
        },
        m2m={
            "danger_statements": list(selectors.final_statements(case)),
            "goals": list(selectors.final_goals(case)),
            "bottom_lines": list(selectors.final_bottom_lines(case)),
        },
    )
    for spec in AGREEMENTS:
        (text, goal_i, resp, resp_text, monitor, freq, trigger, check_freq, duration, method, if_not, child) = spec
        services.agreement_create(
            plan=plan,
            actor=eline,
            fields={
                "text": text,
                "goal": goals[goal_i] if goal_i is not None and goal_i < len(goals) else None,
                "responsible_text": resp_text,
                "monitor_professional": eline,
                "monitor_network": p.get(monitor) if monitor else None,
                "frequency": freq,
                "trigger": trigger,
                "check_frequency": check_freq,
                "duration": duration,
                "check_method": method,
                "if_not_kept": if_not,
                "who_to_call": CALL,
                "child_text": child,
            },
            responsible=[p[k] for k in resp if k in p],
        )
    agreements = {a.number: a for a in plan.agreements.all()}
    services.plan_submit(plan=plan, actor=eline, on=d(2025, 4, 1))
    if nadia:
        services.plan_consultant_decide(
            plan=plan,
            actor=nadia,
            approve=True,
            on=d(2025, 4, 2),
            general_comment="Akkoord mits de aanpassingen bij A1 en A4 en een afspraak A10 over incidentmelding.",
            comments={
                agreements[1]: "Dieter bevestigt elke aankomst met een sms aan Eline én Sarah.",
                agreements[4]: "Strenger: geen sterke drank in huis; wijn of bier alleen als Kevin of Rita er is.",
            },
        )
    else:
        plan.status = PlanStatus.APPROVED
        plan.save(update_fields=["status"])
    services.plan_review_record(
        plan=plan,
        actor=eline,
        fields={
            "reviewer_type": ReviewerType.GV_CONSULTANT,
            "reviewer_name": "Nadia El Amrani (OCJ Oost-Vlaanderen)",
            "method": ReviewMethod.MEETING,
            "reviewed_on": d(2025, 4, 2),
            "result": ReviewResult.APPROVED_WITH_CONDITIONS,
            "conditions": "(a) A4 strenger: geen sterke drank in huis; (b) A1: sms van Dieter aan Eline én Sarah; "
            "(c) afspraak A10 over incidentmelding toevoegen. Aanpassingen doorgevoerd op 04/04.",
        },
    )
    plan = services.plan_finalise(plan=plan, actor=eline, on=d(2025, 4, 9))
    for key, name, role in [
        ("sarah", "Sarah", SignerRole.PARENT),
        ("kevin", "Kevin", SignerRole.PARENT),
        ("rita", "Rita", SignerRole.JIM),
        ("els", "Els", SignerRole.JIM),
        ("dieter", "Dieter", SignerRole.NETWORK),
        ("marc", "Marc", SignerRole.NETWORK),
        (None, "Eline", SignerRole.CONTEXT_WORKER),
        (None, "Nadia El Amrani", SignerRole.CONSULTANT),
    ]:
        services.sign_off_add(
            plan=plan,
            actor=eline,
            fields={
                "signer_role": role,
                "person": p.get(key) if key else None,
                "name": "" if key and key in p else name,
                "signed_on": d(2025, 4, 9),
                "method": SignMethod.PAPER,
            },
        )
    services.plan_set_status(plan=plan, actor=eline, status=PlanStatus.ACTIVE)
    # §10.6: the child-friendly version was shared with Lotte and Milan on 09/04, with Els and Rita there.
    services.plan_child_version_shared(plan=plan, actor=eline, on=d(2025, 4, 9))

    def check(agreement: Any, day: Any, source: str, outcome: str, happened: str = "", helped: str = "", by=None):
        services.check_record(
            agreement=agreement,
            actor=eline,
            fields={
                "checked_on": day,
                "source": source,
                "outcome": outcome,
                "on_behalf_of": p.get(by) if by else None,
                "child_safe": outcome != CheckOutcome.NOT_KEPT_UNSAFE,
                "what_happened": happened,
                "what_helped": helped,
            },
        )

    # §10.11 monitoring log.
    for number, agreement in agreements.items():
        check(
            agreement,
            m(4, 16) if number in MONTHLY else d(2025, 4, 16),
            CheckSource.HOME_VISIT,
            CheckOutcome.KEPT,
            "Eerste evaluatie: geen incidenten; CAW gestart 15/04." if number == 1 else "",
        )
    check(agreements[6], m(4, 17), CheckSource.PHONE, CheckOutcome.KEPT, "Eerste afspraak huisarts, Inge ging mee.")
    # The monthly checks of 16/05 (the log of §10.11 is an extract): the CAW's attendance list and Els.
    check(
        agreements[2],
        m(5, 16),
        CheckSource.MESSAGE,
        CheckOutcome.KEPT,
        "Het CAW (Bram Willems) geeft de aanwezigheden door: Kevin was op alle sessies.",
    )
    check(
        agreements[3],
        m(5, 16),
        CheckSource.SELF_REPORT,
        CheckOutcome.KEPT,
        "Els vroeg het aan Lotte: ze weet dat ze bij Marc mag aanbellen. Het was niet nodig.",
        by="els",
    )
    check(agreements[9], d(2025, 5, 9), CheckSource.SCHOOL_REPORT, CheckOutcome.KEPT, "Lotte 9 van 10 dagen op tijd.")
    check(
        agreements[1],
        d(2025, 5, 10),
        CheckSource.MESSAGE,
        CheckOutcome.KEPT,
        "Ruzie over geld; Kevin voelde de \u201crode 7\u201d, zei \u201cik ga naar Dieter\u201d (21u05), terug 23u30; zondag "
        "uitgepraat zonder kinderen.",
        "Uitzondering benoemd en gevierd op 13/05.",
        by="dieter",
    )
    check(agreements[6], m(5, 22), CheckSource.PHONE, CheckOutcome.KEPT, "Intake CGG gehad.")
    check(
        agreements[6],
        m(5, 22),
        CheckSource.MESSAGE,
        CheckOutcome.KEPT,
        "Inge ging mee naar de intake bij het CGG.",
        by="inge",
    )
    for number in (4, 7):
        check(
            agreements[number],
            d(2025, 5, 24),
            CheckSource.MESSAGE,
            CheckOutcome.NOT_KEPT_CHILD_SAFE,
            "Kevin op voetbalavond met Dieter; Sarah dronk ± 3 glazen wijn alleen met de kinderen.",
            "Lotte stuurde om 20u15 een leeg berichtje aan Els; Els was er om 20u40, bracht Milan naar bed en bleef slapen.",
            by="els",
        )
    incident = services.incident_record(
        case=case,
        actor=eline,
        fields={
            "plan": plan,
            "occurred_on": d(2025, 5, 24),
            "description": "Sarah dronk ± 3 glazen wijn terwijl ze alleen voor de kinderen zorgde. Lotte stuurde een leeg "
            "berichtje aan Els; Els kwam binnen 25 minuten.",
            "children_present": True,
            "bottom_line_breached": True,
            "actions_taken": "Els bracht Milan naar bed en bleef slapen; extra huisbezoek maandag 26/05.",
            "consultant_informed_on": d(2025, 5, 26),
            "learning": "Leermoment: het netwerk greep in zoals afgesproken. Plan aanscherpen voor vrijdag- en zaterdagavond.",
        },
        agreements=[agreements[4], agreements[7]],
    )
    services.incident_close_escalation(incident=incident, actor=eline, on=d(2025, 5, 26))

    # Version 1.1 (27/05): A4 and A5 sharpened after the incident.
    v11 = _new_reviewed_version(
        ctx,
        plan,
        eline,
        nadia,
        major=False,
        note="A4 en A5 aangescherpt na het incident van 24/05.",
        on=d(2025, 5, 27),
        changes={
            4: {
                "text": AGREEMENTS[3][0] + " Op vrijdag- en zaterdagavond komt Rita of Els langs als Sarah alleen is, "
                "of de kinderen slapen bij Rita."
            },
            5: {
                "text": AGREEMENTS[4][0]
                + " Op vrijdag- en zaterdagavond gaat Rita of Els langs in plaats van te bellen."
            },
        },
        next_evaluation=d(2025, 6, 4),
    )
    # Version 2.0 (04/06, NB2): tapering off.
    v20 = _new_reviewed_version(
        ctx,
        v11,
        eline,
        nadia,
        major=True,
        note="Afbouw: Eline 1x per week, Rita belt 3x per week, A9 pauzeert in de zomervakantie.",
        on=d(2025, 6, 4),
        changes={
            5: {
                "text": "Oma Rita belt drie keer per week om 19u (videobellen) en ziet Milan; op woensdagnamiddag zorgt Rita voor Milan.",
                "frequency": Frequency.FIXED_DAYS,
                "fixed_days": "maandag, woensdag en vrijdag",
                "child_text": "Oma belt drie keer per week.",
            },
            # A9 pauses in the summer holidays ("tot 30/06, herstart 01/09"): on the demo day it still runs
            # and its last check before the summer is due on 20/06 (§10.17), so no pause is set yet.
        },
        next_evaluation=d(2025, 7, 16),
    )
    # §10.17 has no R-PLAN-CHILDVERSION on the demo day: Eline explained v2.0 to the children at her
    # weekly visit of 11/06 (oma now calls three times a week).
    services.plan_child_version_shared(plan=v20, actor=eline, on=d(2025, 6, 11))
    latest = {a.number: a for a in v20.agreements.all()}
    # Sarah and Kevin signed v2.0 at NB2 (no R-PLAN-SIGN on the demo day, §10.17).
    for key in ("sarah", "kevin"):
        services.sign_off_add(
            plan=v20,
            actor=eline,
            fields={
                "signer_role": SignerRole.PARENT,
                "person": p.get(key),
                "name": "" if key in p else key.title(),
                "signed_on": d(2025, 6, 4),
                "method": SignMethod.PAPER,
            },
        )
    # At NB2 each network monitor told how their agreements went (§10.9; no R-CHECK-MISSED-NETWORK, §10.17).
    for number in (1, 3, 4, 5, 7, 8, 10):
        monitor = latest[number].monitor_network
        if monitor is not None:
            services.check_record(
                agreement=latest[number],
                actor=eline,
                fields={
                    "checked_on": d(2025, 6, 4),
                    "source": CheckSource.HOME_VISIT,
                    "outcome": CheckOutcome.KEPT,
                    "on_behalf_of": monitor,
                    "child_safe": True,
                    "what_happened": "Inbreng op netwerkbijeenkomst NB2.",
                },
            )
    # §10.9 NB2: the CAW's written input is the monthly check of A2 (Els's input for A3 is recorded above).
    check(
        latest[2],
        d(2025, 6, 4),
        CheckSource.MESSAGE,
        CheckOutcome.KEPT,
        "Bram Willems (CAW), schriftelijk op NB2: Kevin woonde 7 van de 8 sessies bij en neemt actief deel.",
    )
    # Eline's weekly home visit under v2.0 (the log above is an extract). The agreements checked monthly
    # follow their own cycle: A2 and A3 were checked at NB2 and are next due on 16/07, A6 on the demo day.
    for number in (1, 4, 7, 8, 10):
        check(latest[number], d(2025, 6, 11), CheckSource.HOME_VISIT, CheckOutcome.KEPT)
    check(
        latest[9],
        d(2025, 6, 6),
        CheckSource.SCHOOL_REPORT,
        CheckOutcome.KEPT_PARTLY,
        "Lotte moe na het weekend van 24/05, daarna beter.",
    )
    check(
        latest[5],
        d(2025, 6, 13),
        CheckSource.PHONE,
        CheckOutcome.KEPT,
        "3x per week videobellen volgens v2.0.",
        by="rita",
    )


def _new_reviewed_version(ctx, plan, eline, nadia, *, major, note, on, changes, next_evaluation):
    new = services.plan_new_version(plan=plan, actor=eline, major=major, change_note=note)
    new = services.plan_update(
        plan=new, actor=eline, expected_version=new.version, fields={"next_evaluation": next_evaluation}
    )
    for agreement in new.agreements.all():
        if agreement.number in changes:
            services.agreement_update(
                agreement=agreement, actor=eline, expected_version=agreement.version, fields=changes[agreement.number]
            )
    services.plan_submit(plan=new, actor=eline, on=on)
    if nadia:
        services.plan_consultant_decide(plan=new, actor=nadia, approve=True, on=on)
    services.plan_review_record(
        plan=new,
        actor=eline,
        fields={
            "reviewer_type": ReviewerType.GV_CONSULTANT,
            "reviewer_name": "Nadia El Amrani (OCJ Oost-Vlaanderen)",
            "method": ReviewMethod.MEETING,
            "reviewed_on": on,
            "result": ReviewResult.APPROVED,
            "conditions": "",
        },
    )
    new = services.plan_finalise(plan=new, actor=eline, on=on)
    services.plan_set_status(plan=new, actor=eline, status=PlanStatus.ACTIVE)
    return new
