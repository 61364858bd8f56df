"""The one locked-down URL fetcher every WeasyPrint document uses (DESIGN rule 7).

It serves only (a) the allowlisted static files an app hands over, read from disk once, and (b) the pictures of
the document being printed, handed over as bytes. Everything else — file:, http(s):, data: or any other scheme —
is refused and noted, so a document can never make the server fetch anything or embed a file.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "cocon-static:"
PICTURE_PREFIX = "cocon-picture:"

# URLFetcher builds an HTTPS handler; without a context of its own it makes a default one, which loads the
# system's CA store on every print (tens of ms). This fetcher never opens a connection: one bare context is enough.
_NO_NETWORK_SSL = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class RefusedURL(ValueError):
    pass


def read_static(static_dir: Path, allowlist: Mapping[str, str]) -> dict[str, tuple[bytes, str]]:
    """The allowlisted files (name -> MIME type) under `static_dir`, as bytes; callers cache the result."""
    return {name: ((static_dir / name).read_bytes(), mime) for name, mime in allowlist.items()}


class LockedFetcher(URLFetcher):
    def __init__(
        self,
        static_files: Mapping[str, tuple[bytes, str]],
        pictures: Mapping[str, tuple[bytes, str]] | None = None,
    ) -> None:
        super().__init__(
            allowed_protocols=(), allow_redirects=False, fail_on_errors=False, timeout=1, ssl_context=_NO_NETWORK_SSL
        )
        self.static_files = static_files
        self.pictures = pictures or {}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        for prefix, files in ((STATIC_PREFIX, self.static_files), (PICTURE_PREFIX, self.pictures)):
            if url.startswith(prefix):
                found = files.get(url[len(prefix) :])
                if found:
                    return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})
        self.refused.append(url)
        raise RefusedURL("URL refused by the Cocon PDF fetcher")

    # WeasyPrint may call `open` (urllib style); route it through the same check.
    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
        return self.fetch(getattr(url, "full_url", url))
