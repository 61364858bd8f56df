"""What a worker does on the Signs of Safety pages, and what others may not do."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cases.models import FamilyRole
from cases.tests.factories import PersonFactory
from safetyplans.models import (
    BottomLine,
    DangerStatement,
    Mapping,
    MappingItem,
    RiskAssessment,
    SafetyGoal,
    ScalingScore,
    StatementStatus,
)
from safetyplans.tests.factories import (
    BottomLineFactory,
    DangerStatementFactory,
    MappingFactory,
    MappingItemFactory,
    SafetyGoalFactory,
    ScalingScoreFactory,
)

pytestmark = pytest.mark.django_db


def url(name, case, **kwargs):
    return reverse(name, kwargs={"case_code": case.code, **kwargs})


STATEMENT_POST = {
    "title": "Ruzies met roepen en geweld",
    "who_is_worried": "Nadia en Eline",
    "worrying_behaviour": "Sarah en Kevin maakten drie keer zo hard ruzie dat de politie kwam",
    "impact_on_child": "Lotte ligt 's nachts wakker",
    "if_nothing_changes": "Lotte en Milan opnieuw gekwetst worden",
    "statement_text": "",
    "start_status": "provisional",
}


def test_worker_maps_the_family_in_three_columns(client_for, worker, case):
    client = client_for(worker)
    sarah = PersonFactory(case=case, first_name="Sarah", family_role=FamilyRole.MOTHER)
    response = client.post(
        url("safety-map-create", case),
        {"date": "2025-03-07", "source": "visit", "participants": [sarah.pk], "safety_score": 4},
    )
    mapping = Mapping.objects.get()
    assert response.status_code == 302
    for category, text in (
        ("family_pride", "We lachen veel samen"),
        ("danger", "Ruzies met roepen"),
        ("next_step", "Netwerkbijeenkomst"),
    ):
        client.post(
            url("safety-map-item-add", case, map_code=mapping.code),
            {"category": category, "text": text, "said_by": sarah.pk, "said_on": "2025-03-07"},
        )
    assert MappingItem.objects.count() == 3
    page = client.get(url("safety-map-detail", case, map_code=mapping.code)).content.decode()
    assert "We lachen veel samen" in page and "Sarah" in page and "07/03/2025" in page


def test_map_item_without_who_said_it_is_refused(client_for, worker, case):
    mapping = MappingFactory(case=case)
    response = client_for(worker).post(
        url("safety-map-item-add", case, map_code=mapping.code),
        {"category": "danger", "text": "x", "said_on": "2025-03-07"},
    )
    assert response.status_code == 200 and not MappingItem.objects.exists()


def test_worker_compares_two_maps_side_by_side(client_for, worker, case):
    first = MappingFactory(case=case, date=datetime.date(2025, 3, 7))
    second = MappingFactory(case=case, date=datetime.date(2025, 3, 26))
    MappingItemFactory(mapping=first, text="Geheimhouding")
    MappingItemFactory(mapping=second, text="Marc mag bellen", category="existing_safety")
    page = client_for(worker).get(url("safety-map-compare", case) + f"?a={first.code}&b={second.code}").content.decode()
    assert "Geheimhouding" in page and "Marc mag bellen" in page and "sp-new" in page


def test_worker_writes_a_danger_statement_with_the_builder(client_for, worker, case):
    client = client_for(worker)
    preview = client.post(url("safety-statement-create", case), {**STATEMENT_POST, "compose": "1"})
    assert preview.status_code == 200 and not DangerStatement.objects.exists()
    assert "Nadia en Eline" in preview.context["form"].initial["statement_text"]
    response = client.post(url("safety-statement-create", case), STATEMENT_POST)
    statement = DangerStatement.objects.get()
    assert response.status_code == 302
    assert statement.status == StatementStatus.PROVISIONAL
    assert statement.statement_text.startswith("Nadia en Eline")


def test_warning_beyond_three_active_statements(client_for, worker, case):
    for _ in range(3):
        DangerStatementFactory(case=case)
    response = client_for(worker).post(url("safety-statement-create", case), STATEMENT_POST, follow=True)
    assert any("3" in str(m) or "drie" in str(m) or "three" in str(m) for m in response.context["messages"])


def test_edit_of_a_final_statement_is_refused_and_nothing_saved(client_for, worker, case):
    statement = DangerStatementFactory(case=case, status=StatementStatus.FINAL)
    response = client_for(worker).post(
        url("safety-statement-edit", case, code=statement.code), {**STATEMENT_POST, "version": 1}
    )
    assert response.status_code == 409
    assert "nieuwe versie" in response.content.decode() or "new version" in response.content.decode()
    statement.refresh_from_db()
    assert statement.who_is_worried == "Nadia en Eline" and statement.title == "Ruzies met roepen en geweld"
    assert statement.statement_text == "Nadia en Eline maken zich zorgen."


def test_two_workers_edit_one_draft_and_the_second_sees_a_conflict_with_own_text(client_for, worker, co_worker, case):
    case.co_worker = co_worker
    case.save()
    statement = DangerStatementFactory(case=case)
    edit = url("safety-statement-edit", case, code=statement.code)
    first, second = client_for(worker), client_for(co_worker)
    version_a = first.get(edit).context["form"].initial["version"]
    version_b = second.get(edit).context["form"].initial["version"]
    assert (
        first.post(edit, {**STATEMENT_POST, "statement_text": "Tekst van Wout.", "version": version_a}).status_code
        == 302
    )
    response = second.post(edit, {**STATEMENT_POST, "statement_text": "Tekst van Cora.", "version": version_b})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Tekst van Cora." in page and "Tekst van Wout." in page
    statement.refresh_from_db()
    assert statement.statement_text == "Tekst van Wout."
    # Saving again from the conflict page is a deliberate overwrite of the newer version.
    assert (
        second.post(
            edit, {**STATEMENT_POST, "statement_text": "Tekst van Cora.", "version": statement.version}
        ).status_code
        == 302
    )


def test_worker_pairs_a_goal_and_sees_the_smart_check(client_for, worker, case):
    statement = DangerStatementFactory(case=case)
    client = client_for(worker)
    response = client.post(
        url("safety-goal-create", case, code=statement.code),
        {"title": "Rustig", "who_needs_to_see": "Nadia", "parent_behaviour": "Kevin gaat naar Dieter"},
        follow=True,
    )
    goal = SafetyGoal.objects.get()
    assert goal.danger_statement == statement
    page = response.content.decode()
    assert "Measurable" in page or "Meetbaar" in page


def test_final_goal_without_duration_is_refused_with_a_message(client_for, worker, case):
    goal = SafetyGoalFactory(case=case, duration_weeks=None)
    response = client_for(worker).post(
        url("safety-goal-status", case, code=goal.code), {"status": "final"}, follow=True
    )
    goal.refresh_from_db()
    assert goal.status == StatementStatus.PROVISIONAL
    assert any("weken" in str(m) or "weeks" in str(m) for m in response.context["messages"])


def test_new_version_of_final_goal_keeps_history_visible(client_for, worker, consultant_shared, case):
    goal = SafetyGoalFactory(case=case, status=StatementStatus.FINAL)
    response = client_for(worker).post(url("safety-goal-new-version", case, code=goal.code))
    new = SafetyGoal.objects.exclude(pk=goal.pk).get()
    assert response.status_code == 302 and new.supersedes == goal
    page = client_for(consultant_shared).get(url("safety-goal-detail", case, code=new.code)).content.decode()
    assert str(goal.code) in page


def test_consultant_sets_a_bottom_line_but_cannot_edit_statements(client_for, consultant_shared, case):
    client = client_for(consultant_shared)
    response = client.post(url("safety-bottom-line-create", case), {"text": "Geen geweld."})
    assert response.status_code == 302
    line = BottomLine.objects.get()
    assert line.set_by_user == consultant_shared
    assert client.post(url("safety-bottom-line-edit", case, code=line.code), {"text": "x"}).status_code == 403
    statement = DangerStatementFactory(case=case)
    assert client.post(url("safety-statement-edit", case, code=statement.code), STATEMENT_POST).status_code == 403


def test_worker_records_scores_from_four_voices_and_sees_the_chart(client_for, worker, case):
    sarah = PersonFactory(case=case, first_name="Sarah", family_role=FamilyRole.MOTHER)
    lotte = PersonFactory(case=case, first_name="Lotte", family_role=FamilyRole.CHILD)
    data = {
        "date": "2025-03-26",
        "scale_type": "overall_safety",
        "s-TOTAL_FORMS": 6,
        "s-INITIAL_FORMS": 0,
        "s-0-person": sarah.pk, "s-0-voice": "parent", "s-0-score": 5,
        "s-1-person": lotte.pk, "s-1-voice": "child", "s-1-score": 4,
        "s-2-scorer_name": "Nadia", "s-2-voice": "consultant", "s-2-score": 3,
        "s-3-scorer_name": "Eline", "s-3-voice": "context_worker", "s-3-score": 3,
    }  # fmt: skip
    client = client_for(worker)
    assert client.post(url("safety-scaling-create", case), data).status_code == 302
    assert ScalingScore.objects.count() == 4
    ScalingScoreFactory(case=case, date=datetime.date(2025, 4, 9), score=4)
    case_page = client.get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert "<svg" in case_page and "polyline" in case_page and "Sarah" in case_page


@pytest.mark.parametrize("score", ["11", "-1", "zeven"])
def test_score_outside_zero_to_ten_is_refused_and_nothing_saved(client_for, worker, case, score):
    data = {
        "date": "2025-03-26",
        "scale_type": "overall_safety",
        "s-TOTAL_FORMS": 2,
        "s-INITIAL_FORMS": 0,
        "s-0-scorer_name": "Eline", "s-0-voice": "context_worker", "s-0-score": 5,
        "s-1-scorer_name": "Nadia", "s-1-voice": "consultant", "s-1-score": score,
    }  # fmt: skip
    response = client_for(worker).post(url("safety-scaling-create", case), data)
    assert response.status_code == 200
    assert not ScalingScore.objects.exists()  # nothing saved half


def test_risk_dialogue_starts_from_the_configured_list(client_for, worker, case):
    client = client_for(worker)
    response = client.post(url("safety-risk-create", case), {"date": "2025-03-24", "instrument": "internal_list"})
    assessment = RiskAssessment.objects.get()
    assert response.status_code == 302 and assessment.items.count() >= 14
    item = assessment.items.first()
    data = {"overall-overall_family_view": "slechte periode", "overall-overall_professional_view": ""}
    for other in assessment.items.all():
        data[f"i{other.pk}-status"] = "unknown"
    data[f"i{item.pk}-status"] = "disputed"
    data[f"i{item.pk}-family_view"] = "opzij gezet"
    assert client.post(url("safety-risk-detail", case, code=assessment.code), data).status_code == 302
    item.refresh_from_db()
    assert item.status == "disputed" and item.family_view == "opzij gezet"


def test_consultant_reads_but_cannot_write_the_map(client_for, consultant_shared, case):
    mapping = MappingFactory(case=case)
    client = client_for(consultant_shared)
    assert client.get(url("safety-map-detail", case, map_code=mapping.code)).status_code == 200
    response = client.post(
        url("safety-map-item-add", case, map_code=mapping.code),
        {"category": "danger", "text": "x", "said_by_name": "N", "said_on": "2025-03-07"},
    )
    assert response.status_code == 403 and not MappingItem.objects.exists()


def test_other_team_gets_404_and_anonymous_goes_to_login(client_for, worker_other, client, case):
    target = url("safety-overview", case)
    assert client_for(worker_other).get(target).status_code == 404
    response = client.get(target)
    assert response.status_code == 302 and "login" in response["Location"]


def test_overview_query_count_does_not_grow_with_statements(client_for, worker, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker)

    def grow(n: int) -> None:
        for _ in range(n):
            goal = SafetyGoalFactory(case=case)
            goal.danger_statement.children.add(PersonFactory(case=case))
            BottomLineFactory(case=case)
            MappingFactory(case=case)
            ScalingScoreFactory(case=case)

    grow(1)
    client.get(url("safety-overview", case))
    with CaptureQueriesContext(connection) as few:
        client.get(url("safety-overview", case))
    grow(6)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url("safety-overview", case)).content.decode()
    assert len(many) == len(few) <= 15
    # The warning counts the active statements from the ones already loaded.
    assert "Dit dossier heeft 7 actieve dreigende gevaren." in html


def test_worker_edits_a_provisional_goal_and_the_lock_counter_moves(client_for, worker, case):
    goal = SafetyGoalFactory(case=case)
    response = client_for(worker).post(
        url("safety-goal-edit", case, code=goal.code),
        {
            "title": "Rustig praten",
            "who_needs_to_see": "Nadia",
            "parent_behaviour": "Kevin gaat naar Dieter",
            "observable_signs": "Geen politie",
            "duration_weeks": 12,
            "version": goal.version,
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Rustig praten" and goal.version == 2 and goal.updated_by == worker


def test_duration_outside_one_to_104_weeks_is_refused(client_for, worker, case):
    goal = SafetyGoalFactory(case=case)
    response = client_for(worker).post(
        url("safety-goal-edit", case, code=goal.code),
        {
            "title": "x",
            "who_needs_to_see": "x",
            "parent_behaviour": "x",
            "duration_weeks": 500,
            "version": goal.version,
        },
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.duration_weeks == 12


def test_stale_goal_save_shows_the_conflict_and_saving_again_works(client_for, worker, case):
    goal = SafetyGoalFactory(case=case)
    edit = url("safety-goal-edit", case, code=goal.code)
    client = client_for(worker)
    body = {"title": "Eerste", "who_needs_to_see": "Nadia", "parent_behaviour": "Kevin", "version": 1}
    assert client.post(edit, body).status_code == 302
    response = client.post(edit, {**body, "title": "Tweede"})
    assert response.status_code == 409 and "Tweede" in response.content.decode()
    assert not response.context["form"].errors
    assert client.post(edit, {**body, "title": "Tweede", "version": 2}).status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Tweede"


def test_scaling_page_query_count_does_not_grow_with_goals(client_for, worker, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker)
    goal = SafetyGoalFactory(case=case)
    ScalingScoreFactory(case=case, scale_type="goal", goal=goal)
    client.get(url("safety-scaling", case))
    with CaptureQueriesContext(connection) as few:
        client.get(url("safety-scaling", case))
    for _ in range(4):
        other = SafetyGoalFactory(case=case)
        ScalingScoreFactory(case=case, scale_type="goal", goal=other)
    with CaptureQueriesContext(connection) as many:
        client.get(url("safety-scaling", case))
    assert len(many) == len(few)
