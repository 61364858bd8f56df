"""Case-page panels contributed by other apps.

`cases` does not import `network` or `safetyplans`; each app registers the panel(s) it shows on the
case page in its AppConfig.ready(). A panel is a template plus a function returning its context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    order: int = 100
    area: str = "main"  # "summary" (top, at a glance) or "main"


_PANELS: dict[str, CasePanel] = {}


def register_case_panel(panel: CasePanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request: HttpRequest, case: Any, area: str) -> list[dict[str, Any]]:
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.area != area:
            continue
        result.append({"key": panel.key, "template": panel.template, **panel.context(request, case)})
    return result
