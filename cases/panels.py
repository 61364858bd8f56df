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


def shared_read[T](case: Any, key: str, load: Callable[[], T]) -> T:
    """`load()` once per case object, then the same result.

    The case page hands one case object to its own parts, to every panel and to every timeline source. Parts
    that show the same rows (the JIM searches in a panel and on the timeline, the household on the page and
    in the JIM panel) read them here, so the page asks the database once. The case object lives for one
    request; a view that writes and then shows the same rows again must not read them through here.
    """
    reads = case.__dict__.setdefault("_shared_reads", {})
    if key not in reads:
        reads[key] = load()
    return reads[key]


def register_case_panel(panel: CasePanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request: HttpRequest, case: Any, area: str) -> list[dict[str, Any]]:
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.area != area:
            continue
        result.append({"key": panel.key, "template": panel.template, **panel.context(request, case)})
    return result
