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

from cocon.pdf import STATIC_PREFIX, LockedFetcher, read_static
from cocon.pdf import RefusedURL as RefusedURL  # re-exported: callers catch it from here

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_ALLOWLIST = {"capacity/print.css": "text/css"}


@functools.cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    return read_static(STATIC_DIR, STATIC_ALLOWLIST)


class StaticOnlyFetcher(LockedFetcher):
    """Serves the allowlisted stylesheet; refuses file:, http(s):, data: and everything else."""

    def __init__(self) -> None:
        super().__init__(_static_files())


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
