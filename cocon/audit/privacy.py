"""GDPR (AVG) support: a subject-access export of one person, and the retention of closed cases.

Both are registries so that `cocon.audit` imports no domain app (DESIGN, dependency direction):
each app adds what it holds about a person, and what must go when a case is erased, from its
AppConfig.ready():

    from cocon.audit.privacy import register_case_eraser, register_person_exporter
    register_person_exporter(my_person_export, key="network")   # fn(person) -> JSON-able data
    register_case_eraser(my_case_eraser, key="network")         # fn(case) -> {"what": count}

An exporter leaves out confidential third-party fields (e.g. who reported a concern).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable
from typing import Any

from django.db import models

PersonExporter = Callable[[Any], Any]
CaseEraser = Callable[[Any], dict[str, int]]

_PERSON_EXPORTERS: dict[str, PersonExporter] = {}
_CASE_ERASERS: dict[str, CaseEraser] = {}

# Fields of the person row itself that are internal bookkeeping, not data about the person.
_INTERNAL_FIELDS = {"id", "case"}


def register_person_exporter(fn: PersonExporter, *, key: str | None = None) -> PersonExporter:
    """Add `fn(person)` to the export under `key` (default: the module's top-level package)."""
    _PERSON_EXPORTERS[key or fn.__module__.split(".")[0]] = fn
    return fn


def register_case_eraser(fn: CaseEraser, *, key: str | None = None) -> CaseEraser:
    """Add `fn(case)`, called before a case is deleted by the retention job (files, outside rows)."""
    _CASE_ERASERS[key or fn.__module__.split(".")[0]] = fn
    return fn


def person_exporters() -> dict[str, PersonExporter]:
    return dict(_PERSON_EXPORTERS)


def case_erasers() -> dict[str, CaseEraser]:
    return dict(_CASE_ERASERS)


def plain(value: Any) -> Any:
    """A JSON-able form of a field value."""
    if isinstance(value, models.Model):
        return str(getattr(value, "code", None) or value.pk)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def model_fields(instance: models.Model, *, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every concrete field of a row, by name, with choices also given as their label."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.name)
        data[field.name] = plain(value)
        if getattr(field, "choices", None) and value not in (None, ""):
            data[f"{field.name}_label"] = str(getattr(instance, f"get_{field.name}_display")())
    return data


def export_person(person: models.Model) -> dict[str, Any]:
    """Everything Cocon holds about `person`: the person row itself plus every registered section."""
    case = getattr(person, "case", None)
    export: dict[str, Any] = {
        "format": "cocon-person-export/1",
        "person": model_fields(person, exclude=_INTERNAL_FIELDS),
        "case": {"code": plain(getattr(case, "code", None)), "reference": getattr(case, "reference", "")},
        "sections": {},
    }
    for key, fn in sorted(_PERSON_EXPORTERS.items()):
        export["sections"][key] = fn(person)
    return export
