"""A person recognises a session by its browser and device: "Firefox op Windows (computer)".

A small, deliberate parser of the User-Agent header (no dependency, no lookup table to keep up to
date): only the families staff actually use are named; anything else is "unknown browser".
The header is chosen by the client, so the result is a hint for the person, never a security fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Samsung also says Chrome.
_BROWSERS = (
    (re.compile(r"Edg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"OPR/|Opera"), "Opera"),
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"Firefox/|FxiOS/"), "Firefox"),
    (re.compile(r"Chrome/|CriOS/|Chromium/"), "Chrome"),
    (re.compile(r"Safari/"), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"iPhone"), "iOS"),
    (re.compile(r"iPad"), "iPadOS"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Mac OS X|Macintosh"), "macOS"),
    (re.compile(r"Linux|X11"), "Linux"),
)


@dataclass(frozen=True)
class Device:
    browser: str
    system: str
    kind: str  # "phone", "tablet", "computer"

    @property
    def label(self) -> str:
        browser = self.browser or _("Unknown browser")
        if not self.system:
            return browser
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": self.system}

    @property
    def kind_label(self) -> str:
        return {"phone": _("phone"), "tablet": _("tablet")}.get(self.kind, _("computer"))


def describe(user_agent: str) -> Device:
    text = user_agent or ""
    browser = next((name for pattern, name in _BROWSERS if pattern.search(text)), "")
    system = next((name for pattern, name in _SYSTEMS if pattern.search(text)), "")
    if "iPad" in text or "Tablet" in text or (system == "Android" and "Mobile" not in text):
        kind = "tablet"
    elif "Mobile" in text or system == "iOS":
        kind = "phone"
    else:
        kind = "computer"
    return Device(browser=browser, system=system, kind=kind)
