from __future__ import annotations

from cases.tests.factories import PersonFactory
from tests.authz import FORBIDDEN, NOT_FOUND, OK, POST_NOT_ALLOWED, Row, expect

# Visible to the whole case team, but only the coördinator of the case's team may open these.
TEAM_COORDINATOR_ONLY = expect(
    NOT_FOUND, worker=FORBIDDEN, co_worker=FORBIDDEN, supervisor=FORBIDDEN, consultant_shared=FORBIDDEN, coordinator=OK
)

ROWS = [
    Row(
        "audit-case-log", kwargs=lambda case: {"case_code": case.code}, get=TEAM_COORDINATOR_ONLY, post=POST_NOT_ALLOWED
    ),
    # The coördinator is first sent to re-authenticate (step-up), which counts as OK here.
    Row(
        "audit-person-export",
        kwargs=lambda case: {"case_code": case.code, "person_code": PersonFactory(case=case).code},
        get=TEAM_COORDINATOR_ONLY,
        post=POST_NOT_ALLOWED,
    ),
]
