"""The child's voice, Words & Pictures workflow, competence analysis, and what cases sees of us."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cases.models import FamilyRole
from cases.tests.factories import PersonFactory
from cases.timeline import timeline_for
from cases.trajectory import step_evidence
from safetyplans import services
from safetyplans.models import (
    ChildConversation,
    CompetenceItem,
    SkillGoal,
    StatementStatus,
    StoryStatus,
    WordsAndPictures,
)
from safetyplans.tests.factories import (
    ChildConversationFactory,
    CompetenceAnalysisFactory,
    DangerStatementFactory,
    SafetyGoalFactory,
    WordsAndPicturesFactory,
)

pytestmark = pytest.mark.django_db


def url(name, case, **kwargs):
    return reverse(name, kwargs={"case_code": case.code, **kwargs})


def test_worker_records_the_three_houses_consent_and_parents_reaction(client_for, worker, case):
    lotte = PersonFactory(case=case, first_name="Lotte", family_role=FamilyRole.CHILD)
    response = client_for(worker).post(
        url("safety-child-create", case),
        {
            "child": lotte.pk,
            "date": "2025-03-13",
            "tool": "three_houses",
            "house_good_things": "Zwemmen",
            "house_worries": "Als mama en Kevin roepen",
            "house_dreams": "Een hond",
            "consent_to_share": "partly",
            "not_to_share": "Papa is boos op mama",
            "shared_with_parents_on": "2025-03-18",
            "parent_reaction": "Geraakt",
        },
    )
    assert response.status_code == 302
    talk = ChildConversation.objects.get()
    assert talk.consent_to_share == "partly" and talk.shared_with_parents_on == datetime.date(2025, 3, 18)
    assert step_evidence(case, 4) == datetime.date(2025, 3, 13)
    assert step_evidence(case, 5) == datetime.date(2025, 3, 18)


def test_partial_consent_without_saying_what_not_to_share_is_refused(client_for, worker, case):
    lotte = PersonFactory(case=case, family_role=FamilyRole.CHILD)
    response = client_for(worker).post(
        url("safety-child-create", case),
        {"child": lotte.pk, "date": "2025-03-13", "tool": "three_houses", "consent_to_share": "partly"},
    )
    assert response.status_code == 200 and not ChildConversation.objects.exists()


def test_child_of_another_case_cannot_be_chosen(client_for, worker, case, other_case):
    stranger = PersonFactory(case=other_case, family_role=FamilyRole.CHILD)
    response = client_for(worker).post(
        url("safety-child-create", case), {"child": stranger.pk, "date": "2025-03-13", "tool": "drawing"}
    )
    assert response.status_code == 200 and not ChildConversation.objects.exists()


def test_words_and_pictures_goes_draft_approved_shared_and_then_is_fixed(client_for, worker, case):
    sarah = PersonFactory(case=case, first_name="Sarah", family_role=FamilyRole.MOTHER)
    story = WordsAndPicturesFactory(case=case)
    client = client_for(worker)
    status = url("safety-story-status", case, code=story.code)
    client.post(status, {"step": "share", "on": "2025-03-20"})
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT  # not before the parents approved
    client.post(status, {"step": "approve", "approved_by": [sarah.pk], "on": "2025-03-19"})
    client.post(status, {"step": "share", "on": "2025-03-20", "present": [sarah.pk]})
    story.refresh_from_db()
    assert story.status == StoryStatus.SHARED and story.shared_on == datetime.date(2025, 3, 20)
    assert step_evidence(case, 6) == datetime.date(2025, 3, 20)
    edit = client.post(url("safety-story-edit", case, code=story.code), {"title": "Anders", "version": story.version})
    assert edit.status_code == 409
    story.refresh_from_db()
    assert story.title == "Het verhaal van Lotte"
    client.post(status, {"step": "new_version"})
    new = WordsAndPictures.objects.exclude(pk=story.pk).get()
    assert new.supersedes == story and new.status == StoryStatus.DRAFT and new.number == 2


def test_page_with_a_fake_picture_is_refused_and_nothing_saved(client_for, worker, case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    story = WordsAndPicturesFactory(case=case)
    response = client_for(worker).post(
        url("safety-story-page-add", case, code=story.code),
        {"text": "Pagina", "picture": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")},
    )
    assert response.status_code == 200
    assert story.pages.count() == 0


def test_worker_builds_a_competence_analysis_with_a_skill_goal_linked_to_a_safety_goal(client_for, worker, case):
    analysis = CompetenceAnalysisFactory(case=case)
    goal = SafetyGoalFactory(case=case)
    client = client_for(worker)
    client.post(
        url("safety-competence-item-add", case, code=analysis.code),
        {"type": "task", "text": "Zorgen voor een kleuter", "weight": 3},
    )
    client.post(
        url("safety-competence-item-add", case, code=analysis.code),
        {"type": "skill", "text": "Warm en speels", "weight": 2},
    )
    response = client.post(
        url("safety-skill-goal-create", case, code=analysis.code),
        {
            "person": analysis.person.pk,
            "domain": "emotion_regulation",
            "goal_text": "Stressplan: wie bel ik?",
            "linked_safety_goal": goal.pk,
        },
    )
    assert response.status_code == 302
    assert CompetenceItem.objects.filter(analysis=analysis).count() == 2
    skill = SkillGoal.objects.get()
    assert skill.linked_safety_goal == goal and skill.analysis == analysis
    page = client.get(url("safety-competence-detail", case, code=analysis.code))
    assert page.context["task_weight"] == 3 and page.context["skill_weight"] == 2


def test_statement_evidence_for_steps_three_and_eight_and_the_timeline(case, worker):
    statement = DangerStatementFactory(case=case)
    assert step_evidence(case, 3)
    assert not step_evidence(case, 8)
    services.statement_set_status(
        statement=statement, actor=worker, status=StatementStatus.FINAL, on=datetime.date(2025, 3, 28)
    )
    assert step_evidence(case, 8) == datetime.date(2025, 3, 28)
    kinds = {item.kind for item in timeline_for(case)}
    assert "safetyplans.statement" in kinds


def test_map_with_family_items_is_step_two_evidence(case, worker):
    mapping = services.mapping_create(
        case=case, actor=worker, fields={"date": datetime.date(2025, 3, 7), "source": "visit"}, participants=[]
    )
    assert not step_evidence(case, 2)
    services.mapping_item_add(
        mapping=mapping,
        actor=worker,
        fields={"category": "family_pride", "text": "We lachen veel", "said_by_name": "Sarah", "said_on": mapping.date},
        children=[],
    )
    assert step_evidence(case, 2) == datetime.date(2025, 3, 7)


def test_supervisor_may_edit_and_consultant_only_reads_conversations(client_for, supervisor, consultant_shared, case):
    talk = ChildConversationFactory(case=case)
    assert client_for(consultant_shared).get(url("safety-child-detail", case, code=talk.code)).status_code == 200
    assert client_for(consultant_shared).get(url("safety-child-edit", case, code=talk.code)).status_code == 403
    assert client_for(supervisor).get(url("safety-child-edit", case, code=talk.code)).status_code == 200
