"""Intensity reads (contacts against the target hours). Filled in by the contacts issue."""

from __future__ import annotations

from datetime import date
from typing import Any


def case_intensity(case: Any, *, today: date) -> dict[str, Any] | None:
    return None


def dashboard_context(user: Any, cases: list[Any], today: date) -> dict[str, Any]:
    return {}
