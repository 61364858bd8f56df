"""The child's voice: conversations with the three houses, drawings, Words & Pictures (DOMAIN §5.12–5.13)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Stamped


class ConversationTool(models.TextChoices):
    THREE_HOUSES = "three_houses", _("three houses")
    SAFETY_HOUSE = "safety_house", _("safety house")
    FAIRIES_WIZARDS = "fairies_wizards", _("fairies and wizards")
    DRAWING = "drawing", _("drawing")
    CONVERSATION = "conversation", _("conversation")


class ShareConsent(models.TextChoices):
    UNKNOWN = "", _("not asked yet")
    ALL = "all", _("yes, everything")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")


class House(models.TextChoices):
    GOOD = "good", _("house of good things")
    WORRIES = "worries", _("house of worries")
    DREAMS = "dreams", _("house of dreams")
    OTHER = "other", _("other drawing")


def drawing_path(instance, filename: str) -> str:
    # The name is random (the service chooses it): never the uploader's file name.
    return f"cases/{instance.case_code}/drawings/{filename}"


class ChildConversation(Stamped):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="child_conversations"
    )
    child = models.ForeignKey("cases.Person", verbose_name=_("child"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    tool = models.CharField(
        _("tool"), max_length=20, choices=ConversationTool.choices, default=ConversationTool.THREE_HOUSES
    )
    house_good_things = models.TextField(_("House of good things"), blank=True)
    house_worries = models.TextField(_("House of worries"), blank=True)
    house_dreams = models.TextField(_("House of dreams"), blank=True)
    trusted_adults = models.TextField(_("Who listens to you? Whom do you trust? Who scares you?"), blank=True)
    consent_to_share = models.CharField(
        _("Does the child agree to share this with the parents?"),
        max_length=10,
        choices=ShareConsent.choices,
        blank=True,
    )
    not_to_share = models.TextField(_("What the child does not want shared"), blank=True)
    shared_with_parents_on = models.DateField(_("discussed with the parents on (step 5)"), null=True, blank=True)
    parent_reaction = models.TextField(_("The parents' reaction"), blank=True)

    class Meta:
        verbose_name = _("child conversation")
        verbose_name_plural = _("child conversations")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.child} {self.date:%d/%m/%Y}"


class Drawing(Stamped):
    """An uploaded drawing or photo, re-encoded by Pillow before it is stored."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    case_code = models.UUIDField(editable=False)
    conversation = models.ForeignKey(
        ChildConversation, null=True, blank=True, on_delete=models.CASCADE, related_name="drawings"
    )
    house = models.CharField(_("which house"), max_length=10, choices=House.choices, default=House.OTHER)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    file = models.FileField(upload_to=drawing_path, max_length=255)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("drawing")
        verbose_name_plural = _("drawings")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.caption or str(self.code)


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    DISCUSSED = "discussed_with_parents", _("discussed with the parents")
    APPROVED = "approved_by_parents", _("approved by the parents")
    SHARED = "shared_with_child", _("shared with the child")
    SUPERSEDED = "superseded", _("replaced by a newer version")


class WordsAndPictures(Stamped):
    """The child's story of what happened and why help is involved (step 6)."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="words_and_pictures"
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    children = models.ManyToManyField("cases.Person", verbose_name=_("for child(ren)"), related_name="+")
    status = models.CharField(_("status"), max_length=30, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    who_is_worried = models.TextField(_("Who is worried?"), blank=True)
    what_worried_about = models.TextField(_("What are they worried about?"), blank=True)
    what_happened = models.TextField(_("What happened then?"), blank=True)
    what_we_do = models.TextField(_("What are we doing about the worries?"), blank=True)
    approved_by = models.ManyToManyField(
        "cases.Person", verbose_name=_("approved by (parents)"), blank=True, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    shared_on = models.DateField(_("shared with the child on"), null=True, blank=True)
    present_at_sharing = models.ManyToManyField(
        "cases.Person", verbose_name=_("present at the sharing"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Words & Pictures story")
        verbose_name_plural = _("Words & Pictures stories")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        return self.status in (StoryStatus.DRAFT, StoryStatus.DISCUSSED)


class StoryPage(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    story = models.ForeignKey(WordsAndPictures, on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveSmallIntegerField(_("page number"), default=1)
    text = models.TextField(_("text"))
    picture = models.ForeignKey(
        Drawing, verbose_name=_("picture"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}"
