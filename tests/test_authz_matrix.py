"""Runs the authorization matrix of tests/authz.py over every app's rows, plus the admin by rule.

Also here, over the same rows: CSRF on every POST-capable URL (D1) and "GET never changes case data"
(D2). Persona `half` is the worker with a password but no second factor (B5).
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from copy import deepcopy
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import login
from tests.authz import FORBIDDEN, LOGIN, MFA, NOT_ALLOWED, NOT_FOUND, OK, PERSONAS, TEAM_A_PERSONAS, Row


def _row_modules() -> list[str]:
    """`<app>.tests.authz_rows` of every installed app that has one (no list to keep up to date)."""
    return [f"{config.name}.tests.authz_rows" for config in apps.get_app_configs()]


def _all_rows() -> list[Row]:
    rows: list[Row] = []
    for name in _row_modules():
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if not name.startswith(exc.name or "\0"):
                raise
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = _all_rows()


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> dict[str, URLPattern]:
    names: dict[str, URLPattern] = {}
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names.update(_named_patterns(entry, ns))
        elif isinstance(entry, URLPattern) and entry.name:
            names.setdefault(prefix + entry.name, entry)
    return names


# --- The admin, by rule ----------------------------------------------------------------------------
# Every admin:* pattern is covered by ONE rule instead of a hand-written row: only an active staff
# account with a completed second factor gets in; anonymous visitors are sent to the allauth login
# (the admin's own login page is wrapped by secure_admin_login); a signed-in non-staff user gets 403;
# `half` is sent to the second factor. The rule is checked on every named admin pattern (with
# placeholder ids for the object views); the admin's own 200 is checked on the pages without ids.
ADMIN_RULE = {
    **dict.fromkeys(PERSONAS, FORBIDDEN),
    "anon": LOGIN,
    "inactive_user": LOGIN,
    "half": MFA,
    "admin_user": OK,
}
# What the admin account itself gets where the page is not a plain 200 (read-only audit log,
# POST-only logout, autocomplete without its parameters, unknown placeholder ids).
ADMIN_SELF_EXCEPTIONS = {
    "admin:audit_auditevent_add": FORBIDDEN,
    "admin:axes_accessattempt_add": FORBIDDEN,
    "admin:axes_accesslog_add": FORBIDDEN,
    "admin:axes_accessfailurelog_add": FORBIDDEN,
    "admin:logout": NOT_ALLOWED,
    "admin:autocomplete": FORBIDDEN,
}
_PLACEHOLDERS = {"app_label": "accounts", "object_id": "0", "content_type_id": "0", "id": "0"}


def _admin_cells():
    for name, pattern in sorted(_named_patterns().items()):
        if not name.startswith("admin:"):
            continue
        keys = list(pattern.pattern.regex.groupindex)
        kwargs = {k: _PLACEHOLDERS[k] for k in keys}
        for persona, expected in ADMIN_RULE.items():
            if persona == "admin_user":
                if keys and name != "admin:app_list":
                    continue  # placeholder ids: the admin would get a "not found" redirect, not a page
                expected = ADMIN_SELF_EXCEPTIONS.get(name, OK)
            yield pytest.param(name, kwargs, persona, expected, id=f"{name}-get-{persona}")


# --- Meta-tests ----------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(name for name in _named_patterns() if not name.startswith("admin:") and name not in covered)
    assert not missing, f"URL patterns without a row in the authorization matrix: {missing}"


def test_every_admin_pattern_is_covered_by_the_admin_rule():
    """The admin is not skipped: each named admin pattern is a cell set of the admin rule."""
    admin_names = {name for name in _named_patterns() if name.startswith("admin:")}
    ruled = {p.values[0] for p in _admin_cells()}
    assert admin_names and admin_names == ruled


def test_every_row_names_an_existing_pattern():
    names = set(_named_patterns())
    assert not sorted({row.url_name for row in ROWS} - names)


def test_matrix_is_not_empty():
    assert len(ROWS) > 0
    assert OK  # the constants are importable for the rows modules


# --- Running the cells ---------------------------------------------------------------------------
# One test per row (not per cell): the personas, the two cases and one logged-in client per persona are
# made once, then every cell of the row runs. POST cells run inside a savepoint that is rolled back, so
# one persona's successful POST never changes what the next persona meets. GET cells run outside
# savepoints and the business tables are checksummed around them: a GET must never change case data.


def _row_cells(row: Row):
    """(method, persona, relation, expected) for every cell of one row."""
    for method in ("get", "post"):
        table = getattr(row, method)
        if table is None:
            continue
        table = {"half": MFA, **table}
        for persona, expected in table.items():
            yield method, persona, "own", expected
        if row.case_scoped:
            for persona in TEAM_A_PERSONAS:
                # Another team's case is a 404, unless the method itself is refused first.
                other = NOT_ALLOWED if table.get(persona) == NOT_ALLOWED else NOT_FOUND
                yield method, persona, "other", other


def _cells():
    for row in ROWS:
        for cell in _row_cells(row):
            yield (row, *cell)


def _outcome(response, client: Client | None = None) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith(reverse("mfa_index")):
            return MFA
        if client is not None and location.startswith(reverse("admin:index")):
            # The admin sends everyone it refuses to its login page (or its index first); that page
            # decides: allauth login for anonymous visitors, 403 for signed-in non-staff.
            return _outcome(client.get(location), client)
        login_url = reverse(settings.LOGIN_URL)
        return LOGIN if location.startswith(login_url) else OK
    if 200 <= response.status_code < 300 or response.status_code == 409:
        return OK
    return str(response.status_code)


def client_as(request, persona: str, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    if persona == "anon":
        return client
    if persona == "half":
        worker = request.getfixturevalue("worker")
        client.force_login(worker)
        session = client.session
        session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "email": worker.email}]
        session["account_authentication_methods_user"] = str(worker.pk)
        session.save()
        return client
    return login(client, request.getfixturevalue(persona))


def _prepare(request, relation: str, persona: str):
    case = request.getfixturevalue("case" if relation == "own" else "other_case")
    request.getfixturevalue("co_worker")
    if persona == "co_worker":
        case.co_worker = request.getfixturevalue("co_worker")
        case.save(update_fields=["co_worker"])
    return case


class _Rollback(Exception):
    pass


@contextmanager
def _savepoint():
    """Run a block and undo its database writes (a savepoint inside the test's transaction)."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _request(client: Client, method: str, url: str, data: dict) -> object:
    cookies = deepcopy(client.cookies)
    try:
        return client.get(url) if method == "get" else client.post(url, data)
    finally:
        client.cookies = cookies  # a logout or language switch must not leak into the next cell


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.url_name)
def test_authorization_matrix(request, db, row: Row):
    cases = {"own": request.getfixturevalue("case"), "other": request.getfixturevalue("other_case")}
    co_worker = request.getfixturevalue("co_worker")
    cells = list(_row_cells(row))
    relations = {relation for _m, _p, relation, _e in cells}
    urls = {rel: reverse(row.url_name, kwargs=row.kwargs(cases[rel])) for rel in relations}
    clients = {persona: client_as(request, persona) for persona in {p for _m, p, _r, _e in cells}}
    mismatches: list[str] = []

    def check(method: str, persona: str, relation: str, expected: str) -> None:
        data = (row.data(cases[relation]) if row.data else {}) if method == "post" else {}
        response = _request(clients[persona], method, urls[relation], data)
        got = _outcome(response)
        if got != expected:
            where = response.get("Location", "")
            mismatches.append(
                f"{method.upper()} {row.url_name} as {persona} on {relation} case: got {response.status_code} "
                f"{where}, expected {expected}"
            )

    def as_co_worker(relation: str):
        case = cases[relation]
        case.co_worker = co_worker
        case.save(update_fields=["co_worker"])

    # GET cells: no savepoint, but the business tables must be the same afterwards (D2).
    before = business_checksum()
    for method, persona, relation, expected in cells:
        if method == "get" and persona != "co_worker":
            check(method, persona, relation, expected)
    if business_checksum() != before:
        mismatches.append(f"GET {row.url_name} changed business data")
    for method, persona, relation, expected in cells:
        if method == "get" and persona == "co_worker":
            with _savepoint():
                as_co_worker(relation)
                snapshot = business_checksum()
                check(method, persona, relation, expected)
                if business_checksum() != snapshot:
                    mismatches.append(f"GET {row.url_name} as co_worker changed business data")
    # POST cells: each in its own savepoint.
    for method, persona, relation, expected in cells:
        if method == "post":
            with _savepoint():
                if persona == "co_worker":
                    as_co_worker(relation)
                check(method, persona, relation, expected)
    assert not mismatches, f"{len(mismatches)} of {len(cells)} cells differ:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("url_name", sorted({name for name, *_ in (p.values for p in _admin_cells())}))
def test_admin_rule(request, db, url_name: str):
    mismatches = []
    for param in _admin_cells():
        name, kwargs, persona, expected = param.values
        if name != url_name:
            continue
        client = client_as(request, persona)
        response = client.get(reverse(url_name, kwargs=kwargs))
        got = _outcome(response, client)
        if got != expected:
            mismatches.append(
                f"GET {url_name} as {persona}: got {response.status_code} {response.get('Location', '')}, expected {expected}"
            )
    assert not mismatches, "\n".join(mismatches)


def _holds_case_content(model, depth: int = 0) -> bool:
    """A case, a person, or a row that points (through foreign keys) at one of them."""
    if model._meta.label_lower in ("cases.case", "cases.person"):
        return True
    if depth >= 3:
        return False
    return any(
        field.many_to_one and field.related_model is not None and _holds_case_content(field.related_model, depth + 1)
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
    )


def test_admin_site_holds_no_case_content():
    """Policy: the beheerder manages users, teams, organisations and reference lists in the admin;
    no model that holds case content (a case, a person, or anything hanging off them) is registered."""
    offending = sorted(model._meta.label for model in admin.site._registry if _holds_case_content(model))
    assert offending == []


# --- CSRF (D1) and safe GET (D2) -----------------------------------------------------------------

EXCLUDED_FROM_CHECKSUM = {"audit", "sessions", "axes", "admin", "contenttypes", "auth"}
EXCLUDED_MODELS = {"accounts.sessionrecord", "account.emailaddress"}


def business_checksum() -> str:
    """A hash over every row of every business table (not audit, sessions, lockouts, caches)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in EXCLUDED_FROM_CHECKSUM or meta.label_lower in EXCLUDED_MODELS or not meta.managed:
            continue
        digest.update(meta.label_lower.encode())
        for values in model._base_manager.order_by("pk").values_list():
            digest.update(repr(values).encode())
    return digest.hexdigest()


def _csrf_cells():
    for row in ROWS:
        if row.post is None:
            continue
        allowed = [p for p, outcome in row.post.items() if outcome == OK]
        if not allowed:
            continue  # nobody's POST reaches the view: nothing to protect
        yield pytest.param(row, allowed[0], id=f"{row.url_name}-{allowed[0]}")


@pytest.mark.parametrize(("row", "persona"), list(_csrf_cells()))
def test_post_without_csrf_token_is_refused_and_changes_nothing(request, db, row: Row, persona: str):
    case = _prepare(request, "own", persona)
    url = reverse(row.url_name, kwargs=row.kwargs(case))
    data = row.data(case) if row.data else {}
    client = client_as(request, persona, enforce_csrf_checks=True)
    before = business_checksum()
    response = client.post(url, data)
    assert response.status_code == 403, f"POST {row.url_name} without a CSRF token: {response.status_code}"
    assert business_checksum() == before


def test_csrf_rows_exist():
    assert list(_csrf_cells()), "no POST-capable row: the CSRF test would prove nothing"


def test_business_checksum_sees_a_change_and_ignores_the_audit_log(db, case, worker):
    """The safe-GET check inside test_authorization_matrix relies on this checksum."""
    from cocon.audit.services import audit_record

    before = business_checksum()
    audit_record(actor=worker, action="test.read", case=case)
    assert business_checksum() == before
    case.family_name += " (gewijzigd)"
    case.save()
    assert business_checksum() != before


def test_matrix_size_is_reported(capsys):
    cells = len(list(_cells())) + len(list(_admin_cells()))
    with capsys.disabled():
        print(f"\nauthorization matrix: {cells} cells over {len(ROWS)} rows + admin rule")
    assert cells > 0
