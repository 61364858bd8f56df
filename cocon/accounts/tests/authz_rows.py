from __future__ import annotations

from tests.authz import ANYONE, OK, Row, expect

ROWS = [
    Row("health", case_scoped=False, get=ANYONE),
    Row("account_login", case_scoped=False, get=expect(OK, anon=OK, inactive_user=OK)),
]
