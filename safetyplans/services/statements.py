"""Writes for danger statements, safety goals and bottom lines (versions, not overwrites)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocon.audit.services import audit_record

from ..models import BottomLine, DangerStatement, SafetyGoal, StatementStatus
from .common import copy_as_new_version, ensure_editable, locked_update, retire_predecessor

STATEMENT_FIELDS = [
    "title",
    "who_is_worried",
    "worrying_behaviour",
    "protective_behaviour",
    "impact_on_child",
    "if_nothing_changes",
    "dispute",
    "statement_text",
    "agreed_by_consultant_on",
]
STATEMENT_M2M = ["behaviour_of", "children", "formulated_with"]
GOAL_FIELDS = [
    "danger_statement",
    "title",
    "who_needs_to_see",
    "parent_behaviour",
    "network_behaviour",
    "child_experience",
    "observable_signs",
    "duration_weeks",
    "target_date",
    "family_words",
    "scale_question",
    "smart_checked",
]
BOTTOM_LINE_FIELDS = [
    "text",
    "rationale",
    "consequence_if_breached",
    "set_by_user",
    "set_by_name",
    "recorded_on_behalf",
]
BOTTOM_LINE_M2M = ["linked_statements"]

# Allowed moves. A final version only moves on by being superseded by a newer version.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    StatementStatus.DRAFT: (StatementStatus.PROVISIONAL, StatementStatus.FINAL),
    StatementStatus.PROVISIONAL: (StatementStatus.FINAL,),
    StatementStatus.FINAL: (StatementStatus.ACHIEVED,),
}

ACTIVE_STATEMENT_LIMIT = 3


def compose_statement_text(
    *, who_is_worried: str, worrying_behaviour: str, impact_on_child: str, if_nothing_changes: str
) -> str:
    """One plain-language text from the builder's parts, in the family's language.

    The worker edits it afterwards; this only gives a sound first version (DOMAIN §4.5 template).
    """
    parts: list[str] = []
    who = who_is_worried.strip().rstrip(".")
    behaviour = worrying_behaviour.strip().rstrip(".")
    impact = impact_on_child.strip().rstrip(".")
    fear = if_nothing_changes.strip().rstrip(".")
    if who and behaviour:
        parts.append(
            _("%(who)s are worried because %(behaviour)s.") % {"who": who, "behaviour": _lower_first(behaviour)}
        )
    elif behaviour:
        parts.append(f"{behaviour}.")
    if impact:
        parts.append(_("For the children this means: %(impact)s.") % {"impact": _lower_first(impact)})
    if fear:
        parts.append(_("We are afraid that, if nothing changes, %(fear)s.") % {"fear": _lower_first(fear)})
    return " ".join(parts)


def _lower_first(text: str) -> str:
    # Keep names and "I" capitalised: only lower a first word that is not all-caps or a name we cannot know.
    if len(text) > 1 and text[0].isupper() and text[1].islower() and text.split(" ", 1)[0].lower() in _COMMON_STARTS:
        return text[0].lower() + text[1:]
    return text


_COMMON_STARTS = {
    "de",
    "het",
    "een",
    "ze",
    "hij",
    "zij",
    "dat",
    "als",
    "er",
    "they",
    "the",
    "he",
    "she",
    "that",
    "op",
    "in",
    "sinds",
}


def active_statement_count(case: Any) -> int:
    """Statements that count now: one per lineage with a draft, provisional or established version."""
    return (
        DangerStatement.objects.filter(
            case=case,
            status__in=(StatementStatus.DRAFT, StatementStatus.PROVISIONAL, StatementStatus.FINAL),
        )
        .values("lineage")
        .distinct()
        .count()
    )


def _audit(actor: Any, action: str, obj: Any, data: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=action, obj=obj, case=obj.case, data=data or {})


@transaction.atomic
def statement_create(
    *, case: Any, actor: Any, fields: dict[str, Any], m2m: dict[str, Any], status: str = StatementStatus.PROVISIONAL
) -> DangerStatement:
    if status not in (StatementStatus.DRAFT, StatementStatus.PROVISIONAL):
        raise ValidationError(_("A new danger statement starts as a draft or as provisional."))
    statement = DangerStatement(case=case, status=status, created_by=actor, updated_by=actor, **fields)
    if not statement.statement_text.strip():
        statement.statement_text = compose_statement_text(
            who_is_worried=statement.who_is_worried,
            worrying_behaviour=statement.worrying_behaviour,
            impact_on_child=statement.impact_on_child,
            if_nothing_changes=statement.if_nothing_changes,
        )
    statement.full_clean()
    statement.save()
    for name, values in m2m.items():
        getattr(statement, name).set(values)
    _audit(actor, "safetyplans.statement.created", statement, {"status": status, "lineage": str(statement.lineage)})
    return statement


@transaction.atomic
def statement_update(
    *, statement: DangerStatement, actor: Any, expected_version: int, fields: dict[str, Any], m2m: dict[str, Any]
) -> DangerStatement:
    ensure_editable(statement)
    if not (fields.get("statement_text") or "").strip():
        fields["statement_text"] = compose_statement_text(
            who_is_worried=fields.get("who_is_worried", ""),
            worrying_behaviour=fields.get("worrying_behaviour", ""),
            impact_on_child=fields.get("impact_on_child", ""),
            if_nothing_changes=fields.get("if_nothing_changes", ""),
        )
    locked_update(statement, actor=actor, expected_version=expected_version, fields=fields)
    for name, values in m2m.items():
        getattr(statement, name).set(values)
    _audit(actor, "safetyplans.statement.updated", statement, {"fields": sorted(fields)})
    return statement


def _set_status(obj: Any, *, actor: Any, status: str, on: date | None, action: str) -> Any:
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if status not in TRANSITIONS.get(locked.status, ()):
        if locked.status == StatementStatus.FINAL:
            raise ValidationError(
                _(
                    "This version is established and can no longer be changed. Make a new version: the old one stays in the history."
                )
            )
        raise ValidationError(_("This status change is not possible."))
    if status == StatementStatus.ACHIEVED and model is not SafetyGoal:
        raise ValidationError(_("Only a safety goal can be achieved."))
    previous = locked.status
    locked.status = status
    if status == StatementStatus.FINAL:
        locked.established_on = on or timezone.localdate()
    locked.updated_by = actor
    locked.version += 1
    locked.full_clean()
    locked.save()
    if status in (StatementStatus.PROVISIONAL, StatementStatus.FINAL):
        retire_predecessor(locked)
    audit_record(actor=actor, action=action, obj=locked, case=locked.case, data={"from": previous, "to": status})
    return locked


@transaction.atomic
def statement_set_status(
    *, statement: DangerStatement, actor: Any, status: str, on: date | None = None
) -> DangerStatement:
    return _set_status(statement, actor=actor, status=status, on=on, action="safetyplans.statement.status_changed")


@transaction.atomic
def statement_new_version(*, statement: DangerStatement, actor: Any) -> DangerStatement:
    new = copy_as_new_version(statement, actor=actor, copy_fields=STATEMENT_FIELDS, m2m_fields=STATEMENT_M2M)
    _audit(actor, "safetyplans.statement.versioned", new, {"supersedes": str(statement.code), "number": new.number})
    return new


@transaction.atomic
def goal_create(
    *, case: Any, actor: Any, fields: dict[str, Any], status: str = StatementStatus.PROVISIONAL
) -> SafetyGoal:
    if status not in (StatementStatus.DRAFT, StatementStatus.PROVISIONAL):
        raise ValidationError(_("A new safety goal starts as a draft or as provisional."))
    goal = SafetyGoal(case=case, status=status, created_by=actor, updated_by=actor, **fields)
    if goal.danger_statement.case_id != case.pk:
        raise ValidationError(_("This danger statement belongs to another case."))
    goal.full_clean()
    goal.save()
    _audit(actor, "safetyplans.goal.created", goal, {"status": status, "statement": str(goal.danger_statement.code)})
    return goal


@transaction.atomic
def goal_update(*, goal: SafetyGoal, actor: Any, expected_version: int, fields: dict[str, Any]) -> SafetyGoal:
    ensure_editable(goal)
    locked_update(goal, actor=actor, expected_version=expected_version, fields=fields)
    _audit(actor, "safetyplans.goal.updated", goal, {"fields": sorted(fields)})
    return goal


@transaction.atomic
def goal_set_status(*, goal: SafetyGoal, actor: Any, status: str, on: date | None = None) -> SafetyGoal:
    return _set_status(goal, actor=actor, status=status, on=on, action="safetyplans.goal.status_changed")


@transaction.atomic
def goal_new_version(*, goal: SafetyGoal, actor: Any) -> SafetyGoal:
    new = copy_as_new_version(goal, actor=actor, copy_fields=GOAL_FIELDS, m2m_fields=[])
    _audit(actor, "safetyplans.goal.versioned", new, {"supersedes": str(goal.code), "number": new.number})
    return new


@transaction.atomic
def bottom_line_create(
    *, case: Any, actor: Any, fields: dict[str, Any], m2m: dict[str, Any], status: str = StatementStatus.PROVISIONAL
) -> BottomLine:
    """The consultant sets bottom lines; a worker may record one on the consultant's behalf."""
    if status not in (StatementStatus.DRAFT, StatementStatus.PROVISIONAL):
        raise ValidationError(_("A new bottom line starts as a draft or as provisional."))
    line = BottomLine(case=case, status=status, created_by=actor, updated_by=actor, **fields)
    if case.consultant_id and actor.pk == case.consultant_id:
        line.set_by_user = actor
        line.set_by_name = line.set_by_name or actor.get_full_name() or actor.email
        line.recorded_on_behalf = False
    else:
        line.recorded_on_behalf = True
        line.set_by_user = case.consultant if case.consultant_id else None
    line.full_clean()
    line.save()
    for name, values in m2m.items():
        getattr(line, name).set(values)
    _audit(actor, "safetyplans.bottom_line.created", line, {"on_behalf": line.recorded_on_behalf})
    return line


@transaction.atomic
def bottom_line_update(
    *, line: BottomLine, actor: Any, expected_version: int, fields: dict[str, Any], m2m: dict[str, Any]
) -> BottomLine:
    ensure_editable(line)
    locked_update(line, actor=actor, expected_version=expected_version, fields=fields)
    for name, values in m2m.items():
        getattr(line, name).set(values)
    _audit(actor, "safetyplans.bottom_line.updated", line, {"fields": sorted(fields)})
    return line


@transaction.atomic
def bottom_line_set_status(*, line: BottomLine, actor: Any, status: str, on: date | None = None) -> BottomLine:
    return _set_status(line, actor=actor, status=status, on=on, action="safetyplans.bottom_line.status_changed")


@transaction.atomic
def bottom_line_new_version(*, line: BottomLine, actor: Any) -> BottomLine:
    new = copy_as_new_version(line, actor=actor, copy_fields=BOTTOM_LINE_FIELDS, m2m_fields=BOTTOM_LINE_M2M)
    _audit(actor, "safetyplans.bottom_line.versioned", new, {"supersedes": str(line.code), "number": new.number})
    return new


TOO_MANY_STATEMENTS = gettext_lazy(
    "This case now has %(count)s active danger statements. Preferably no more than three: can statements be combined?"
)
