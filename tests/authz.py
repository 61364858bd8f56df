"""The authorization matrix: URL pattern × method × persona × relation → expected outcome.

Each app lists its URL patterns in `<app>/tests/authz_rows.py` as `ROWS: list[Row]`;
`tests/test_authz_matrix.py` runs every cell and a meta-test fails when a named URL pattern has no
row. Relation "own" uses the `case` fixture (team A: worked by `worker`, linked to
`consultant_shared`); relation "other" uses `other_case` (team B), which every team-A persona must
get a 404 for — the IDOR probe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Outcomes
OK = "ok"  # 2xx, or a redirect that is not to the login page (a form error re-render counts as ok)
LOGIN = "login"  # redirect to the login page
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
MFA = "mfa"  # redirect to the second-factor pages (/accounts/2fa/…): enrolment or code entry

PERSONAS = [
    "anon",
    "half",  # the `worker` after the password, before the second factor
    "worker",
    "co_worker",
    "colleague",
    "worker_other",
    "supervisor",
    "coordinator",
    "coordinator_other",
    "consultant_shared",
    "consultant_unshared",
    "admin_user",
    "inactive_user",
]

# Personas of team A that must never reach another team's case (relation "other").
TEAM_A_PERSONAS = ["worker", "colleague", "supervisor", "coordinator", "consultant_shared"]


def expect(default: str, **overrides: str) -> dict[str, str]:
    """A full persona → outcome table: `default` for everyone not named; anon and inactive_user are
    LOGIN and half is MFA unless named."""
    table = dict.fromkeys(PERSONAS, default)
    table["anon"] = LOGIN
    table["half"] = MFA
    table["inactive_user"] = LOGIN
    table.update(overrides)
    return table


# Common shapes
CASE_READ = expect(NOT_FOUND, worker=OK, co_worker=OK, supervisor=OK, coordinator=OK, consultant_shared=OK)
CASE_WRITE = expect(NOT_FOUND, worker=OK, co_worker=OK, supervisor=OK, coordinator=OK, consultant_shared=FORBIDDEN)
CASE_WORKER_ONLY = expect(
    NOT_FOUND, worker=OK, co_worker=OK, supervisor=FORBIDDEN, coordinator=FORBIDDEN, consultant_shared=FORBIDDEN
)
STAFF_PAGE = expect(OK, admin_user=OK)
ANYONE = dict.fromkeys(PERSONAS, OK)
# GET-only views answer 405 to any POST, before any login check — except for `half`: the second
# factor is asked before any view runs.
POST_NOT_ALLOWED = {**dict.fromkeys(PERSONAS, NOT_ALLOWED), "half": MFA}
GET_NOT_ALLOWED = {**dict.fromkeys(PERSONAS, NOT_ALLOWED), "half": MFA}


@dataclass
class Row:
    """One URL pattern.

    `kwargs(case)` builds the URL kwargs for a case (creating any object the URL needs inside that
    case); for patterns without a case use `case_scoped=False` and ignore the argument.
    `get` / `post` are persona → outcome tables; None means the method is not tested for this row
    (a POST-only view still gets `get=expect(NOT_ALLOWED)` so that GET is proven harmless).
    `data(case)` builds the POST body (default: empty, so a permitted POST usually re-renders with
    form errors and changes nothing).
    A table without a "half" entry expects MFA for half (the runner fills it in).
    """

    url_name: str
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda case: {})
    get: dict[str, str] | None = None
    post: dict[str, str] | None = None
    data: Callable[[Any], dict[str, Any]] | None = None
    case_scoped: bool = True
    note: str = ""
