"""Demo data of DOMAIN §10 for the mapping: maps, statements, goals, bottom lines, scaling over seven
dates, the three houses with drawings, Words & Pictures, the competence analysis and the risk dialogue.

Runs after `cases` (20) and `network` (30): it uses their persons and, where they exist, the public
codes of the network meetings (we never import the network app).
"""

from __future__ import annotations

import io
from datetime import date as _date
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from cases.models import FamilyRole, Person
from cocon.demo import DemoContext

from . import services
from .models import (
    MappingCategory,
    MappingSource,
    RiskAssessment,
    ScaleType,
    StatementStatus,
    Voice,
)

ORDER = 40


def _person(ctx: DemoContext, key: str, first: str, last: str = "", role: str = "") -> Person | None:
    """A person of the demo case; created here only if the network demo did not (e.g. seeded alone)."""
    person = ctx.persons.get(key)
    if person is None:
        person = Person.objects.create(
            case=ctx.cases["verbeke"], first_name=first, last_name=last, family_role=role, is_household=False
        )
        ctx.persons[key] = person
    return person


def _meeting(case: Any, day: Any) -> Any:
    """The network demo's meeting on that day, looked up through the app registry (no import)."""
    try:
        meeting = apps.get_model("network", "NetworkMeeting")
    except LookupError:
        return None
    return meeting.objects.filter(case=case, date=day).first()


def _drawing(kind: str, name: str) -> SimpleUploadedFile:
    """A simple child-like drawing made with Pillow (no binary files in the repository)."""
    image = Image.new("RGB", (600, 450), (255, 253, 245))
    pen = ImageDraw.Draw(image)
    if kind == "house_sun":
        pen.polygon([(150, 220), (300, 110), (450, 220)], fill=(200, 70, 60))
        pen.rectangle([170, 220, 430, 400], fill=(250, 210, 120), outline=(90, 60, 30), width=4)
        pen.rectangle([270, 300, 330, 400], fill=(120, 80, 40))
        pen.ellipse([470, 30, 560, 120], fill=(255, 205, 40))
    elif kind == "clouds":
        pen.rectangle([200, 250, 400, 420], fill=(230, 230, 230), outline=(60, 60, 60), width=4)
        for x in (140, 260, 380):
            pen.ellipse([x, 60, x + 130, 150], fill=(90, 90, 110))
        for x in (170, 300, 420):
            pen.line([(x, 160), (x - 20, 220)], fill=(40, 60, 160), width=5)
    elif kind == "dog":
        pen.ellipse([180, 200, 420, 340], fill=(160, 110, 60))
        pen.ellipse([380, 150, 480, 250], fill=(160, 110, 60))
        pen.ellipse([430, 185, 445, 200], fill=(0, 0, 0))
        pen.ellipse([40, 30, 120, 110], fill=(255, 205, 40))
    else:  # heart
        pen.ellipse([180, 120, 310, 250], fill=(220, 40, 80))
        pen.ellipse([290, 120, 420, 250], fill=(220, 40, 80))
        pen.polygon([(190, 215), (410, 215), (300, 380)], fill=(220, 40, 80))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def seed(ctx: DemoContext) -> None:
    if "verbeke" not in ctx.cases:
        return
    case = ctx.cases["verbeke"]
    eline = ctx.users["eline"]
    nadia = ctx.users.get("nadia")
    sarah, kevin, lotte, milan = (ctx.persons[k] for k in ("sarah", "kevin", "lotte", "milan"))
    rita = _person(ctx, "rita", "Rita", "Verbeke")
    els = _person(ctx, "els", "Els", "Verbeke")
    dieter = _person(ctx, "dieter", "Dieter", "De Smet")
    marc = _person(ctx, "marc", "Marc", "Van Hecke")
    inge = _person(ctx, "inge", "Inge", "Maes")

    _maps(ctx, case, eline, sarah, kevin, lotte, rita, els, dieter, marc, inge)
    goals = _statements(ctx, case, eline, nadia, sarah, kevin, lotte, milan, els)
    _scaling(ctx, case, eline, sarah, kevin, lotte, rita, els, dieter, marc, goals)
    _child(ctx, case, eline, sarah, kevin, lotte, milan, els)
    _competence(ctx, case, eline, sarah, kevin, lotte, milan, rita, dieter, inge, els, goals)
    _risk(ctx, case, eline, sarah, kevin)
    from .demo_plans import seed_plans

    seed_plans(ctx, case, eline, nadia, goals)


def _maps(ctx, case, eline, sarah, kevin, lotte, rita, els, dieter, marc, inge) -> None:
    d = ctx.d
    C = MappingCategory
    first = services.mapping_create(
        case=case,
        actor=eline,
        fields={
            "date": d(2025, 3, 7),
            "source": MappingSource.VISIT,
            "summary": "Genogram en veiligheidscirkel gemaakt; gevraagd waar het gezin zich zorgen over maakt en waar het trots op is.",
            "safety_score": 2,
            "safety_score_note": "Inschatting Nadia en Eline na de kennismaking: de kinderen zijn nog niet veilig genoeg.",
        },
        participants=[sarah, kevin],
    )
    items = [
        (
            C.HARM,
            "Op 22 februari duwde Kevin Lotte weg toen ze tussenkwam; ze viel met haar arm tegen de kast en had een blauwe plek.",
            None,
            "Nadia (consulent OCJ)",
            (2025, 2, 22),
        ),
        (
            C.DANGER,
            "Drie keer zo hevig ruzie dat de politie kwam (16/11, 18/01, 22/02).",
            None,
            "Nadia (consulent OCJ)",
            None,
        ),
        (
            C.DANGER,
            "Op 14 februari stond Milan om 21u30 in pyjama alleen op de stoep; Sarah sliep in de zetel na wijn.",
            None,
            "Eline (contextbegeleider)",
            (2025, 2, 14),
        ),
        (C.FAMILY_WORRY, "Schulden: achterstal energie € 1.200.", sarah, "", None),
        (C.FAMILY_WORRY, "Kevin is werkloos sinds september.", kevin, "", None),
        (C.FAMILY_WORRY, "Te veel bemoeienis van buitenaf.", kevin, "", None),
        (C.FAMILY_PRIDE, "We lachen veel samen, Milan is vrolijk, Lotte is slim.", sarah, "", None),
        (
            C.STRENGTH,
            "Sarah vertelt eerlijk over haar drinken en wil hulp van de huisarts.",
            None,
            "Eline (contextbegeleider)",
            None,
        ),
        (
            C.EXISTING_SAFETY,
            "Op 18 januari ging Kevin zelf naar zijn broer Dieter toen het te veel werd — 'dat werkte'.",
            kevin,
            "",
            (2025, 1, 18),
        ),
        (C.COMPLICATING, "Somberheid van Sarah; drinkt 's avonds wijn bij stress.", sarah, "", None),
        (
            C.NEXT_STEP,
            "Voorlopig dreigend gevaar en veiligheidsdoelen formuleren met Sarah en Kevin (11/03).",
            None,
            "Eline (contextbegeleider)",
            None,
        ),
    ]
    for category, text, person, name, event in items:
        services.mapping_item_add(
            mapping=first,
            actor=eline,
            fields={
                "category": category,
                "text": text,
                "said_by": person,
                "said_by_name": name,
                "said_on": d(2025, 3, 7),
                "event_date": d(*event) if event else None,
                "is_exception": category == C.EXISTING_SAFETY,
                "disputed": category == C.HARM,
                "dispute_note": "Kevin zegt dat hij Lotte 'alleen opzij zette'." if category == C.HARM else "",
            },
            children=[lotte] if category in (C.HARM,) else [],
        )
    nb1_day = d(2025, 3, 26)
    second = services.mapping_create(
        case=case,
        actor=eline,
        fields={
            "date": nb1_day,
            "source": MappingSource.NETWORK_MEETING,
            "meeting": _meeting(case, nb1_day),
            "summary": "Netwerkbijeenkomst 1 bij oma Rita: zorgen en krachten in beeld, oplossingen gezocht.",
            "safety_score": 3,
            "safety_score_note": "Gemiddelde schaalronde NB1: tussen 3 en 6.",
        },
        participants=[sarah, kevin, rita, els, dieter, marc, inge],
        copy_from=first,
    )
    for category, text, person in [
        (C.FAMILY_WORRY, "Ik hoor het door de muur, ik wist niet dat ik mocht bellen.", marc),
        (C.FAMILY_WORRY, "Sarah belt minder sinds de winter, dan weet ik dat het niet goed gaat.", rita),
        (
            C.EXISTING_SAFETY,
            "Kevin kwam in januari om middernacht; we hebben tot 2u gepraat en hij ging pas naar huis toen hij rustig was.",
            dieter,
        ),
        (C.EXISTING_SAFETY, "Lotte neemt Milan mee naar haar kamer bij ruzie (ook een zorg: te zware taak).", els),
        (C.STRENGTH, "Kevin wil de CAW-training agressiebeheersing doen.", kevin),
        (C.SAFETY_GOAL, "Kevin gaat naar Dieter bij 'de rode 7'.", dieter),
        (C.NEXT_STEP, "Oplossingen bespreken op 01/04; Jens apart informeren.", None),
    ]:
        services.mapping_item_add(
            mapping=second,
            actor=eline,
            fields={
                "category": category,
                "text": text,
                "said_by": person,
                "said_by_name": "" if person else "Eline (contextbegeleider)",
                "said_on": nb1_day,
            },
            children=[],
        )
    nb2_day = d(2025, 6, 4)
    third = services.mapping_create(
        case=case,
        actor=eline,
        fields={
            "date": nb2_day,
            "source": MappingSource.NETWORK_MEETING,
            "meeting": _meeting(case, nb2_day),
            "summary": "Netwerkbijeenkomst 2: plan geëvalueerd, afbouw besproken.",
            "safety_score": 6,
        },
        participants=[sarah, kevin, rita, els, dieter, marc],
    )
    for category, text, person, name in [
        (C.EXISTING_SAFETY, "Geen nieuw fysiek geweld sinds 22 februari.", None, "Nadia (consulent OCJ)"),
        (
            C.EXISTING_SAFETY,
            "Op 10 mei voelde Kevin 'de rode 7' en ging hij naar Dieter — uitzondering gevierd.",
            dieter,
            "",
        ),
        (C.STRENGTH, "Lotte komt bijna altijd op tijd, ze lacht weer.", None, "juf Annelies"),
        (
            C.COMPLICATING,
            "Incident 24 mei: Sarah dronk alleen met de kinderen; Els greep in zoals afgesproken.",
            els,
            "",
        ),
        (C.FAMILY_WORRY, "In Lottes Huis van zorgen staat nog: 'als mama te moe is'.", None, "Lotte (via Els)"),
        (
            C.NEXT_STEP,
            "Plan v2.0: afbouw, terugvalplan starten, evaluatie op 16/07.",
            None,
            "Eline (contextbegeleider)",
        ),
    ]:
        services.mapping_item_add(
            mapping=third,
            actor=eline,
            fields={"category": category, "text": text, "said_by": person, "said_by_name": name, "said_on": nb2_day},
            children=[],
        )


STATEMENTS = [
    {
        "title": "Ruzies met roepen en geweld",
        "v1": "Nadia en Eline maken zich zorgen omdat Sarah en Kevin de laatste maanden drie keer zo hard ruzie maakten dat de politie kwam. Op 22 februari werd Lotte weggeduwd toen ze tussenkwam en had ze een blauwe plek. We zijn bang dat Lotte en Milan opnieuw ruzies met roepen en geweld zien en zelf gekwetst worden.",
        "who": "Nadia (consulent OCJ), Eline (De Cocon), oma Rita, tante Els en juf Annelies.",
        "behaviour": "Sinds november 2024 maakten Kevin en Sarah drie keer zo hevig ruzie dat de politie moest komen (16 november, 18 januari en 22 februari). Op 22 februari riep Kevin, gooide hij een stoel om en duwde hij Lotte weg toen ze tussenkwam; ze viel met haar arm tegen de kast en had een blauwe plek. Milan stond huilend in de gang. Lotte vertelt dat ze 's nachts wakker ligt als ze roepen hoort en dat ze Milan dan mee naar haar kamer neemt.",
        "impact": 'Lotte ligt \'s nachts wakker, is moe en angstig en neemt Milan mee naar haar kamer; Milan verstopt zich bij lawaai en tekent "boze wolken" boven het huis.',
        "well": "Op 18 januari ging Kevin zelf naar zijn broer Dieter toen hij voelde dat het te veel werd. Sarah en Kevin zeggen allebei dat ze willen dat de kinderen thuis kunnen blijven.",
        "fear": "Dat Lotte en Milan opnieuw ruzies met roepen, gooien en duwen meemaken, dat een van hen (opnieuw) lichamelijk gekwetst wordt als ze willen helpen of in de weg staan, en dat ze zich thuis nooit echt veilig en rustig voelen. Kinderen die dit vaak meemaken worden angstig, slapen slecht, krijgen het moeilijk op school en leren dat ruzies met geweld worden opgelost.",
        "dispute": "Kevin vindt dat hij Lotte niet pijn wilde doen; iedereen is het erover eens dat Lotte pijn had en bang was.",
        "dispute_v1": 'Kevin zegt dat hij Lotte "alleen opzij zette" en dat het "geen slag" was.',
        "of": ["kevin", "sarah"],
        "goal": {
            "title": "Meningsverschillen oplossen zonder roepen of geweld",
            "who_needs_to_see": "Nadia, Eline, oma Rita, tante Els en juf Annelies.",
            "parent_behaviour": 'Kevin en Sarah lossen gedurende minstens 12 weken meningsverschillen op zonder roepen, dreigen, gooien of duwen. Als de spanning oploopt (Kevin noemt dat "de rode 7"), stopt Kevin het gesprek, zegt hij "ik ga even naar Dieter" en verlaat hij het huis tot hij rustig is; ze praten verder als de kinderen slapen of niet thuis zijn. Kevin volgt de training bij het CAW.',
            "network_behaviour": "Dieter vangt Kevin op en stuurt bij aankomst een sms naar Eline en Sarah.",
            "child_experience": "Lotte en Milan vertellen (Drie Huizen, schaalvraag) dat er thuis niet meer geroepen wordt en weten wie ze kunnen bellen.",
            "observable_signs": "Geen politie-interventies; Dieter bevestigt elke aankomst; Lotte en Milan vertellen dat er niet meer geroepen wordt.",
            "family_words": "We maken ruzie zonder roepen; Kevin gaat naar Dieter bij de rode 7.",
            "scale_question": "10 = de kinderen maken thuis geen ruzie met roepen of geweld meer mee en iedereen vertrouwt erop dat dit zo blijft.",
        },
    },
    {
        "title": "Alcohol en toezicht 's avonds",
        "v1": "Nadia en Eline maken zich zorgen omdat Sarah op sommige avonden wijn drinkt tot ze in slaap valt terwijl ze alleen voor de kinderen zorgt. We zijn bang dat Milan iets overkomt en dat Lotte de zorg voor haar broer draagt.",
        "who": "Nadia, Eline, oma Rita, buurman Marc en Sarah zelf.",
        "behaviour": "Op sommige avonden drinkt Sarah wijn tot ze in de zetel in slaap valt, ook als ze alleen voor de kinderen zorgt. Op 14 februari vond Marc Milan om 21u30 in pyjama alleen op de stoep. Lotte vertelt dat zij dan Milan in bad doet, eten maakt en hem in bed legt. Sarah zegt dat ze drinkt als ze zich somber en moe voelt.",
        "impact": "Milan ligt soms laat en zonder toezicht; Lotte neemt de rol van volwassene over (koken, bad, bedtijd) en komt daardoor moe op school.",
        "well": "Sarah vertelt eerlijk over het drinken en wil hulp van haar huisarts. Oma Rita woont dichtbij en springt nu al bij.",
        "fear": "Dat Milan iets overkomt terwijl geen volwassene oplet (vallen, de straat oplopen, iets innemen) en dat Lotte de zorg voor haar broer en haar mama blijft dragen, wat veel te zwaar is voor een meisje van 10.",
        "dispute": "",
        "dispute_v1": "",
        "of": ["sarah"],
        "goal": {
            "title": "Elke dag een nuchtere volwassene",
            "who_needs_to_see": "Nadia, Eline, oma Rita en buurman Marc.",
            "parent_behaviour": "Gedurende minstens 12 weken is er elke dag een nuchtere volwassene die voor Lotte en Milan zorgt. Sarah drinkt geen alcohol als ze alleen voor de kinderen zorgt; als ze zich somber voelt of zin krijgt om te drinken, belt ze oma Rita of tante Els. Sarah gaat maandelijks naar haar huisarts en start begeleiding bij het CGG.",
            "network_behaviour": "Rita of Els komt langs of vangt de kinderen op als Sarah belt.",
            "child_experience": "Een volwassene doet Milan in bad en brengt hem vóór 20u naar bed; Lotte hoeft niet meer voor Milan te zorgen.",
            "observable_signs": "Rita ziet Milan elke avond bij het videobellen; Lotte vertelt dat een volwassene Milan in bed legt; huisarts- en CGG-afspraken gaan door.",
            "family_words": "Mama drinkt niet als ze alleen voor ons zorgt en belt oma als het moeilijk is.",
            "scale_question": "10 = er is elke avond een nuchtere volwassene en Lotte hoeft niet meer voor Milan te zorgen.",
        },
    },
    {
        "title": "Lotte draagt haar zorgen alleen",
        "v1": "Juf Annelies, Tom (CLB) en Eline maken zich zorgen omdat Lotte zegt dat ze thuis niets mag vertellen, vaak te laat en moe op school komt en bang is om naar een tehuis te moeten.",
        "who": "Juf Annelies, Tom (CLB), tante Els en Eline.",
        "behaviour": 'Lotte zegt dat ze "thuis niets mag vertellen". Sinds januari was ze 5 keer te laat, 2 keer misselijk naar huis en is ze vaak moe en stil in de klas. In haar Huis van zorgen tekende ze dat ze bang is "naar een tehuis te moeten" en dat ze bang is als Kevin roept.',
        "impact": "Lotte voelt zich alleen met haar zorgen, is bang om weggehaald te worden en zit in een loyaliteitsconflict tussen mama, Kevin en papa Jens.",
        "well": "Lotte heeft volwassenen die ze vertrouwt (tante Els, oma Rita, juf Annelies) en ze durfde haar zorgen te tekenen.",
        "fear": "Dat Lotte alleen blijft met wat ze meemaakt, geen hulp durft te vragen als het thuis misloopt, en dat haar welbevinden en schoolresultaten verder achteruitgaan.",
        "dispute": "",
        "dispute_v1": "",
        "of": [],
        "goal": {
            "title": "Lotte weet wat er gebeurd is en heeft iemand om te bellen",
            "who_needs_to_see": "Juf Annelies, Tom (CLB), tante Els en Eline.",
            "parent_behaviour": "Sarah en Kevin vertellen Lotte samen met Eline wat er gebeurd is (Woord-en-Beeldverhaal) en laten haar afspreken met tante Els.",
            "network_behaviour": "Tante Els is Lottes JIM; Lotte belt Els, oma Rita of buurman Marc als ze zich thuis niet veilig voelt.",
            "child_experience": "Lotte weet wat er gebeurd is en waarom Nadia en Eline komen; ze scoort zichzelf minstens een 7 op haar veiligheidsladder.",
            "observable_signs": "Juf Annelies ziet gedurende 12 weken dat Lotte op tijd en uitgerust op school komt.",
            "family_words": "Lotte mag erover praten en weet wie ze kan bellen.",
            "scale_question": "10 = Lotte voelt zich thuis veilig en weet dat ze altijd iemand kan bellen.",
        },
    },
]

BOTTOM_LINES = [
    (
        "Er is geen lichamelijk geweld tussen volwassenen of tegen de kinderen.",
        "Gebeurt het toch, dan gaan Lotte en Milan dezelfde dag naar oma Rita en wordt Nadia binnen 24 uur verwittigd; OCJ beslist dan of het dossier naar het parket gaat.",
    ),
    ("Er is altijd een nuchtere volwassene die voor Lotte en Milan zorgt.", "Eline verwittigt Nadia dezelfde werkdag."),
    ("Ouders laten de afgesproken huisbezoeken doorgaan en Eline en Nadia mogen Lotte en Milan alleen spreken.", ""),
]


def _statements(ctx, case, eline, nadia, sarah, kevin, lotte, milan, els) -> list[Any]:
    d = ctx.d
    goals = []
    for spec in STATEMENTS:
        parts = {
            "title": spec["title"],
            "who_is_worried": spec["who"],
            "worrying_behaviour": spec["behaviour"],
            "impact_on_child": spec["impact"],
            "if_nothing_changes": spec["fear"],
            "protective_behaviour": spec["well"],
            "dispute": spec["dispute_v1"],
            "statement_text": spec["v1"],
        }
        v1 = services.statement_create(
            case=case,
            actor=eline,
            fields=parts,
            m2m={
                "children": [lotte, milan],
                "formulated_with": [sarah, kevin],
                "behaviour_of": [ctx.persons[k] for k in spec["of"]],
            },
        )
        v2 = services.statement_new_version(statement=v1, actor=eline)
        text = f"{spec['who'].rstrip('.')} maken zich zorgen. {spec['behaviour']} {spec['impact']} We zijn bang: {spec['fear'][0].lower()}{spec['fear'][1:]}"
        services.statement_update(
            statement=v2,
            actor=eline,
            expected_version=v2.version,
            fields={
                **parts,
                "dispute": spec["dispute"],
                "statement_text": text,
                "agreed_by_consultant_on": d(2025, 3, 28),
            },
            m2m={"formulated_with": [sarah, kevin, els]},
        )
        services.statement_set_status(statement=v2, actor=eline, status=StatementStatus.FINAL, on=d(2025, 3, 28))
        goal = services.goal_create(
            case=case,
            actor=eline,
            fields={
                **spec["goal"],
                "danger_statement": v2,
                "duration_weeks": 12,
                "target_date": d(2025, 7, 2),
                "smart_checked": True,
            },
        )
        services.goal_set_status(goal=goal, actor=eline, status=StatementStatus.FINAL, on=d(2025, 3, 28))
        goals.append(goal)
    for text, consequence in BOTTOM_LINES:
        actor = nadia or eline
        v1 = services.bottom_line_create(
            case=case,
            actor=actor,
            fields={
                "text": text,
                "consequence_if_breached": consequence,
                "set_by_name": "Nadia El Amrani (OCJ Oost-Vlaanderen)",
            },
            m2m={},
        )
        v2 = services.bottom_line_new_version(line=v1, actor=eline)
        services.bottom_line_set_status(line=v2, actor=eline, status=StatementStatus.FINAL, on=d(2025, 3, 28))
    return goals


# §10.10: date → {who: score}; Rita's first score is from 07/03.
SCALE_DATES = [(2025, 3, 5), (2025, 3, 13), (2025, 3, 26), (2025, 4, 9), (2025, 4, 30), (2025, 5, 26), (2025, 6, 4)]
SCALES = {
    "sarah": [6, None, 5, 6, 7, 5, 7],
    "kevin": [7, None, 6, 6, 7, 6, 8],
    "lotte": [None, 3, 4, 5, 6, 5, 7],
    "rita": [3, None, 4, 5, 6, 5, 7],
    "els": [None, None, 3, 5, 6, 5, 7],
    "dieter": [None, None, 5, 6, None, None, 7],
    "marc": [None, None, 4, None, None, None, 6],
    "Nadia": [2, None, 3, 4, 5, 4, 6],
    "Eline": [2, None, 3, 4, 5, 4, 6],
}
VOICES = {
    "sarah": Voice.PARENT,
    "kevin": Voice.PARENT,
    "lotte": Voice.CHILD,
    "rita": Voice.NETWORK,
    "els": Voice.JIM,
    "dieter": Voice.NETWORK,
    "marc": Voice.NETWORK,
    "Nadia": Voice.CONSULTANT,
    "Eline": Voice.CONTEXT_WORKER,
}


def _scaling(ctx, case, eline, sarah, kevin, lotte, rita, els, dieter, marc, goals) -> None:
    d = ctx.d
    for index, day in enumerate(SCALE_DATES):
        by_type: dict[str, list[dict[str, Any]]] = {}
        for who, scores in SCALES.items():
            score = scores[index]
            if score is None:
                continue
            person = ctx.persons.get(who)
            row = {
                "person": person,
                "scorer_name": "" if person else who,
                "voice": VOICES[who],
                "score": score,
            }
            if who == "sarah" and day == (2025, 4, 30):
                row["why_not_lower"] = "Ik heb al drie weken niet gedronken als ik alleen was en mama belt elke avond."
                row["one_point_higher"] = "Als ik ook op vrijdagavond niet meer in de verleiding kom."
            kind = ScaleType.CHILD_LADDER if who == "lotte" else ScaleType.OVERALL
            on = d(2025, 3, 7) if who == "rita" and day == (2025, 3, 5) else d(*day)
            by_type.setdefault(f"{kind}|{on.isoformat()}", []).append(row)
        for key, rows in by_type.items():
            kind, iso = key.split("|")
            services.scaling_record(
                case=case,
                actor=eline,
                on=_date.fromisoformat(iso),
                scale_type=kind,
                goal=None,
                rows=rows,
                meeting=_meeting(case, _date.fromisoformat(iso)),
            )
    # Goal 1 ("de rode 7") scaled by the parents and the worker at each evaluation.
    for day, (s, k, e) in zip(SCALE_DATES[3:], [(5, 6, 4), (7, 7, 6), (6, 7, 5), (8, 8, 7)], strict=True):
        services.scaling_record(
            case=case,
            actor=eline,
            on=d(*day),
            scale_type=ScaleType.GOAL,
            goal=goals[0],
            rows=[
                {"person": sarah, "scorer_name": "", "voice": Voice.PARENT, "score": s},
                {"person": kevin, "scorer_name": "", "voice": Voice.PARENT, "score": k},
                {"person": None, "scorer_name": "Eline", "voice": Voice.CONTEXT_WORKER, "score": e},
            ],
        )


def _child(ctx, case, eline, sarah, kevin, lotte, milan, els) -> None:
    d = ctx.d
    talk = services.conversation_create(
        case=case,
        actor=eline,
        fields={
            "child": lotte,
            "date": d(2025, 3, 13),
            "tool": "three_houses",
            "house_good_things": "Zwemmen op woensdag, tante Els, spelen met Milan, oma's pannenkoeken, juf Annelies.",
            "house_worries": '"Als mama en Kevin roepen en er dingen vallen."\n"Als mama in de zetel slaapt en Milan nog niet in bed ligt."\n"Dat ik naar een tehuis moet."\n"Dat papa boos is op mama."',
            "house_dreams": '"Dat er thuis niet meer geroepen wordt." Een hond. "Dat mama weer lacht." Logeren bij tante Els.',
            "trusted_adults": 'Vertrouwt tante Els, oma Rita en juf Annelies. "Kevin maakt me soms bang als hij roept." Kiest Els als JIM en wil het haar zelf vragen.',
            "consent_to_share": "partly",
            "not_to_share": '"Papa is boos op mama" — dat wil Lotte zelf aan mama zeggen.',
            "shared_with_parents_on": d(2025, 3, 18),
            "parent_reaction": 'Sarah en Kevin zijn geraakt door "dat ik naar een tehuis moet". Kevin: "Ik wist niet dat ze bang van mij is." Akkoord met Els als JIM.',
        },
    )
    services.drawing_add(
        case=case,
        actor=eline,
        upload=_drawing("house_sun", "goed.png"),
        conversation=talk,
        house="good",
        caption="Oma's huis met pannenkoeken",
    )
    services.drawing_add(
        case=case,
        actor=eline,
        upload=_drawing("clouds", "zorgen.png"),
        conversation=talk,
        house="worries",
        caption="Als er thuis geroepen wordt",
    )
    services.drawing_add(
        case=case,
        actor=eline,
        upload=_drawing("dog", "dromen.png"),
        conversation=talk,
        house="dreams",
        caption="Een hond",
    )
    milan_talk = services.conversation_create(
        case=case,
        actor=eline,
        fields={
            "child": milan,
            "date": d(2025, 3, 13),
            "tool": "drawing",
            "house_worries": '"Papa roept, ik verstop me."',
            "house_good_things": "Speelt dat oma hem in bed legt.",
            "consent_to_share": "all",
            "shared_with_parents_on": d(2025, 3, 18),
        },
    )
    services.drawing_add(
        case=case,
        actor=eline,
        upload=_drawing("clouds", "wolken.png"),
        conversation=milan_talk,
        house="worries",
        caption="Boze wolken boven het huis",
    )
    services.conversation_create(
        case=case,
        actor=eline,
        fields={
            "child": lotte,
            "date": d(2025, 6, 4),
            "tool": "three_houses",
            "house_good_things": "Zaterdag met tante Els, zwemmen, Kevin gaat naar Dieter als hij boos wordt.",
            "house_worries": '"Als mama te moe is."',
            "house_dreams": "Een hond. Op kamp gaan in de zomer.",
            "consent_to_share": "all",
        },
    )
    # Words & Pictures: v1 talked through with the parents on 18/03, v2 approved 19/03, shared 20/03.
    story = services.story_create(
        case=case,
        actor=eline,
        fields={
            "title": "Het verhaal van Lotte en Milan — waarom Eline en Nadia bij ons thuis komen",
            "who_is_worried": "Nadia werkt bij het OCJ. Haar werk is ervoor zorgen dat kinderen veilig thuis kunnen opgroeien. Eline werkt bij De Cocon en komt bij ons thuis om samen met mama, Kevin, oma, tante Els en andere mensen te zorgen dat het thuis veilig is.",
            "what_worried_about": "Mama en Kevin hadden soms zo'n grote ruzie dat ze riepen en dingen omgooiden.",
            "what_happened": "De buurman belde de politie. Oma kwam jullie halen.",
            "what_we_do": "Mama, Kevin, oma en tante Els maken samen een plan.",
        },
        children=[lotte, milan],
    )
    services.story_mark_discussed(story=story, actor=eline)
    services.story_approve(story=story, actor=eline, approved_by=[sarah], on=d(2025, 3, 18))
    v2 = services.story_new_version(story=story, actor=eline)
    services.story_update(
        story=v2,
        actor=eline,
        expected_version=v2.version,
        fields={
            "title": "Het verhaal van Lotte en Milan — waarom Eline en Nadia bij ons thuis komen",
            "who_is_worried": "Nadia werkt bij het OCJ. Haar werk is ervoor zorgen dat kinderen veilig thuis kunnen opgroeien. Eline werkt bij De Cocon en komt bij ons thuis om samen met mama, Kevin, oma, tante Els en andere mensen te zorgen dat het thuis veilig is. Ook juf Annelies en oma maakten zich zorgen.",
            "what_worried_about": "Mama en Kevin hadden soms zo'n grote ruzie dat ze riepen en dingen omgooiden. Op een avond in februari wilde Lotte helpen en werd ze weggeduwd. Ze viel tegen de kast en had pijn aan haar arm. Milan was heel bang en huilde. Soms was mama 's avonds zo moe en verdrietig dat ze wijn dronk en in slaap viel, en dan zorgde Lotte voor Milan. Dat is te veel voor een kind.",
            "what_happened": "De buurman belde de politie. Oma kwam jullie halen en jullie sliepen bij oma. Nadia kwam praten met mama en Kevin. Iedereen wil dat jullie thuis kunnen blijven wonen, daarom komt Eline nu vaak op bezoek.",
            "what_we_do": "Mama, Kevin, oma, tante Els, nonkel Dieter en buurman Marc maken samen een plan. Kevin gaat naar Dieter als hij boos wordt. Mama praat met de dokter over haar verdriet. Een volwassene brengt Milan naar bed. Lotte mag tante Els altijd bellen. Het is niet jouw schuld en je mag erover praten.",
        },
        children=[lotte, milan],
    )
    for text, kind in [
        ("Dit is ons huis. Lotte tekende de zon erbij, omdat het thuis weer zonnig mag worden.", "house_sun"),
        ("Milan kleurde oma's huis met een zon. Daar mogen jullie altijd naartoe.", "house_sun"),
        (
            "Als er thuis geroepen wordt, mag je bij Marc aanbellen of tante Els bellen. Een leeg berichtje betekent: bel me nu.",
            "heart",
        ),
    ]:
        services.story_add_page(story=v2, actor=eline, text=text, upload=_drawing(kind, "pagina.png"))
    services.story_approve(story=v2, actor=eline, approved_by=[sarah, kevin], on=d(2025, 3, 19))
    services.story_share(story=v2, actor=eline, on=d(2025, 3, 20), present=[sarah, kevin, els])


COMPETENCE = {
    "sarah": (
        "disturbed",
        [
            ("task", "Zorgen voor een kleuter en een tiener-in-wording", 3),
            ("task", "Deeltijds werk met vroege shiften; huishouden en financiën", 2),
            ("task", "Ouderschap samen met ex Jens", 2),
            ("skill", "Warm en speels met Milan; structuur overdag", 2),
            ("skill", "Eerlijk over haar drinken; vraagt hulp aan haar moeder", 2),
            ("stressor_env", "Schulden (energie € 1.200), werkloosheid partner, conflict met Jens", 3),
            ("stressor_internal", "Somberheid (vermoedelijk depressief), alcohol als copingstrategie", 3),
            ("protective_env", "Sterke band met Rita en Els; werk en collega Inge", 2),
            ("protective_personal", "Houdt van haar kinderen; wil hulp", 2),
        ],
        [
            ("emotion_regulation", 'Stress- en somberheidsplan: "wie bel ik?"', 1),
            ("parenting", "Vast avondritueel voor Milan", 1),
            ("practical", "Budgetplan met het OCMW", None),
        ],
    ),
    "kevin": (
        "under_pressure",
        [
            ("task", "Vader van Milan, plusvader van Lotte; werk zoeken", 2),
            ("task", "Omgaan met schaamte na de politie-interventies", 2),
            ("skill", "Handig, speelt voetbal met Milan; herkent soms zelf wanneer het te veel wordt", 2),
            ("stressor_env", "Werkloosheid, financiële druk", 2),
            ("stressor_internal", "Eigen geschiedenis van geweld door zijn vader; impulsiviteit bij boosheid", 3),
            ("protective_env", "Broer Dieter", 2),
            ("protective_personal", "Gemotiveerd voor de CAW-training; wil thuis blijven wonen", 2),
        ],
        [
            ("emotion_regulation", 'Signaalplan "de rode 7"', 0),
            ("social_communication", "Praten over geld zonder roepen", 0),
            ("parenting", "Plusouderrol: Lotte niet corrigeren in een conflict", None),
        ],
    ),
    "lotte": (
        "disturbed",
        [
            ("task", "School (5de leerjaar), vriendschappen, kind mogen zijn", 2),
            ("task", "Nu ook ongepaste zorgtaken (parentificatie)", 3),
            ("skill", "Verantwoordelijk, verbaal sterk, tekent graag, goede zwemmer", 2),
            ("stressor_env", "Ruzies thuis, zorg voor Milan, loyaliteitsconflict", 3),
            ("stressor_internal", "Angst, slecht slapen", 2),
            ("protective_env", "Tante Els (JIM), oma Rita, juf Annelies, zwemclub", 3),
        ],
        [("social_communication", "Hulp vragen (leeg-berichtje-afspraak); zorgen uiten; terug kind mogen zijn", 2)],
    ),
    "milan": (
        "under_pressure",
        [
            ("task", "Kleuterschool, taalontwikkeling, zindelijk 's nachts, vaste slaaptijden", 2),
            ("skill", "Sociaal, speels, hecht aan oma", 2),
            ("stressor_env", "Onrust en roepen, wisselende bedtijden", 2),
            ("stressor_internal", "Schrikreacties, verstoppen bij lawaai", 2),
            ("protective_env", "Oma Rita (woensdag), kleuterjuf, zus Lotte", 2),
        ],
        [("parenting", "Via de ouders: vaste structuur, avondritueel en rustige overgangen", 1)],
    ),
}


def _competence(ctx, case, eline, sarah, kevin, lotte, milan, rita, dieter, inge, els, goals) -> None:
    d = ctx.d
    support = {"sarah": rita, "kevin": dieter, "lotte": els, "milan": rita}
    for key, (balance, items, skill_goals) in COMPETENCE.items():
        person = ctx.persons[key]
        analysis = services.competence_analysis_create(
            case=case,
            actor=eline,
            fields={"person": person, "date": d(2025, 4, 1), "balance": balance},
            made_with=[person] if person.family_role != FamilyRole.CHILD else [person, sarah],
        )
        for kind, text, weight in items:
            services.competence_item_add(
                analysis=analysis, actor=eline, fields={"type": kind, "text": text, "weight": weight}
            )
        for domain, text, goal_index in skill_goals:
            services.skill_goal_create(
                case=case,
                actor=eline,
                fields={
                    "person": person,
                    "analysis": analysis,
                    "domain": domain,
                    "goal_text": text,
                    "linked_safety_goal": goals[goal_index] if goal_index is not None else None,
                    "network_support": support[key],
                    "status": "in_progress",
                },
            )


RISK = [
    (
        "present",
        "slechte periode door geldzorgen",
        "grote kans op herhaling zonder verandering; kinderen getuige",
        "",
        "worry",
    ),
    ("disputed", 'Kevin: "opzij gezet"', "schade: blauwe plek, angst", "", "worry"),
    ("present", 'Sarah: "soms te veel"', "verhoogd risico op onvoldoende toezicht", "", "worry"),
    ("present", 'Sarah: "niets voelt nog goed"', "onderzoeken via de huisarts", "huisarts (A6)", "complicating_factor"),
    ("present", "beide erkennen", "stressor die escalaties voedt", "afspraak OCMW", "complicating_factor"),
    ("present", "Kevin vertelt het zelf", "risicofactor én motivatie", "", "complicating_factor"),
    ("present", "", "kwetsbaar bij gebrek aan toezicht", "", "worry"),
    ("present", 'Sarah: "Lotte helpt graag"', "te zware taak (parentificatie)", "", "worry"),
    (
        "partly",
        '"we wilden niemand lastigvallen"',
        "netwerk aanwezig maar niet op de hoogte",
        "netwerkbijeenkomst NB1",
        "next_step",
    ),
    ("partly", "", "Kevin minimaliseert het duwen", 'genoteerd als "niet eens"', ""),
    (
        "present",
        'Sarah: "Jens zet haar op tegen ons"',
        "belasting voor Lotte",
        "Jens apart informeren",
        "complicating_factor",
    ),
    ("present", '"we lachen veel"', "kracht", "", "strength"),
    ("present", "", "Rita ving de kinderen op 22/02 op", "", "existing_safety"),
    ("present", '"dat werkte"', "uitzondering om op te bouwen", "afspraak A1", "existing_safety"),
]


def _risk(ctx, case, eline, sarah, kevin) -> None:
    assessment = services.risk_dialogue_start(
        case=case,
        actor=eline,
        fields={"date": ctx.d(2025, 3, 24), "instrument": "internal_list"},
        discussed_with=[sarah, kevin],
    )
    items = list(assessment.items.order_by("order", "pk"))
    updates = []
    for item, (status, family, professional, next_step, becomes) in zip(items, RISK, strict=False):
        updates.append(
            (
                item,
                {
                    "status": status,
                    "family_view": family,
                    "professional_view": professional,
                    "next_step": next_step,
                    "becomes": becomes,
                },
            )
        )
    services.risk_dialogue_update(
        assessment=RiskAssessment.objects.get(pk=assessment.pk),
        actor=eline,
        fields={
            "overall_family_view": "Sarah en Kevin zien vooral een slechte periode door geldzorgen en willen dat de kinderen thuis blijven.",
            "overall_professional_view": "Partnergeweld, alcohol bij alleen zorgen en parentificatie zijn de kern; de band met de kinderen en het netwerk zijn krachten.",
        },
        items=updates,
    )
