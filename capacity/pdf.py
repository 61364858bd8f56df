"""The dated declaration document (A4, Dutch), rendered by WeasyPrint.

It holds counts, dates, the team, the region and the coördinator's contact — never a case or a person.
The URL fetcher refuses every URL except our own print stylesheet, served from memory: the document
can never make the server fetch anything.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "cocon-static:"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_ALLOWLIST = {"capacity/print.css": "text/css"}


class RefusedURL(ValueError):
    pass


@functools.cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    return {name: ((STATIC_DIR / name).read_bytes(), mime) for name, mime in STATIC_ALLOWLIST.items()}


class StaticOnlyFetcher(URLFetcher):
    """Serves the allowlisted stylesheet; refuses file:, http(s):, data: and everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(STATIC_PREFIX):
            found = _static_files().get(url[len(STATIC_PREFIX) :])
            if found:
                return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})
        self.refused.append(url)
        raise RefusedURL("URL refused by the Cocon PDF fetcher")

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
        return self.fetch(getattr(url, "full_url", url))


def declaration_filename(declaration: Any) -> str:
    return f"vrije-plaatsen-{declaration.declared_on:%Y%m%d}-{str(declaration.code)[:8]}.pdf"


def render_declaration_pdf(declaration: Any) -> bytes:
    pool = declaration.pool
    html = render_to_string(
        "capacity/pdf/declaration.html",
        {
            "declaration": declaration,
            "pool": pool,
            "team": pool.team,
            "coordinator": declaration.declared_by,
            "recipients": declaration.sent_to,
            "printed_on": timezone.localdate(),
            "stylesheet": STATIC_PREFIX + "capacity/print.css",
        },
    )
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=StaticOnlyFetcher()).write_pdf()
