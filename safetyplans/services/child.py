"""Writes for the child's voice: conversations, drawings, Words & Pictures."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from cocon.audit.services import audit_record

from ..models import ChildConversation, Drawing, House, StoryPage, StoryStatus, WordsAndPictures
from .common import StaleVersion  # noqa: F401  (re-exported for views)
from .images import clean_image

CONVERSATION_FIELDS = [
    "child",
    "date",
    "tool",
    "house_good_things",
    "house_worries",
    "house_dreams",
    "trusted_adults",
    "consent_to_share",
    "not_to_share",
    "shared_with_parents_on",
    "parent_reaction",
]
STORY_FIELDS = ["title", "who_is_worried", "what_worried_about", "what_happened", "what_we_do"]


def _check_person(case: Any, person: Any) -> None:
    if person is not None and person.case_id != case.pk:
        raise ValidationError(_("This person belongs to another case."))


@transaction.atomic
def conversation_create(*, case: Any, actor: Any, fields: dict[str, Any]) -> ChildConversation:
    conversation = ChildConversation(case=case, created_by=actor, updated_by=actor, **fields)
    _check_person(case, conversation.child)
    conversation.full_clean()
    conversation.save()
    audit_record(actor=actor, action="safetyplans.child_conversation.created", obj=conversation, case=case, data={})
    return conversation


@transaction.atomic
def conversation_update(*, conversation: ChildConversation, actor: Any, fields: dict[str, Any]) -> ChildConversation:
    changed = sorted(name for name, value in fields.items() if getattr(conversation, name) != value)
    for name, value in fields.items():
        setattr(conversation, name, value)
    _check_person(conversation.case, conversation.child)
    conversation.updated_by = actor
    conversation.full_clean()
    conversation.save()
    audit_record(
        actor=actor,
        action="safetyplans.child_conversation.updated",
        obj=conversation,
        case=conversation.case,
        data={"fields": changed},
    )
    return conversation


@transaction.atomic
def drawing_add(
    *,
    case: Any,
    actor: Any,
    upload: Any,
    conversation: ChildConversation | None = None,
    house: str = House.OTHER,
    caption: str = "",
) -> Drawing:
    """Store a re-encoded copy under MEDIA_ROOT/cases/<case>/drawings/ with a random name."""
    image = clean_image(upload)
    drawing = Drawing(
        case=case,
        case_code=case.code,
        conversation=conversation,
        house=house,
        caption=caption,
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        size=len(image.data),
        created_by=actor,
        updated_by=actor,
    )
    drawing.file.save(f"{secrets.token_hex(16)}.{image.extension}", ContentFile(image.data), save=False)
    try:
        drawing.full_clean()
        drawing.save()
    except Exception:
        drawing.file.delete(save=False)  # no orphan file when the row is refused
        raise
    audit_record(actor=actor, action="safetyplans.drawing.uploaded", obj=drawing, case=case, data={"house": house})
    return drawing


@transaction.atomic
def story_create(*, case: Any, actor: Any, fields: dict[str, Any], children: list[Any]) -> WordsAndPictures:
    story = WordsAndPictures(case=case, created_by=actor, updated_by=actor, **fields)
    story.full_clean()
    story.save()
    for child in children:
        _check_person(case, child)
    story.children.set(children)
    audit_record(actor=actor, action="safetyplans.words_pictures.created", obj=story, case=case, data={})
    return story


@transaction.atomic
def story_update(
    *, story: WordsAndPictures, actor: Any, expected_version: int, fields: dict[str, Any], children: list[Any]
) -> WordsAndPictures:
    from .common import locked_update

    locked_update(
        story,
        actor=actor,
        expected_version=expected_version,
        fields=fields,
        statuses=(StoryStatus.DRAFT, StoryStatus.DISCUSSED),
    )
    story.children.set(children)
    audit_record(
        actor=actor,
        action="safetyplans.words_pictures.updated",
        obj=story,
        case=story.case,
        data={"fields": sorted(fields)},
    )
    return story


def _ensure_story_editable(story: WordsAndPictures) -> None:
    if not story.is_editable:
        raise ValidationError(
            _("The parents approved this version: it can no longer be changed. Make a new version instead.")
        )


@transaction.atomic
def story_add_page(*, story: WordsAndPictures, actor: Any, text: str, upload: Any = None) -> StoryPage:
    _ensure_story_editable(story)
    picture = None
    if upload is not None:
        picture = drawing_add(case=story.case, actor=actor, upload=upload, caption="")
    order = (story.pages.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    page = StoryPage(story=story, order=order, text=text, picture=picture)
    page.full_clean()
    page.save()
    audit_record(
        actor=actor,
        action="safetyplans.words_pictures.page_added",
        obj=story,
        case=story.case,
        data={"page": order, "picture": picture is not None},
    )
    return page


@transaction.atomic
def story_mark_discussed(*, story: WordsAndPictures, actor: Any) -> WordsAndPictures:
    _ensure_story_editable(story)
    WordsAndPictures.objects.filter(pk=story.pk).update(status=StoryStatus.DISCUSSED)
    story.refresh_from_db()
    audit_record(actor=actor, action="safetyplans.words_pictures.discussed", obj=story, case=story.case, data={})
    return story


@transaction.atomic
def story_approve(*, story: WordsAndPictures, actor: Any, approved_by: list[Any], on: date) -> WordsAndPictures:
    """The parents approved the text: from now on it is fixed; changes make a new version."""
    locked = WordsAndPictures.objects.select_for_update().get(pk=story.pk)
    if locked.status not in (StoryStatus.DRAFT, StoryStatus.DISCUSSED):
        raise ValidationError(_("This version was already approved."))
    if not approved_by:
        raise ValidationError(_("Say which parent(s) approved the story."))
    for person in approved_by:
        _check_person(story.case, person)
    locked.status = StoryStatus.APPROVED
    locked.approved_on = on
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    locked.approved_by.set(approved_by)
    if locked.supersedes_id:
        WordsAndPictures.objects.filter(pk=locked.supersedes_id).update(status=StoryStatus.SUPERSEDED)
    audit_record(
        actor=actor,
        action="safetyplans.words_pictures.approved",
        obj=locked,
        case=locked.case,
        data={"approved_by": [str(p.code) for p in approved_by]},
    )
    return locked


@transaction.atomic
def story_share(*, story: WordsAndPictures, actor: Any, on: date, present: list[Any]) -> WordsAndPictures:
    locked = WordsAndPictures.objects.select_for_update().get(pk=story.pk)
    if locked.status != StoryStatus.APPROVED:
        raise ValidationError(_("Share the story with the child only after the parents approved it."))
    for person in present:
        _check_person(story.case, person)
    locked.status = StoryStatus.SHARED
    locked.shared_on = on
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    locked.present_at_sharing.set(present)
    audit_record(actor=actor, action="safetyplans.words_pictures.shared", obj=locked, case=locked.case, data={})
    return locked


@transaction.atomic
def story_new_version(*, story: WordsAndPictures, actor: Any) -> WordsAndPictures:
    story = WordsAndPictures.objects.select_for_update().get(pk=story.pk)
    if story.status not in (StoryStatus.APPROVED, StoryStatus.SHARED):
        raise ValidationError(_("Only an approved or shared story gets a new version; a draft can be edited."))
    if WordsAndPictures.objects.filter(supersedes=story).exists():
        raise ValidationError(_("A newer version of this record already exists."))
    new = WordsAndPictures(
        case=story.case,
        lineage=story.lineage,
        number=story.number + 1,
        supersedes=story,
        status=StoryStatus.DRAFT,
        created_by=actor,
        updated_by=actor,
        **{name: getattr(story, name) for name in STORY_FIELDS},
    )
    new.full_clean()
    new.save()
    new.children.set(story.children.all())
    StoryPage.objects.bulk_create(
        StoryPage(story=new, order=page.order, text=page.text, picture_id=page.picture_id) for page in story.pages.all()
    )
    audit_record(
        actor=actor,
        action="safetyplans.words_pictures.versioned",
        obj=new,
        case=story.case,
        data={"supersedes": str(story.code), "number": new.number},
    )
    return new
