"""Writes for the map, the scaling scores, the competence analysis and the risk dialogue."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocon.audit.services import audit_record

from ..models import (
    CompetenceAnalysis,
    CompetenceItem,
    Mapping,
    MappingItem,
    RiskAssessment,
    RiskFactor,
    RiskItem,
    ScalingScore,
    SkillGoal,
)


def _check_people(case: Any, people: list[Any]) -> None:
    for person in people:
        if person is not None and person.case_id != case.pk:
            raise ValidationError(_("This person belongs to another case."))


@transaction.atomic
def mapping_create(
    *, case: Any, actor: Any, fields: dict[str, Any], participants: list[Any], copy_from: Mapping | None = None
) -> Mapping:
    """A new map; optionally starting from the items of an earlier one (maps grow over time)."""
    _check_people(case, participants)
    mapping = Mapping(case=case, created_by=actor, updated_by=actor, **fields)
    if mapping.meeting_id and mapping.meeting.case_id != case.pk:
        raise ValidationError(_("This meeting belongs to another case."))
    mapping.full_clean()
    mapping.save()
    mapping.participants.set(participants)
    copied = 0
    if copy_from is not None:
        if copy_from.case_id != case.pk:
            raise ValidationError(_("This map belongs to another case."))
        for item in copy_from.items.prefetch_related("children"):
            children = list(item.children.all())
            item.pk = None
            item.id = None
            item._state.adding = True
            item.code = uuid.uuid4()
            item.mapping = mapping
            item.save()
            item.children.set(children)
            copied += 1
    audit_record(
        actor=actor,
        action="safetyplans.map.created",
        obj=mapping,
        case=case,
        data={"copied_items": copied, "source": mapping.source},
    )
    return mapping


@transaction.atomic
def mapping_item_add(*, mapping: Mapping, actor: Any, fields: dict[str, Any], children: list[Any]) -> MappingItem:
    _check_people(mapping.case, [fields.get("said_by"), *children])
    item = MappingItem(mapping=mapping, created_by=actor, **fields)
    item.full_clean()
    item.save()
    item.children.set(children)
    audit_record(
        actor=actor,
        action="safetyplans.map.item_added",
        obj=mapping,
        case=mapping.case,
        data={"item": str(item.code), "category": item.category},
    )
    return item


@transaction.atomic
def mapping_item_delete(*, item: MappingItem, actor: Any) -> None:
    mapping = item.mapping
    code = str(item.code)
    item.delete()
    audit_record(
        actor=actor, action="safetyplans.map.item_deleted", obj=mapping, case=mapping.case, data={"item": code}
    )


@transaction.atomic
def scaling_record(
    *, case: Any, actor: Any, on: date, scale_type: str, goal: Any, rows: list[dict[str, Any]], meeting: Any = None
) -> list[ScalingScore]:
    """One scaling round: several voices on one date. All or nothing."""
    if not rows:
        raise ValidationError(_("Enter at least one score."))
    if meeting is not None and meeting.case_id != case.pk:
        raise ValidationError(_("This meeting belongs to another case."))
    scores = []
    for row in rows:
        _check_people(case, [row.get("person")])
        score = ScalingScore(
            case=case,
            date=on,
            scale_type=scale_type,
            goal=goal,
            meeting=meeting,
            created_by=actor,
            updated_by=actor,
            **row,
        )
        score.full_clean()
        score.save()
        scores.append(score)
    audit_record(
        actor=actor,
        action="safetyplans.scaling.recorded",
        obj=case,
        case=case,
        data={"scores": [str(s.code) for s in scores], "scale_type": scale_type},
    )
    return scores


@transaction.atomic
def competence_analysis_create(
    *, case: Any, actor: Any, fields: dict[str, Any], made_with: list[Any]
) -> CompetenceAnalysis:
    _check_people(case, [fields.get("person"), *made_with])
    analysis = CompetenceAnalysis(case=case, created_by=actor, updated_by=actor, **fields)
    analysis.full_clean()
    analysis.save()
    analysis.made_with.set(made_with)
    audit_record(actor=actor, action="safetyplans.competence.created", obj=analysis, case=case, data={})
    return analysis


@transaction.atomic
def competence_analysis_update(
    *, analysis: CompetenceAnalysis, actor: Any, expected_version: int, fields: dict[str, Any], made_with: list[Any]
) -> CompetenceAnalysis:
    from .common import locked_update

    _check_people(analysis.case, made_with)
    locked_update(analysis, actor=actor, expected_version=expected_version, fields=fields, statuses=None)
    analysis.made_with.set(made_with)
    audit_record(
        actor=actor,
        action="safetyplans.competence.updated",
        obj=analysis,
        case=analysis.case,
        data={"fields": sorted(fields)},
    )
    return analysis


@transaction.atomic
def competence_item_add(*, analysis: CompetenceAnalysis, actor: Any, fields: dict[str, Any]) -> CompetenceItem:
    item = CompetenceItem(analysis=analysis, **fields)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="safetyplans.competence.item_added",
        obj=analysis,
        case=analysis.case,
        data={"type": item.type},
    )
    return item


@transaction.atomic
def skill_goal_create(*, case: Any, actor: Any, fields: dict[str, Any]) -> SkillGoal:
    _check_people(case, [fields.get("person"), fields.get("network_support")])
    goal = SkillGoal(case=case, created_by=actor, updated_by=actor, **fields)
    if goal.linked_safety_goal_id and goal.linked_safety_goal.case_id != case.pk:
        raise ValidationError(_("This goal belongs to another case."))
    goal.full_clean()
    goal.save()
    audit_record(
        actor=actor, action="safetyplans.skill_goal.created", obj=goal, case=case, data={"domain": goal.domain}
    )
    return goal


@transaction.atomic
def risk_dialogue_start(*, case: Any, actor: Any, fields: dict[str, Any], discussed_with: list[Any]) -> RiskAssessment:
    """A new conversation record, with one row per risk factor of the configured list."""
    _check_people(case, discussed_with)
    assessment = RiskAssessment(case=case, created_by=actor, updated_by=actor, **fields)
    assessment.full_clean()
    assessment.save()
    assessment.discussed_with.set(discussed_with)
    RiskItem.objects.bulk_create(
        RiskItem(assessment=assessment, factor=factor, order=factor.order, domain=factor.domain, item_text=factor.text)
        for factor in RiskFactor.objects.filter(active=True)
    )
    audit_record(actor=actor, action="safetyplans.risk_dialogue.created", obj=assessment, case=case, data={})
    return assessment


@transaction.atomic
def risk_dialogue_update(
    *, assessment: RiskAssessment, actor: Any, fields: dict[str, Any], items: list[tuple[RiskItem, dict[str, Any]]]
) -> RiskAssessment:
    """Save the overall views and the items the worker changed (the caller passes only those)."""
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.updated_by = actor
    assessment.full_clean()
    assessment.save()
    changed = []
    for item, values in items:
        if item.assessment_id != assessment.pk:
            raise ValidationError(_("This item belongs to another conversation."))
        for key, value in values.items():
            setattr(item, key, value)
        item.full_clean()
        item.save()
        changed.append(str(item.code))
    audit_record(
        actor=actor,
        action="safetyplans.risk_dialogue.updated",
        obj=assessment,
        case=assessment.case,
        data={"items": changed},
    )
    return assessment
