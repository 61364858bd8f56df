"""Navigation per role. Apps add their entries in AppConfig.ready() through `register_nav`.

Keeps `cocon.accounts` free of imports from the domain apps: they register themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    order: int = 100
    visible: Callable[[object], bool] | None = field(default=None, compare=False)


_REGISTRY: dict[str, NavEntry] = {}


def register_nav(entry: NavEntry) -> None:
    _REGISTRY[entry.key] = entry


def menu_for(user: object, request: HttpRequest) -> list[dict[str, object]]:
    role = getattr(user, "role", None)
    items = []
    for entry in sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key)):
        if role not in entry.roles or (entry.visible and not entry.visible(user)):
            continue
        items.append({"key": entry.key, "label": entry.label, "url": reverse(entry.url_name), "active": False})
    # Only the most specific entry is active: /cases/week/ lights "Mijn week", not also "Dossiers".
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items
