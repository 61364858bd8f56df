"""Compile every nl_BE .po catalogue into its .mo file with polib.

Django's `compilemessages` needs GNU gettext's msgfmt, which a bare machine may lack; polib is pure
Python, so `make run` works without extra system packages. Only stale .mo files are rewritten.
"""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", "node_modules", "staticfiles"}


def main() -> None:
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if SKIP.intersection(po_path.relative_to(ROOT).parts):
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


if __name__ == "__main__":
    main()
