"""The reminder rules of DOMAIN §7, one small class each, registered here.

(Named `rulebook`, not `rules`: a `rules/` folder would shadow django-rules when makemessages runs in
this app's folder.)

A rule answers two questions:
- `candidates(today, ctx)`: every object that needs attention now, as `Candidate`s (the object, its case,
  the due date, who gets it, the severity). A rule keeps yielding a candidate for as long as the thing is
  not done; the sweep resolves every open reminder of the rule that is no longer a candidate.
- `is_resolved(obj)`: whether the thing the reminder asks for has been done (used by `candidates` and by
  the tests that prove each rule resolves by itself).

Most rules have one shape: a candidate per row of a query, due some days after (or before) a date of the
row. They are `PerRowRule`s (rows.py) and state only their rows, that date, when the reminder shows, who gets
it and its link; the few that do not fit (weekly contact average, weekly free-place check, agreement checks
over plain values) keep their own `candidates`.

Rules read the other apps' models defensively: a rule whose models have not landed yet is simply not
registered (`available()` returns False).
"""

from __future__ import annotations

import functools
import importlib
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

RULE_MODULES = ["cases", "network", "safetyplans", "plans", "capacity"]


@dataclass
class Candidate:
    obj: Any
    case: Any
    due_on: date
    assignees: list[Any]
    severity: str
    notify_on: date | None = None  # default: the due date (at 09:00 Brussels time)
    team_id: int | None = None
    detail: str = ""
    link: str = ""
    # (url name, kwargs): reversed only when the row is new — reverse() for every candidate every minute
    # would cost more than the rest of the sweep.
    url: tuple[str, dict[str, Any]] | None = None

    # For bulk rules that read plain values instead of model instances (60,000 agreements a minute).
    obj_type: str = ""
    obj_id: int = 0
    case_id: int | None = None

    @property
    def object_type(self) -> str:
        return self.obj_type or self.obj._meta.label_lower

    @property
    def key(self) -> tuple[str, int, date]:
        return (self.object_type, self.obj_id or int(self.obj.pk), self.due_on)

    def resolved_link(self) -> str:
        if self.link or self.url is None:
            return self.link
        name, kwargs = self.url
        if kwargs and all(isinstance(v, uuid.UUID) for v in kwargs.values()):
            link = _url_template(name, tuple(sorted(kwargs)))
            for key, value in kwargs.items():
                link = link.replace(str(_PLACEHOLDERS[key]), str(value))
            return link
        from django.urls import reverse

        return reverse(name, kwargs=kwargs)


_PLACEHOLDERS: dict[str, uuid.UUID] = {}


@functools.lru_cache(maxsize=256)
def _url_template(name: str, keys: tuple[str, ...]) -> str:
    """reverse() once per URL name, with placeholder UUIDs to fill in (reverse() per row is the slow part)."""
    from django.urls import reverse

    for key in keys:
        _PLACEHOLDERS.setdefault(key, uuid.uuid4())
    return reverse(name, kwargs={key: _PLACEHOLDERS[key] for key in keys})


@dataclass
class SweepContext:
    """What a sweep knows once: the time, the team settings, who supervises and coordinates each team."""

    now: datetime
    today: date
    settings: dict[tuple[int, str], Any] = field(default_factory=dict)
    _staff: dict[tuple[int | None, str], list[Any]] | None = None
    _active: set[int] | None = None

    def active_ids(self) -> set[int]:
        if self._active is None:
            from cocon.accounts.models import User

            self._active = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
        return self._active

    @classmethod
    def load(cls, now: datetime, today: date) -> SweepContext:
        from ..models import ReminderSetting

        ctx = cls(now=now, today=today)
        ctx.settings = {(s.team_id, s.rule_code): s for s in ReminderSetting.objects.all()}
        return ctx

    def _setting(self, team_id: int | None, code: str) -> Any:
        return self.settings.get((team_id, code)) if team_id else None

    def days(self, rule: Rule, team_id: int | None) -> int:
        setting = self._setting(team_id, rule.code)
        if setting is not None and setting.days is not None:
            return setting.days
        return rule.default_days

    def escalate_days(self, rule: Rule, team_id: int | None) -> int | None:
        setting = self._setting(team_id, rule.code)
        if setting is not None and setting.escalate_days is not None:
            return setting.escalate_days
        return rule.default_escalate_days

    def enabled(self, rule: Rule, team_id: int | None) -> bool:
        setting = self._setting(team_id, rule.code)
        return setting.enabled if setting is not None else True

    def staff(self, team_id: int | None, role: str) -> list[Any]:
        """Active users of a role in a team (werkbegeleiders, coördinatoren), loaded once per sweep."""
        if self._staff is None:
            from cocon.accounts.models import Role, User

            self._staff = {}
            for user in User.objects.filter(
                is_active=True, role__in=[Role.SUPERVISOR, Role.COORDINATOR], team__isnull=False
            ).only("id", "team_id", "role"):
                self._staff.setdefault((user.team_id, user.role), []).append(user)
        return self._staff.get((team_id, role), [])


class Rule:
    code: ClassVar[str] = ""
    title: ClassVar[Any] = ""
    # Threshold in days (DOMAIN §7 default; a team can change it) and, where the rule escalates, the number
    # of days after the due date at which each next step of `escalation` is added.
    default_days: ClassVar[int] = 0
    default_escalate_days: ClassVar[int | None] = None
    escalation: ClassVar[tuple[str, ...]] = ()  # roles, in order: "supervisor", "coordinator"
    uses_days: ClassVar[bool] = True  # False: the rule has no threshold a team could change

    def available(self) -> bool:
        return True

    def candidates(self, today: date, ctx: SweepContext) -> Iterable[Candidate]:
        raise NotImplementedError

    def is_resolved(self, obj: Any) -> bool:
        raise NotImplementedError

    # --- helpers for the rules ---------------------------------------------------------------------

    def escalated(
        self, ctx: SweepContext, *, team_id: int | None, due_on: date, today: date, assignees: list[Any]
    ) -> tuple[str, list[Any]]:
        """Severity and recipients once the due date has passed: overdue, then each escalation step."""
        from ..models import Severity

        if today < due_on:
            return Severity.WARNING, assignees
        severity = Severity.OVERDUE
        step = ctx.escalate_days(self, team_id)
        recipients = list(assignees)
        if step and self.escalation:
            late = (today - due_on).days
            for index, role in enumerate(self.escalation, start=1):
                if late >= step * index:
                    severity = Severity.ESCALATION
                    recipients += ctx.staff(team_id, role)
        return severity, recipients


def case_workers(case: Any, ctx: SweepContext) -> list[int]:
    """The active context workers on a case (ids): they get the case's reminders."""
    active = ctx.active_ids()
    return [uid for uid in (case.lead_worker_id, case.co_worker_id) if uid is not None and uid in active]


CASE_FIELDS = (
    "id",
    "code",
    "reference",
    "team_id",
    "status",
    "referred_on",
    "started_on",
    "planned_end",
    "lead_worker_id",
    "co_worker_id",
    "consultant_id",
    "guidance_phase",
)


def children_q() -> Any:
    """The persons of a case who count as its children (for the JIM search and the child's own voice)."""
    from django.db.models import Q

    return Q(family_role="child") | Q(is_index_child=True)


def working_days_after(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def register(rule_class: type[Rule]) -> type[Rule]:
    _REGISTRY[rule_class.code] = rule_class()
    return rule_class


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for name in RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    _LOADED = True


def all_rules() -> dict[str, Rule]:
    _load()
    return dict(_REGISTRY)


def registered_rules() -> Iterator[Rule]:
    """The rules whose models exist, in a stable order."""
    for code, rule in sorted(all_rules().items()):
        try:
            ok = rule.available()
        except Exception:  # a half-landed model in another app must not stop the other rules
            logger.exception("reminder rule %s unavailable", code)
            ok = False
        if ok:
            yield rule


def get_rule(code: str) -> Rule | None:
    return all_rules().get(code)


FALLBACK_TITLE = _("Reminder")


def rule_title(code: str) -> Any:
    rule = get_rule(code)
    return rule.title if rule is not None else FALLBACK_TITLE
