from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONTEXT_WORKER = "context_worker", _("Context worker")
    SUPERVISOR = "supervisor", _("Practice supervisor")
    COORDINATOR = "coordinator", _("Coordinator")
    CONSULTANT = "consultant", _("Consultant")
    ADMIN = "admin", _("Administrator")


class OrganisationKind(models.TextChoices):
    OCJ = "ocj", _("OCJ (mandated agency)")
    VK = "vk", _("VK (mandated agency)")
    SDJ = "sdj", _("SDJ (youth court social service)")
    PROVIDER = "provider", _("Care provider")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An organisation a consultant works for (OCJ, VK, SDJ of a region), or our own."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member or an external consultant. Logs in with an e-mail address."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTEXT_WORKER)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2, default=1)
    max_caseload = models.PositiveSmallIntegerField(_("maximum caseload"), default=12)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_context_worker(self) -> bool:
        return self.role == Role.CONTEXT_WORKER

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_consultant(self) -> bool:
        return self.role == Role.CONSULTANT

    @property
    def is_cocon_admin(self) -> bool:
        return self.role == Role.ADMIN


class SessionRecord(models.Model):
    """Which database sessions belong to which user, so that we can end them all at once.

    Written at every login (the session key rotates then); used on deactivation, password change and
    the page "Mijn sessies". Holds no session data: the session row itself stays in django_session.
    "Last seen" needs no write of its own: the session row is saved on every request, so its expiry
    minus SESSION_COOKIE_AGE is the moment of the last request.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="session_records")
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("logged in at"), auto_now_add=True)
    # What the person sees on "Mijn sessies" to recognise a session: the browser as it announced
    # itself and the address it logged in from. Not a secret, but not shown to anyone else.
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"
