from __future__ import annotations

from tests.authz import CASE_READ, OK, POST_NOT_ALLOWED, Row, expect

ROWS = [
    Row(
        "dashboard",
        case_scoped=False,
        get=expect(OK),
        post=POST_NOT_ALLOWED,
    ),
    Row("cases-list", case_scoped=False, get=expect(OK, admin_user=OK), post=POST_NOT_ALLOWED),
    Row("cases-detail", kwargs=lambda case: {"code": case.code}, get=CASE_READ, post=POST_NOT_ALLOWED),
]
