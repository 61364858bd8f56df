from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safetyplans import services
from safetyplans.models import DangerStatement, SafetyGoal, StatementStatus
from safetyplans.tests.factories import BottomLineFactory, DangerStatementFactory, SafetyGoalFactory

pytestmark = pytest.mark.django_db

PARTS = {
    "title": "Ruzies",
    "who_is_worried": "Nadia en Eline",
    "worrying_behaviour": "Sarah en Kevin maakten drie keer zo hard ruzie dat de politie kwam",
    "impact_on_child": "Lotte ligt 's nachts wakker",
    "if_nothing_changes": "Lotte en Milan opnieuw gekwetst worden",
}


def test_worker_builds_statement_text_from_the_parts(case, worker):
    statement = services.statement_create(case=case, actor=worker, fields={**PARTS, "statement_text": ""}, m2m={})
    assert statement.statement_text.startswith("Nadia en Eline")
    assert "Sarah en Kevin maakten" in statement.statement_text
    assert "Lotte ligt 's nachts wakker" in statement.statement_text
    assert statement.status == StatementStatus.PROVISIONAL


def test_worker_keeps_own_statement_text_when_given(case, worker):
    statement = services.statement_create(
        case=case, actor=worker, fields={**PARTS, "statement_text": "Eigen zin."}, m2m={}
    )
    assert statement.statement_text == "Eigen zin."


def test_final_statement_is_never_edited_in_place(case, worker):
    statement = DangerStatementFactory(case=case, status=StatementStatus.FINAL)
    with pytest.raises(ValidationError):
        services.statement_update(
            statement=statement, actor=worker, expected_version=statement.version, fields={"title": "x"}, m2m={}
        )
    statement.refresh_from_db()
    assert statement.title == "Ruzies met roepen en geweld"


def test_new_version_points_at_the_old_and_retires_it_when_established(case, worker):
    old = DangerStatementFactory(case=case, status=StatementStatus.FINAL)
    new = services.statement_new_version(statement=old, actor=worker)
    assert new.supersedes == old and new.lineage == old.lineage and new.number == old.number + 1
    assert new.status == StatementStatus.DRAFT
    old.refresh_from_db()
    assert old.status == StatementStatus.FINAL  # still in force until the new one is established
    services.statement_set_status(statement=new, actor=worker, status=StatementStatus.FINAL)
    old.refresh_from_db()
    assert old.status == StatementStatus.SUPERSEDED
    assert DangerStatement.objects.filter(lineage=old.lineage).count() == 2


def test_second_new_version_of_the_same_version_is_refused(case, worker):
    old = DangerStatementFactory(case=case, status=StatementStatus.FINAL)
    services.statement_new_version(statement=old, actor=worker)
    with pytest.raises(ValidationError):
        services.statement_new_version(statement=old, actor=worker)


def test_stale_draft_save_is_refused_and_keeps_the_first_save(case, worker, co_worker):
    statement = DangerStatementFactory(case=case)
    first = DangerStatement.objects.get(pk=statement.pk)
    second = DangerStatement.objects.get(pk=statement.pk)
    services.statement_update(
        statement=first, actor=worker, expected_version=1, fields={**PARTS, "statement_text": "Eerste."}, m2m={}
    )
    with pytest.raises(services.StaleVersion) as stale:
        services.statement_update(
            statement=second, actor=co_worker, expected_version=1, fields={**PARTS, "statement_text": "Tweede."}, m2m={}
        )
    assert stale.value.current.statement_text == "Eerste."
    statement.refresh_from_db()
    assert statement.statement_text == "Eerste." and statement.version == 2


def test_race_between_two_saves_lets_exactly_one_win(case, worker, co_worker):
    """Both saves read version 1 before either writes: the guarded UPDATE lets only one through."""
    statement = DangerStatementFactory(case=case)
    a = DangerStatement.objects.get(pk=statement.pk)
    b = DangerStatement.objects.get(pk=statement.pk)
    outcomes = []
    for obj, text in ((a, "A"), (b, "B")):
        try:
            services.statement_update(
                statement=obj, actor=worker, expected_version=1, fields={**PARTS, "statement_text": text}, m2m={}
            )
            outcomes.append("saved")
        except services.StaleVersion:
            outcomes.append("conflict")
    assert outcomes == ["saved", "conflict"]
    assert DangerStatement.objects.get(pk=statement.pk).statement_text == "A"


def test_final_goal_needs_duration_and_observable_signs(case, worker):
    goal = SafetyGoalFactory(case=case, duration_weeks=None, observable_signs="")
    with pytest.raises(ValidationError) as error:
        services.goal_set_status(goal=goal, actor=worker, status=StatementStatus.FINAL)
    assert "duration_weeks" in error.value.message_dict and "observable_signs" in error.value.message_dict
    goal.refresh_from_db()
    assert goal.status == StatementStatus.PROVISIONAL


def test_smart_check_names_what_is_missing(case):
    goal = SafetyGoalFactory(case=case, observable_signs="", duration_weeks=None, family_words="", smart_checked=False)
    missing = " ".join(str(m) for m in goal.smart_missing())
    assert "Measurable" in missing or "Meetbaar" in missing
    assert "Time-bound" in missing or "Tijdsgebonden" in missing
    complete = SafetyGoalFactory(case=case, family_words="rustig praten", smart_checked=True)
    assert complete.smart_missing() == []


def test_goal_of_another_case_statement_is_refused(case, other_case, worker):
    foreign = DangerStatementFactory(case=other_case)
    with pytest.raises(ValidationError):
        services.goal_create(
            case=case,
            actor=worker,
            fields={"danger_statement": foreign, "title": "x", "who_needs_to_see": "x", "parent_behaviour": "x"},
        )
    assert not SafetyGoal.objects.exists()


def test_consultant_sets_a_bottom_line_and_worker_records_one_on_behalf(case, worker, consultant_shared):
    own = services.bottom_line_create(case=case, actor=consultant_shared, fields={"text": "Geen geweld."}, m2m={})
    assert own.set_by_user == consultant_shared and not own.recorded_on_behalf
    recorded = services.bottom_line_create(
        case=case, actor=worker, fields={"text": "Nuchtere volwassene.", "set_by_name": "Nadia"}, m2m={}
    )
    assert recorded.recorded_on_behalf and recorded.set_by_user == consultant_shared


def test_bottom_line_versions_like_statements(case, worker):
    line = BottomLineFactory(case=case, status=StatementStatus.FINAL)
    new = services.bottom_line_new_version(line=line, actor=worker)
    services.bottom_line_set_status(line=new, actor=worker, status=StatementStatus.FINAL)
    line.refresh_from_db()
    assert line.status == StatementStatus.SUPERSEDED and new.supersedes == line


def test_active_statement_count_counts_lineages(case, worker):
    for _ in range(4):
        DangerStatementFactory(case=case)
    old = DangerStatementFactory(case=case, status=StatementStatus.FINAL)
    services.statement_new_version(statement=old, actor=worker)
    assert services.active_statement_count(case) == 5
