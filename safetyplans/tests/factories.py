from __future__ import annotations

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.models import FamilyRole
from cases.tests.factories import PersonFactory
from safetyplans.models import (
    Agreement,
    BottomLine,
    ChildConversation,
    CompetenceAnalysis,
    DangerStatement,
    Frequency,
    Incident,
    Mapping,
    MappingItem,
    MappingSource,
    PlanKind,
    PlanStatus,
    RiskAssessment,
    SafetyGoal,
    SafetyPlan,
    ScaleType,
    ScalingScore,
    StatementStatus,
    Voice,
    WordsAndPictures,
)


def png_bytes(width: int = 40, height: int = 30, colour: tuple[int, int, int] = (250, 200, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def png_upload(name: str = "tekening.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


class MappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mapping

    date = factory.LazyFunction(datetime.date.today)
    source = MappingSource.VISIT


class MappingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingItem

    mapping = factory.SubFactory(MappingFactory)
    category = "danger"
    text = "Ruzies met roepen"
    said_by_name = "Eline"
    said_on = factory.LazyFunction(datetime.date.today)


class DangerStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DangerStatement

    title = "Ruzies met roepen en geweld"
    who_is_worried = "Nadia en Eline"
    worrying_behaviour = "de ouders maakten drie keer zo hard ruzie dat de politie kwam"
    impact_on_child = "Lotte ligt 's nachts wakker"
    if_nothing_changes = "de kinderen opnieuw gekwetst worden"
    statement_text = "Nadia en Eline maken zich zorgen."
    status = StatementStatus.PROVISIONAL


class SafetyGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyGoal

    danger_statement = factory.SubFactory(DangerStatementFactory, case=factory.SelfAttribute("..case"))
    title = "Rustig ruzie oplossen"
    who_needs_to_see = "Nadia en Eline"
    parent_behaviour = "Kevin gaat naar Dieter bij de rode 7"
    observable_signs = "Geen politie-interventies"
    duration_weeks = 12
    status = StatementStatus.PROVISIONAL


class BottomLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BottomLine

    text = "Er is geen lichamelijk geweld."
    set_by_name = "Nadia El Amrani"
    status = StatementStatus.PROVISIONAL


class ChildFactory(PersonFactory):
    family_role = FamilyRole.CHILD


class ChildConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildConversation

    child = factory.SubFactory(ChildFactory, case=factory.SelfAttribute("..case"))
    date = factory.LazyFunction(datetime.date.today)
    house_good_things = "Zwemmen"
    house_worries = "Als mama en Kevin roepen"
    house_dreams = "Een hond"


class WordsAndPicturesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WordsAndPictures
        skip_postgeneration_save = True

    title = "Het verhaal van Lotte"
    who_is_worried = "Nadia en Eline"
    what_worried_about = "Ruzies"

    @factory.post_generation
    def children(self, create, extracted, **kwargs):
        if create:
            self.children.set(extracted or [ChildFactory(case=self.case)])


class CompetenceAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceAnalysis

    person = factory.SubFactory(PersonFactory, case=factory.SelfAttribute("..case"), family_role=FamilyRole.MOTHER)
    date = factory.LazyFunction(datetime.date.today)


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment

    date = factory.LazyFunction(datetime.date.today)


class ScalingScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScalingScore

    date = factory.LazyFunction(datetime.date.today)
    scorer_name = "Eline"
    voice = Voice.CONTEXT_WORKER
    scale_type = ScaleType.OVERALL
    score = 5


def drawing_for(case, conversation=None):
    """A real stored drawing (through the service, so the file exists)."""
    from safetyplans.services import drawing_add

    return drawing_add(case=case, actor=None, upload=png_upload(), conversation=conversation, house="good")


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    kind = PlanKind.MAIN
    red_flags = "Kevin begint te roepen"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    plan = factory.SubFactory(SafetyPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Kevin gaat naar Dieter als de spanning oploopt."
    monitor_professional = factory.LazyAttribute(lambda o: o.plan.case.lead_worker)
    monitor_network = factory.LazyAttribute(lambda o: PersonFactory(case=o.plan.case, first_name="Dieter"))
    frequency = Frequency.WEEKLY
    who_to_call = "Dieter 0470 00 00 01"


def plan_in_status(case, status=PlanStatus.DRAFT, agreements=1, **fields):
    """A plan of `case` in `status` with `agreements` complete agreements (no workflow run)."""
    plan = SafetyPlanFactory(case=case, status=status, **fields)
    for _n in range(agreements):
        AgreementFactory(plan=plan)
    return plan


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    occurred_on = factory.LazyFunction(datetime.date.today)
    description = "Roepen met angst bij de kinderen"
    bottom_line_breached = True
