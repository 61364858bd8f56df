"""The nl-BE catalogues are complete: no untranslated or fuzzy entry, and no source string missing.

Each app keeps its own catalogue (<app>/locale/nl_BE); project-wide templates use locale/ at the root.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
# catalogue root → the --ignore patterns that keep other catalogues' sources out of it
CATALOGUE_ROOTS = {
    ".": [
        "cases",
        "network",
        "safetyplans",
        "capacity",
        "reminders",
        "insight",
        "cocon/accounts",
        "cocon/audit",
        ".venv",
        "var",
        "static",
        "staticfiles",
        "tests",
        "bench",
        "scripts",
        "locale",
    ],
    "cases": ["tests"],
    "network": ["tests"],
    "safetyplans": ["tests"],
    "capacity": ["tests"],
    "reminders": ["tests"],
    "insight": ["tests"],
    "cocon/accounts": ["tests"],
    "cocon/audit": ["tests"],
}


def _catalogues() -> list[Path]:
    return [
        ROOT / root / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"
        for root in CATALOGUE_ROOTS
        if (ROOT / root / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po").exists()
    ]


def test_project_catalogue_exists():
    assert (ROOT / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entries(po_path: Path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{po_path}: fuzzy: {fuzzy[:20]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize("root", list(CATALOGUE_ROOTS))
def test_catalogue_holds_every_source_string(root: str, tmp_path: Path):
    """Re-extract the strings of this part of the code into a scratch copy and compare msgids."""
    source = ROOT / root
    if not (source / "locale").exists() and root != ".":
        has_strings = any(
            "gettext" in p.read_text(errors="ignore") or "translate" in p.read_text(errors="ignore")
            for p in source.rglob("*")
            if p.suffix in {".py", ".html", ".txt"} and "tests" not in p.parts and "migrations" not in p.parts
        )
        assert not has_strings, f"{root} has translatable strings but no locale/nl_BE catalogue"
        return
    scratch = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", ".venv", "var", "staticfiles", "node_modules")
    shutil.copytree(source, scratch, ignore=ignore if root != "." else _root_ignore(ignore))
    args = [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "nl_BE", "-v", "0"]
    for pattern in CATALOGUE_ROOTS[root]:
        args.append(f"--ignore={pattern}")
    args.append("--ignore=migrations")
    subprocess.run(args, cwd=scratch, check=True, env=_env())
    fresh = polib.pofile(str(scratch / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(source / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert not missing, f"{root}: strings missing from the nl_BE catalogue (run `make makemessages`): {missing[:20]}"


def _root_ignore(base):
    skip = {
        "cases",
        "network",
        "safetyplans",
        "capacity",
        "reminders",
        "insight",
        ".venv",
        "var",
        "static",
        "staticfiles",
        "tests",
        "bench",
        ".git",
    }

    def ignore(directory: str, names: list[str]) -> set[str]:
        result = set(base(directory, names))
        if Path(directory) == ROOT:
            result |= skip & set(names)
        if Path(directory) == ROOT / "cocon":
            result |= {"accounts", "audit"} & set(names)
        return result

    return ignore


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "cocon.settings_test"
    env["PYTHONPATH"] = str(ROOT)
    return env
