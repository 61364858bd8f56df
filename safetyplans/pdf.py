"""Printable documents for the family, rendered by WeasyPrint (DESIGN rule 7).

User text is only ever placed in the template escaped, and the URL fetcher refuses every URL except
(a) our own static files from an in-memory allowlist read from disk once, and (b) the pictures of the
document being printed, handed over as bytes. A story can never make the server fetch anything:
no file:, http(s):, data: or any other scheme gets through.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "cocon-static:"
PICTURE_PREFIX = "cocon-picture:"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_ALLOWLIST = {
    "safetyplans/print.css": "text/css",
    "safetyplans/plan-print.css": "text/css",
}


class RefusedURL(ValueError):
    pass


@functools.cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    """The allowlisted static files, read from disk once and then served from memory."""
    return {name: ((STATIC_DIR / name).read_bytes(), mime) for name, mime in STATIC_ALLOWLIST.items()}


class SafeFetcher(URLFetcher):
    def __init__(self, pictures: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False, timeout=1)
        self.pictures = pictures or {}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(STATIC_PREFIX):
            found = _static_files().get(url[len(STATIC_PREFIX) :])
            if found:
                return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})
        elif url.startswith(PICTURE_PREFIX):
            found = self.pictures.get(url[len(PICTURE_PREFIX) :])
            if found:
                return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})
        self.refused.append(url)
        raise RefusedURL("URL refused by the Cocon PDF fetcher")

    # WeasyPrint may call `open` (urllib style); route it through the same check.
    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
        return self.fetch(getattr(url, "full_url", url))


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_counter_css() -> str:
    """`page x of y` in the active language, as CSS generated content."""
    template = _("page %(page)s of %(pages)s")
    first, rest = template.split("%(page)s", 1)
    middle, last = rest.split("%(pages)s", 1)
    content = " ".join(
        part
        for part in (
            _css_string(first) if first else "",
            "counter(page)",
            _css_string(middle) if middle else "",
            "counter(pages)",
            _css_string(last) if last else "",
        )
        if part
    )
    return f"@page {{ @bottom-center {{ content: {content}; font-size: 12pt; color: #555; }} }}"


def _read_picture(drawing: Any) -> tuple[bytes, str] | None:
    try:
        with drawing.file.open("rb") as handle:
            return handle.read(), drawing.content_type
    except (FileNotFoundError, OSError, ValueError):
        return None


def render_story_pdf(story: Any) -> bytes:
    """The Words & Pictures booklet for the child(ren)."""
    pictures: dict[str, tuple[bytes, str]] = {}
    pages = []
    for page in story.pages.all():
        key = ""
        if page.picture_id:
            data = _read_picture(page.picture)
            if data:
                key = str(page.picture.code)
                pictures[key] = data
        pages.append({"text": page.text, "picture": PICTURE_PREFIX + key if key else ""})
    sections = [
        (_("Who is worried?"), story.who_is_worried),
        (_("What are they worried about?"), story.what_worried_about),
        (_("What happened then?"), story.what_happened),
        (_("What are we doing about the worries?"), story.what_we_do),
    ]
    html = render_to_string(
        "safetyplans/pdf/story.html",
        {
            "story": story,
            "children": list(story.children.all()),
            "sections": [(title, text) for title, text in sections if text.strip()],
            "pages": pages,
            "stylesheet": STATIC_PREFIX + "safetyplans/print.css",
        },
    )
    fetcher = SafeFetcher(pictures)
    page_css = CSS(string=page_counter_css(), url_fetcher=fetcher)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).write_pdf(stylesheets=[page_css])


def render_map_pdf(mapping: Any, columns: list[Any]) -> bytes:
    """The three-column map for the family, landscape A4."""
    html = render_to_string(
        "safetyplans/pdf/map.html",
        {
            "mapping": mapping,
            "case": mapping.case,
            "columns": columns,
            "stylesheet": STATIC_PREFIX + "safetyplans/print.css",
        },
    )
    fetcher = SafeFetcher()
    page_css = CSS(string=page_counter_css().replace("@page {", "@page map {"), url_fetcher=fetcher)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).write_pdf(stylesheets=[page_css])


# --- the safety plan documents (issue 8) --------------------------------------------------------------

PLAN_DOCUMENTS = ("family", "child")


def plan_footer_css(plan: Any, printed_on: Any) -> str:
    """Every page: version, status, date and short fingerprint left; "page x of y" in the middle."""
    status = plan.get_status_display()
    meta = _("Version %(label)s · %(status)s · printed %(date)s") % {
        "label": plan.label,
        "status": status,
        "date": printed_on.strftime("%d/%m/%Y"),
    }
    if plan.fingerprint:
        meta += " · " + _("fingerprint %(short)s") % {"short": plan.fingerprint[:12]}
    counter = page_counter_css().replace("@bottom-center", "@bottom-right").replace("12pt", "9pt")
    return (
        counter
        + f"@page {{ @bottom-left {{ content: {_css_string(meta)}; font-size: 8pt; color: #555; width: 70%; }} }}"
    )


def render_plan_pdf(
    plan: Any, agreements: list[Any], *, document: str, printed_on: Any, person: Any = None, extra: dict | None = None
) -> bytes:
    """The family plan, the child-friendly plan, or one person's agreement sheet (`person` given)."""
    template = "safetyplans/pdf/plan_sheet.html" if person is not None else f"safetyplans/pdf/plan_{document}.html"
    html = render_to_string(
        template,
        {
            "plan": plan,
            "case": plan.case,
            "agreements": agreements,
            "person": person,
            "printed_on": printed_on,
            "provisional": not plan.is_definitive,
            "stylesheet": STATIC_PREFIX + "safetyplans/plan-print.css",
            **(extra or {}),
        },
    )
    fetcher = SafeFetcher()
    page_css = CSS(string=plan_footer_css(plan, printed_on), url_fetcher=fetcher)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).write_pdf(stylesheets=[page_css])
