"""Runs the authorization matrix of tests/authz.py over every app's rows."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import login
from tests.authz import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, TEAM_A_PERSONAS, Row

ROW_MODULES = [
    "cocon.accounts.tests.authz_rows",
    "cases.tests.authz_rows",
    "network.tests.authz_rows",
    "safetyplans.tests.authz_rows",
]


# Namespaces and names that belong to third-party or framework URL sets, covered by their own rows
# module (cocon.accounts.tests.authz_rows) or deliberately public.
def _all_rows() -> list[Row]:
    rows: list[Row] = []
    for name in ROW_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = _all_rows()


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


# TODO(security issue): rows for every allauth/MFA/i18n pattern; this set must end up empty.
_NOT_YET_IN_MATRIX_PREFIXES = ("account_", "mfa_", "set_language")


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(
        name
        for name in _named_patterns()
        if not name.startswith("admin:") and not name.startswith(_NOT_YET_IN_MATRIX_PREFIXES) and name not in covered
    )
    assert not missing, f"URL patterns without a row in the authorization matrix: {missing}"


def _cells():
    for row in ROWS:
        for method in ("get", "post"):
            table = getattr(row, method)
            if table is None:
                continue
            for persona, expected in table.items():
                yield pytest.param(row, method, persona, "own", expected, id=f"{row.url_name}-{method}-{persona}-own")
            if row.case_scoped:
                for persona in TEAM_A_PERSONAS:
                    # Another team's case is a 404, unless the method itself is refused first.
                    other = NOT_ALLOWED if table.get(persona) == NOT_ALLOWED else NOT_FOUND
                    yield pytest.param(
                        row, method, persona, "other", other, id=f"{row.url_name}-{method}-{persona}-other"
                    )


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        login_url = reverse(settings.LOGIN_URL)
        return LOGIN if location.startswith(login_url) else OK
    if 200 <= response.status_code < 300 or response.status_code == 409:
        return OK
    return str(response.status_code)


@pytest.mark.parametrize(("row", "method", "persona", "relation", "expected"), list(_cells()))
def test_authorization_matrix(request, row: Row, method: str, persona: str, relation: str, expected: str):
    case = request.getfixturevalue("case" if relation == "own" else "other_case")
    request.getfixturevalue("co_worker")
    if persona == "co_worker":
        case.co_worker = request.getfixturevalue("co_worker")
        case.save(update_fields=["co_worker"])
    kwargs = row.kwargs(case)
    url = reverse(row.url_name, kwargs=kwargs)
    client = Client()
    if persona != "anon":
        login(client, request.getfixturevalue(persona))
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, row.data(case) if row.data else {})
    assert _outcome(response) == expected, (
        f"{method.upper()} {row.url_name} as {persona} on {relation} case: got {response.status_code}, "
        f"expected {expected}"
    )


def test_matrix_is_not_empty():
    assert len(ROWS) > 0
    assert OK  # the constants are importable for the rows modules
