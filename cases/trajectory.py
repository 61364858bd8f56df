"""The 13 trajectory steps of De Cocon (seed §4, verbatim) and the "suggested done" registry.

The Dutch step texts are data: they are shown as-is (they are the seed's own words, not UI strings to
translate). For English the English gloss of DOMAIN §4.1 is shown. Other apps tell `cases` when the
record a step produces exists by registering an evidence function from their AppConfig.ready():

    from cases.trajectory import register_step_evidence
    register_step_evidence(7, lambda case: NetworkMeeting.objects.filter(case=case, held=True).exists())

The function gets the Case and returns False/None (no evidence), True (evidence, no date) or a date
(the day the evidence appeared — used as the completion date when the worker confirms).

A function runs its own query, once per step, on every case page. Evidence that is a plain read of the
database is better registered as a `QueryEvidence`: an SQL expression over the case, so that the case page
asks every step's evidence in one query:

    register_step_evidence(
        7, QueryEvidence(lambda: earliest(NetworkMeeting.objects.filter(case=OuterRef("pk"), held=True), "date"))
    )
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

STEP_COUNT = 13

# (Dutch verbatim from the seed, English gloss from DOMAIN §4.1)
STEP_TEXTS: dict[int, tuple[str, str]] = {
    1: (
        "Kennismaking waarbij het creëren van partnerschap en duidelijkheid geven over de reden van "
        "betrokkenheid van de jeugdhulp centraal staan. Mits nodig worden afspraken gemaakt voor directe "
        "veiligheid van het kind.",
        "Introduction focused on building partnership and being clear about why youth care is involved. "
        "If needed, agreements are made for the child's immediate safety.",
    ),
    2: (
        "Partnerschap uitbouwen en netwerk in kaart brengen door middel van het maken van een genogram, "
        "een veiligheidscirkel en bevragen waar het gezin zich zorgen over maakt en waarop zij trots zijn "
        "als gezin en bevragen op wat zij zien als kracht van hun gezin.",
        "Build the partnership and map the network with a genogram and a safety circle; ask what the "
        "family worries about, what they are proud of and what they see as their strengths.",
    ),
    3: (
        "Voorlopig dreigend gevaar, veiligheidsdoelen en eventueel ondergrenzen formuleren, bij voorkeur "
        "samen met ouders.",
        "Formulate provisional danger statement(s), safety goals and, if needed, bottom lines — "
        "preferably with the parents.",
    ),
    4: (
        "Gesprek met de kinderen voeren waarbij de kinderen hun gedachten delen over wat goed gaat, wat "
        "naar is en wat zij wensen.",
        "Talk with the children: what goes well, what is bad/nasty, what they wish.",
    ),
    5: (
        "Bespreken van de gedachten en wensen van de kinderen met ouders.",
        "Discuss the children's thoughts and wishes with the parents.",
    ),
    6: (
        "Maken van een Woord- en Beeldverhaal uitleg voor het kind, zodat dit weet wat er is gebeurd en "
        "waarom de hulpverlening is betrokken.",
        "Make a Words & Pictures explanation so the child knows what happened and why help is involved.",
    ),
    7: (
        "Netwerkbijeenkomsten organiseren waarbij alle betrokkenen elkaar ontmoeten en waar zorgen en "
        "krachten in beeld worden gebracht. Zowel ouders als informeel en formeel netwerk geven hun inbreng.",
        "Organise network meetings where all involved meet and worries and strengths are mapped; parents, "
        "informal and formal network all contribute.",
    ),
    8: (
        "Vaststellen van het dreigend gevaar, veiligheidsdoelen en eventuele ondergrenzen. Dit geheel geldt "
        "als kader voor het maken van een veiligheidsplan.",
        "Establish (finalise) danger statement, safety goals and any bottom lines — the frame for the safety plan.",
    ),
    9: (
        "Bespreken van oplossingen die uit de netwerkbijeenkomsten naar voren komen.",
        "Discuss the solutions that came out of the network meetings.",
    ),
    10: (
        "De oplossingen toetsen met de jeugdrechter / GV.",
        "Check the solutions with the youth judge / mandated agency.",
    ),
    11: (
        "Een veiligheidsplan definitief maken met het gezin en informeel en formeel netwerk.",
        "Finalise the safety plan with the family and informal and formal network.",
    ),
    12: (
        "Monitoren van de afspraken in het veiligheidsplan door de hulpverlener en door iemand uit het "
        "formeel en/of informeel netwerk",
        "Monitor the agreements by the professional and by someone from the formal and/or informal network.",
    ),
    13: (
        "Evaluaties plannen, veiligheidsplan zo nodig bijstellen.",
        "Plan evaluations; adjust the safety plan if needed.",
    ),
}


def step_title(number: int, language: str | None = None) -> str:
    """The step's text in the active language: the seed's Dutch verbatim, or the English gloss."""
    dutch, english = STEP_TEXTS[number]
    language = (language or get_language() or "nl").lower()
    return english if language.startswith("en") else dutch


EvidenceFn = Callable[[Any], "bool | date | None"]


class QueryEvidence:
    """Evidence as SQL expressions over the case (`OuterRef("pk")` is the case's id).

    Each expression yields a date or a datetime (the day the evidence appeared), a boolean, or NULL (no
    evidence); with several, the first date wins, as between registered functions. Called like an evidence
    function it asks the database on its own; the case page instead evaluates the expressions of every step
    in one query (`evidence_for_steps`)."""

    def __init__(self, *expressions: Callable[[], Any]) -> None:
        self.expressions = expressions

    def __call__(self, case: Any) -> date | bool:
        from .models import Case

        names = {f"e{j}": expression() for j, expression in enumerate(self.expressions)}
        row = Case.objects.filter(pk=case.pk).values(**names).first() or {}
        return _first_evidence(row.get(name) for name in names)


def earliest(queryset: Any, field: str) -> Any:
    """The smallest non-empty `field` of `queryset`, as a subquery (for a `QueryEvidence`)."""
    from django.db.models import Subquery

    return Subquery(queryset.filter(**{f"{field}__isnull": False}).order_by(field).values(field)[:1])


def _as_evidence(value: Any) -> date | bool:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    if isinstance(value, date):
        return value
    return bool(value)


def _first_evidence(values: Iterable[Any]) -> date | bool:
    found: date | bool = False
    for value in values:
        evidence = _as_evidence(value)
        if isinstance(evidence, date):
            return evidence
        found = found or evidence
    return found


_EVIDENCE: dict[int, list[EvidenceFn]] = {}


def register_step_evidence(step_number: int, fn: EvidenceFn) -> None:
    """Register `fn(case) -> bool | date | None` (or a `QueryEvidence`): truthy when the record step
    `step_number` produces exists."""
    if step_number not in STEP_TEXTS:
        raise ValueError(f"no trajectory step {step_number}")
    funcs = _EVIDENCE.setdefault(step_number, [])
    if fn not in funcs:
        funcs.append(fn)


def evidence_for_steps(case: Any, numbers: Iterable[int]) -> dict[int, date | bool]:
    """The first evidence any registered contributor finds for each step (a date when known), else False.

    Every `QueryEvidence` of the asked steps is evaluated in one query; plain functions run in the order
    they were registered."""
    from .models import Case

    numbers = [n for n in numbers if _EVIDENCE.get(n)]
    expressions = {
        f"e{n}_{i}_{j}": expression
        for n in numbers
        for i, fn in enumerate(_EVIDENCE[n])
        if isinstance(fn, QueryEvidence)
        for j, expression in enumerate(fn.expressions)
    }
    values: dict[str, Any] | None = None
    if expressions:
        try:
            values = Case.objects.filter(pk=case.pk).values(**{k: e() for k, e in expressions.items()}).first() or {}
        except Exception:  # one broken contributor must not hide the others: ask them one by one
            logger.exception("trajectory evidence query failed; asking each step on its own")
    result: dict[int, date | bool] = {}
    for n in numbers:
        found: date | bool = False
        for i, fn in enumerate(_EVIDENCE[n]):
            try:
                if isinstance(fn, QueryEvidence) and values is not None:
                    evidence = _first_evidence(values.get(f"e{n}_{i}_{j}") for j in range(len(fn.expressions)))
                else:
                    evidence = _as_evidence(fn(case))
            except Exception:  # a broken contributor must not break the case page
                logger.exception("trajectory evidence for step %s failed", n)
                continue
            if isinstance(evidence, date):
                found = evidence
                break
            found = found or evidence
        result[n] = found
    return result


def step_evidence(case: Any, step_number: int) -> date | bool:
    """The first evidence any registered function finds for this step (a date when known), else False."""
    return evidence_for_steps(case, [step_number]).get(step_number, False)


def registered_steps() -> set[int]:
    return set(_EVIDENCE)
