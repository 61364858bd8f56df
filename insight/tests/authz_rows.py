"""Insight is a team matter: the coördinator and the werkbegeleider of a team read their own team's
figures (coordinator_other reads team B's); every other role gets a 403, anonymous users the login page."""

from __future__ import annotations

from tests.authz import FORBIDDEN, OK, POST_NOT_ALLOWED, Row, expect

TEAM_READ = expect(FORBIDDEN, coordinator=OK, coordinator_other=OK, supervisor=OK)

ROWS = [
    Row("insight-caseload", case_scoped=False, get=TEAM_READ, post=POST_NOT_ALLOWED),
    Row("insight-fidelity", case_scoped=False, get=TEAM_READ, post=POST_NOT_ALLOWED),
    Row("insight-flow", case_scoped=False, get=TEAM_READ, post=POST_NOT_ALLOWED),
    Row(
        "insight-cases",
        kwargs=lambda case: {"measure": "child-voice"},
        case_scoped=False,
        get=TEAM_READ,
        post=POST_NOT_ALLOWED,
    ),
    Row(
        "insight-export",
        kwargs=lambda case: {"table": "fidelity"},
        case_scoped=False,
        get=TEAM_READ,
        post=POST_NOT_ALLOWED,
    ),
]
