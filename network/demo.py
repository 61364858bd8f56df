"""Demo network of gezin Verbeke – De Smet (DOMAIN §10.2–10.4, §10.9). All people are fictional.

Runs after `cases` (ORDER 20): it uses the household persons that app created and adds the network,
the genogram relations, both JIM searches and designations, the network analysis and the two meetings.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from cases.models import Gender
from cocon.demo import DemoContext

from . import services
from .models import (
    AttendanceRole as R,
)
from .models import (
    AttendanceStatus as S,
)
from .models import (
    CandidateStatus,
    JimPresenceContext,
    JimSearch,
    MeetingPurpose,
    MeetingStatus,
    RelationKind,
    RelationQuality,
    SolutionDecision,
)

ORDER = 30


def _member(ctx: DemoContext, key: str, person: dict[str, Any] | None, **fields: Any) -> None:
    case = ctx.cases["verbeke"]
    supports = [ctx.persons[k] for k in fields.pop("supports", [])]
    child_relations = {str(ctx.persons[k].code): v for k, v in fields.pop("child_relations", {}).items()}
    existing = ctx.persons.get(key) if person is None else None
    member = services.network_member_create(
        actor=ctx.users["eline"],
        case=case,
        person=existing,
        person_fields=person,
        member_fields={**fields, "child_relations": child_relations},
        supports=supports,
    )
    ctx.persons[key] = member.person
    ctx.extra.setdefault("members", {})[key] = member


def seed(ctx: DemoContext) -> None:
    if "verbeke" not in ctx.cases:
        return
    case = ctx.cases["verbeke"]
    eline = ctx.users["eline"]
    d = ctx.d

    # --- Network members (§10.3) ---
    _member(
        ctx,
        "rita",
        {
            "first_name": "Rita",
            "last_name": "Verbeke",
            "gender": Gender.FEMALE,
            "birth_date": d(1962, 8, 21),
            "phone": "0470 12 34 56",
            "address": "Fictieve Dreef 40, Evergem",
        },
        network_type="informal",
        relation="grandparent",
        relation_text="oma (moeder van Sarah), woont 5 min verder",
        child_relations={"lotte": "oma", "milan": "oma"},
        circle_ring="inner",
        knows_worries="all",
        influence="positive",
        roles=["safety_person", "monitor"],
        action="use",
        support_types=["practical", "emotional"],
        availability="elke dag; woensdagnamiddag Milan",
        supports=["lotte", "milan", "sarah"],
        consent_contact=True,
        consent_contact_on=d(2025, 3, 5),
    )
    _member(
        ctx,
        "els",
        {
            "first_name": "Els",
            "last_name": "Verbeke",
            "gender": Gender.FEMALE,
            "birth_date": d(1995, 12, 3),
            "phone": "0471 23 45 67",
            "email": "els.verbeke@example.org",
        },
        network_type="informal",
        relation="aunt_uncle",
        relation_text="tante (zus van Sarah)",
        child_relations={"lotte": "tante Els", "milan": "tante Els"},
        circle_ring="inner",
        knows_worries="all",
        influence="positive",
        roles=["emergency_contact", "monitor"],
        action="use",
        support_types=["emotional", "practical"],
        availability="avonden en zaterdag",
        supports=["lotte", "milan"],
        consent_contact=True,
        consent_contact_on=d(2025, 3, 5),
    )
    _member(
        ctx,
        "dieter",
        {
            "first_name": "Dieter",
            "last_name": "De Smet",
            "gender": Gender.MALE,
            "birth_date": d(1990, 7, 15),
            "phone": "0472 34 56 78",
        },
        network_type="informal",
        relation="aunt_uncle",
        relation_text="broer van Kevin",
        child_relations={"milan": "nonkel Dieter", "lotte": "nonkel Dieter"},
        circle_ring="inner",
        knows_worries="all",
        influence="positive",
        roles=["time_out_address", "monitor"],
        action="tap",
        support_types=["practical", "normative"],
        availability="dag en nacht bereikbaar voor Kevin",
        supports=["kevin"],
        consent_contact=True,
        consent_contact_on=d(2025, 3, 7),
    )
    _member(
        ctx,
        "marc",
        {
            "first_name": "Marc",
            "last_name": "Van Hecke",
            "gender": Gender.MALE,
            "birth_date": d(1966, 10, 10),
            "phone": "0473 45 67 89",
        },
        network_type="informal",
        relation="neighbour",
        relation_text="buurman",
        child_relations={"lotte": "buurman Marc"},
        circle_ring="middle",
        knows_worries="some",
        influence="positive",
        roles=["emergency_contact"],
        action="tap",
        support_types=["practical"],
        availability="meestal thuis",
        supports=["lotte"],
        consent_contact=True,
        consent_contact_on=d(2025, 3, 13),
    )
    _member(
        ctx,
        "inge",
        {"first_name": "Inge", "last_name": "Maes", "gender": Gender.FEMALE, "birth_date": d(1989, 9, 30)},
        network_type="informal",
        relation="friend",
        relation_text="vriendin en collega van Sarah",
        circle_ring="middle",
        knows_worries="some",
        influence="positive",
        roles=["support"],
        action="tap",
        support_types=["emotional"],
        availability="na de vroege shift",
        supports=["sarah"],
    )
    _member(
        ctx,
        "jens",
        None,
        network_type="informal",
        relation="parent",
        relation_text="vader van Lotte (Aalst)",
        child_relations={"lotte": "papa"},
        circle_ring="outer",
        knows_worries="none",
        influence="ambivalent",
        action="restore",
        availability="om de 14 dagen omgang (onregelmatig)",
        supports=["lotte"],
    )
    _member(
        ctx,
        "annelies",
        {"first_name": "Annelies", "last_name": "Goossens", "gender": Gender.FEMALE},
        network_type="formal",
        relation="teacher",
        relation_text="klastitularis Lotte",
        organisation="GBS De Regenboog",
        child_relations={"lotte": "juf"},
        circle_ring="middle",
        knows_worries="some",
        influence="positive",
        roles=["monitor"],
        action="use",
        support_types=["normative"],
        supports=["lotte"],
    )
    _member(
        ctx,
        "tom_clb",
        {"first_name": "Tom", "last_name": "Peeters", "gender": Gender.MALE, "email": "tom.peeters@clb.example"},
        network_type="formal",
        relation="clb",
        relation_text="CLB-medewerker",
        organisation="CLB (fictief)",
        circle_ring="middle",
        knows_worries="all",
        influence="positive",
        roles=["monitor", "professional"],
        action="use",
        supports=["lotte", "milan"],
    )
    _member(
        ctx,
        "hilde",
        {"first_name": "Hilde", "last_name": "Vandenberghe", "gender": Gender.FEMALE},
        network_type="formal",
        relation="gp",
        relation_text="huisarts van het gezin (Dr.)",
        circle_ring="middle",
        knows_worries="some",
        influence="positive",
        roles=["professional"],
        action="tap",
        supports=["sarah"],
    )
    _member(
        ctx,
        "bram",
        {"first_name": "Bram", "last_name": "Willems", "gender": Gender.MALE},
        network_type="formal",
        relation="caw",
        relation_text="begeleider agressiebeheersing",
        organisation="CAW Oost-Vlaanderen",
        circle_ring="outer",
        knows_worries="some",
        influence="positive",
        roles=["professional"],
        action="use",
        supports=["kevin"],
    )
    _member(
        ctx,
        "nadia_member",
        {"first_name": "Nadia", "last_name": "El Amrani", "gender": Gender.FEMALE, "email": "nadia@ocj.example"},
        network_type="formal",
        relation="consultant",
        relation_text="consulent OCJ Oost-Vlaanderen",
        organisation="OCJ Oost-Vlaanderen",
        knows_worries="all",
        influence="unknown",
        roles=["consultant"],
    )
    # Named by Lotte as a possible JIM (§10.4); not (yet) part of the circle.
    _member(
        ctx,
        "sanne",
        {"first_name": "Sanne", "gender": Gender.FEMALE},
        network_type="informal",
        relation="coach",
        relation_text="zwemtrainster van Lotte",
        child_relations={"lotte": "zwemtrainster"},
        knows_worries="none",
        influence="positive",
    )

    # --- Genogram (§10.2) ---
    roger = services.genogram_person_create(
        actor=eline,
        case=case,
        fields={
            "first_name": "Roger",
            "last_name": "De Smet",
            "gender": Gender.MALE,
            "birth_date": d(1955, 1, 12),
            "family_role": "",
            "deceased": True,
        },
    )
    ctx.persons["roger"] = roger
    p = ctx.persons
    relations = [
        ("sarah", RelationKind.PARTNER, "kevin", RelationQuality.CONFLICT, True, 2018, None),
        ("sarah", RelationKind.EX_PARTNER, "jens", RelationQuality.CONFLICT, False, 2012, 2016),
        ("sarah", RelationKind.PARENT_OF, "lotte", "", False, None, None),
        ("jens", RelationKind.PARENT_OF, "lotte", "", False, None, None),
        ("sarah", RelationKind.PARENT_OF, "milan", "", False, None, None),
        ("kevin", RelationKind.PARENT_OF, "milan", "", False, None, None),
        ("rita", RelationKind.PARENT_OF, "sarah", RelationQuality.CLOSE, False, None, None),
        ("rita", RelationKind.PARENT_OF, "els", "", False, None, None),
        ("roger", RelationKind.PARENT_OF, "kevin", RelationQuality.VIOLENT, False, None, None),
        ("roger", RelationKind.PARENT_OF, "dieter", "", False, None, None),
        ("kevin", RelationKind.SIBLING, "dieter", RelationQuality.CLOSE, False, None, None),
        ("els", RelationKind.OTHER, "lotte", RelationQuality.CLOSE, False, None, None),
    ]
    for a, kind, b, quality, cohabiting, since, until in relations:
        services.relationship_create(
            actor=eline,
            case=case,
            from_person=p[a],
            kind=kind,
            to_person=p[b],
            quality=quality,
            cohabiting=cohabiting,
            since=since,
            until=until,
        )

    # --- JIM (§10.4) ---
    services.jim_searches_ensure(case, actor=eline)
    searches = {s.child_id: s for s in JimSearch.objects.filter(case=case)}
    members = ctx.extra["members"]
    lotte_search = searches[p["lotte"].pk]
    milan_search = searches[p["milan"].pk]
    els_c = services.jim_candidate_add(
        actor=eline,
        search=lotte_search,
        member=members["els"],
        named_by=p["lotte"],
        named_on=d(2025, 3, 5),
        note="Lotte noemde Els op dag 1 en opnieuw op 13/03.",
    )
    services.jim_candidate_add(
        actor=eline,
        search=lotte_search,
        member=members["annelies"],
        named_by=p["lotte"],
        named_on=d(2025, 3, 13),
        professional_confirmed=True,
    )
    services.jim_candidate_add(
        actor=eline, search=lotte_search, member=members["sanne"], named_by=p["lotte"], named_on=d(2025, 3, 13)
    )
    services.jim_candidate_update(
        actor=eline,
        candidate=els_c,
        status=CandidateStatus.AGREED,
        asked_on=d(2025, 3, 14),
        answered_on=d(2025, 3, 14),
        note='Lotte vroeg het zelf; Els: "heel graag".',
    )
    els_jim = services.jim_designate(
        actor=eline,
        search=lotte_search,
        member=members["els"],
        designated_on=d(2025, 3, 18),
        parents_consent=True,
        parents_consent_on=d(2025, 3, 18),
        parents_consent_note='Sarah ja; Kevin "akkoord, als ze zich niet met onze relatie moeit"',
        jim_consent=True,
        jim_consent_on=d(2025, 3, 14),
        jim_agreement=(
            "Els is er voor Lotte, ook als het moeilijk is. Lotte mag haar alles vertellen. Els zegt niets door "
            "zonder dat Lotte het weet, behalve als Lotte of Milan in gevaar zijn. Els denkt mee met mama, Kevin en "
            "Eline en zit mee aan tafel bij netwerkbijeenkomsten; ze spreekt voor Lotte als Lotte dat zelf moeilijk "
            "vindt."
        ),
    )
    rita_c = services.jim_candidate_add(
        actor=eline, search=milan_search, member=members["rita"], named_by=p["sarah"], named_on=d(2025, 3, 7)
    )
    services.jim_candidate_add(
        actor=eline, search=milan_search, member=members["dieter"], named_by=p["kevin"], named_on=d(2025, 3, 7)
    )
    services.jim_candidate_update(
        actor=eline,
        candidate=rita_c,
        status=CandidateStatus.POLLED,
        asked_on=d(2025, 4, 8),
        answered_on=None,
        note="",
    )
    services.jim_designate(
        actor=eline,
        search=milan_search,
        member=members["rita"],
        designated_on=d(2025, 4, 9),
        parents_consent=True,
        parents_consent_on=d(2025, 4, 9),
        parents_consent_note="Sarah en Kevin samen",
        jim_consent=True,
        jim_consent_on=d(2025, 4, 9),
        jim_agreement="Rita is er voor Milan: elke woensdagnamiddag, en als het thuis te druk wordt.",
    )
    services.jim_presence_record(
        actor=eline, case=case, child=p["lotte"], context=JimPresenceContext.DANGER_STATEMENT, on=d(2025, 3, 28)
    )
    services.jim_presence_record(
        actor=eline, case=case, child=p["lotte"], context=JimPresenceContext.SAFETY_PLAN, on=d(2025, 4, 9)
    )
    services.jim_presence_record(
        actor=eline, case=case, child=p["milan"], context=JimPresenceContext.SAFETY_PLAN, on=d(2025, 4, 9)
    )
    ctx.extra["jim_lotte"] = els_jim

    # --- Network meetings (§10.9) ---
    A = services.AttendanceInput
    nb1 = services.meeting_create(
        actor=eline,
        case=case,
        fields={
            "purpose": MeetingPurpose.MAPPING,
            "status": MeetingStatus.HELD,
            "date": d(2025, 3, 26),
            "start_time": time(18, 30),
            "end_time": time(21, 0),
            "location": "Bij oma Rita thuis",
            "facilitator": eline,
            "agenda": "Zorgen en krachten in beeld brengen, oplossingen zoeken.",
            "child_voice_by": p["els"],
            "child_participation": (
                "Lotte was er van 18:30 tot 19:00, naast Els. Ze toonde haar Woord-en-Beeldverhaal en (met haar "
                "akkoord) haar Drie Huizen. Milan sliep boven bij oma."
            ),
            "worries": (
                'Marc: "Ik hoor het door de muur, ik wist niet dat ik mocht bellen."\n'
                'Rita: "Sarah belt minder sinds de winter, dan weet ik dat het niet goed gaat."\n'
                "Lotte neemt Milan mee naar haar kamer bij ruzie: een te zware taak.\n"
                "Complicerend: schulden, werkloosheid, somberheid Sarah, conflict met Jens."
            ),
            "strengths": (
                "Warme band met de kinderen. Sarah werkt en is eerlijk over drinken. Kevin wil de CAW-training doen.\n"
                'Dieter: "Kevin kwam in januari om middernacht; we hebben tot 2u gepraat en hij ging pas naar huis '
                'toen hij rustig was."'
            ),
            "decisions": "Oplossingen verder bespreken op 01/04 (stap 9). Eline belt Jens op 27/03.",
            "minutes": "Schaalronde: Sarah 5, Kevin 6, Rita 4, Els 3, Dieter 5, Marc 4, Inge 5, Tom 4, Nadia 3, "
            "Eline 3, Lotte 4.",
            "next_meeting": d(2025, 6, 4),
        },
        attendances=[
            A(p["sarah"], R.PARENT, True, S.PRESENT),
            A(p["kevin"], R.PARENT, True, S.PRESENT),
            A(p["lotte"], R.CHILD, True, S.PARTLY),
            A(p["rita"], R.NETWORK, True, S.PRESENT),
            A(p["els"], R.JIM, True, S.PRESENT),
            A(p["dieter"], R.NETWORK, True, S.PRESENT),
            A(p["marc"], R.NETWORK, True, S.PRESENT),
            A(p["inge"], R.NETWORK, True, S.PRESENT),
            A(p["tom_clb"], R.PROFESSIONAL, True, S.PRESENT),
            A(p["annelies"], R.PROFESSIONAL, True, S.IN_WRITING),
            A(p["jens"], R.PARENT, True, S.ABSENT),
            A(p["nadia_member"], R.CONSULTANT, True, S.PRESENT),
        ],
    )
    proposals = [
        ('Kevin gaat naar Dieter bij "rode 7".', "dieter", SolutionDecision.ACCEPTED, "Wordt A1."),
        ("Kevin volgt de CAW-training agressiebeheersing.", "tom_clb", SolutionDecision.ACCEPTED, "Wordt A2."),
        ("Lotte belt aan bij Marc als het thuis misloopt.", "marc", SolutionDecision.ACCEPTED, "Wordt A3."),
        ("Geen alcohol in huis.", "rita", SolutionDecision.ACCEPTED, "Aangepast in A4."),
        ("Rita belt elke avond.", "rita", SolutionDecision.ACCEPTED, "Wordt A5."),
        ("Sarah gaat naar de huisarts; Inge gaat mee.", "inge", SolutionDecision.ACCEPTED, "Wordt A6."),
        ("Het avondritueel van Milan gebeurt door een volwassene.", "els", SolutionDecision.ACCEPTED, "Wordt A7."),
        ("Zaterdag is het tijd voor Lotte en Els.", "els", SolutionDecision.ACCEPTED, "Wordt A8."),
        (
            "Kevin verhuist tijdelijk naar Dieter.",
            "rita",
            SolutionDecision.REJECTED,
            "Ouders weigeren; Nadia: niet nodig zolang A1 werkt — blijft achtergrondoptie.",
        ),
        ("Tweewekelijkse feedback van de school.", "tom_clb", SolutionDecision.ACCEPTED, "Wordt A9."),
    ]
    for text, by, decision, reason in proposals:
        services.proposed_solution_add(
            actor=eline, meeting=nb1, text=text, proposed_by=p[by], decision=decision, reason=reason
        )
    services.meeting_create(
        actor=eline,
        case=case,
        fields={
            "purpose": MeetingPurpose.EVALUATION,
            "status": MeetingStatus.HELD,
            "date": d(2025, 6, 4),
            "start_time": time(18, 30),
            "end_time": time(20, 45),
            "location": "Thuis bij het gezin",
            "facilitator": eline,
            "agenda": "Plan evalueren, afbouw bespreken (evaluatie 2).",
            "child_voice_by": p["els"],
            "child_participation": (
                'Lotte was er van 18:30 tot 19:00 met Els. In haar nieuwe Huis van zorgen staat nog "als mama te '
                'moe is".'
            ),
            "worries": "Incident 24/05 besproken als leermoment: het netwerk greep in zoals afgesproken.",
            "strengths": (
                'Geen nieuw fysiek geweld sinds 22/02. A1 werkte op 10/05. Juf Annelies: "Lotte komt bijna altijd '
                'op tijd, ze lacht weer." Bram (schriftelijk): Kevin woonde 7 van de 8 sessies bij.'
            ),
            "decisions": (
                "Plan v2.0: afbouw Eline naar 1x/week, Rita belt 3x/week, A9 zomerpauze. Veiligheidsfase → stabiele "
                "veiligheid. Start terugvalplan. Evaluatie 3 op 16/07; afronding voorzien 12/09 met NB3 op 03/09."
            ),
            "minutes": "Schaalronde: Sarah 7, Kevin 8, Rita 7, Els 7, Dieter 7, Marc 6, Nadia 6, Eline 6, Lotte 7.",
            "next_meeting": d(2025, 9, 3),
        },
        attendances=[
            A(p["sarah"], R.PARENT, True, S.PRESENT),
            A(p["kevin"], R.PARENT, True, S.PRESENT),
            A(p["lotte"], R.CHILD, True, S.PARTLY),
            A(p["rita"], R.JIM, True, S.PRESENT),
            A(p["els"], R.JIM, True, S.PRESENT),
            A(p["dieter"], R.NETWORK, True, S.PRESENT),
            A(p["marc"], R.NETWORK, True, S.PRESENT),
            A(p["annelies"], R.PROFESSIONAL, True, S.PARTLY),
            A(p["tom_clb"], R.PROFESSIONAL, True, S.IN_WRITING),
            A(p["bram"], R.PROFESSIONAL, True, S.IN_WRITING),
            A(p["inge"], R.NETWORK, True, S.ABSENT),
            A(p["nadia_member"], R.CONSULTANT, True, S.PRESENT),
        ],
    )

    # --- Network analysis (§10.3) ---
    services.network_analysis_create(
        actor=eline,
        case=case,
        fields={
            "date": d(2025, 4, 1),
            "summary": (
                "Het gezin leek geïsoleerd: Rita en Els wisten niet hoe erg het was (geheimhouding), Marc hoorde de "
                "ruzies maar wist niet dat hij mocht helpen. Na NB1 is de binnenste cirkel gegroeid van 1 naar 3 "
                "mensen."
            ),
            "lost_contacts": "Contact met Jens is sinds 2023 bijna enkel via sms en conflictueus.",
            "restore_actions": "Jens apart informeren via Eline en Nadia; Inge betrekken als steun voor Sarah; "
            "Dieter als time-out-adres.",
            "social_support_level": "sufficient",
        },
    )
