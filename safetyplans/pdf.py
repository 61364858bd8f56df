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

from cocon.pdf import PICTURE_PREFIX, STATIC_PREFIX, LockedFetcher, read_static
from cocon.pdf import RefusedURL as RefusedURL  # re-exported: callers catch it from here

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_ALLOWLIST = {
    "safetyplans/print.css": "text/css",
    "safetyplans/plan-print.css": "text/css",
}


@functools.cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    """The allowlisted static files, read from disk once and then served from memory."""
    return read_static(STATIC_DIR, STATIC_ALLOWLIST)


class SafeFetcher(LockedFetcher):
    def __init__(self, pictures: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(_static_files(), pictures)


def font_subsetter() -> str:
    """Which library subsets the embedded fonts: "HarfBuzz" (libharfbuzz-subset0 installed, fast) or "fontTools"
    (WeasyPrint's fallback: it parses the whole font on every render and roughly doubles the time of a plan)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except ImportError:
        return "unknown"
    return "HarfBuzz" if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0) else "fontTools"


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


def plan_pdf_html(
    plan: Any, agreements: list[Any], *, document: str, printed_on: Any, person: Any = None, extra: dict | None = None
) -> str:
    """The HTML of a printed plan document (also what `make bench` hands to headless Chromium)."""
    template = "safetyplans/pdf/plan_sheet.html" if person is not None else f"safetyplans/pdf/plan_{document}.html"
    return render_to_string(
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


def render_plan_pdf(
    plan: Any, agreements: list[Any], *, document: str, printed_on: Any, person: Any = None, extra: dict | None = None
) -> bytes:
    """The family plan, the child-friendly plan, or one person's agreement sheet (`person` given)."""
    html = plan_pdf_html(plan, agreements, document=document, printed_on=printed_on, person=person, extra=extra)
    fetcher = SafeFetcher()
    page_css = CSS(string=plan_footer_css(plan, printed_on), url_fetcher=fetcher)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).write_pdf(stylesheets=[page_css])
