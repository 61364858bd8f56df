"""Capacity is a team matter: the coördinator of the team manages it, the werkbegeleider reads it.

Each coördinator and werkbegeleider reaches their OWN team's pages (coordinator_other gets team B's
page); another team's declaration, pool or recipient is a 404; everyone else gets a 403.
"""

from __future__ import annotations

from tests.authz import FORBIDDEN, GET_NOT_ALLOWED, NOT_FOUND, OK, POST_NOT_ALLOWED, Row, expect

TEAM_READ = expect(FORBIDDEN, coordinator=OK, coordinator_other=OK, supervisor=OK)
TEAM_MANAGE = expect(FORBIDDEN, coordinator=OK, coordinator_other=OK)
OBJECT_READ = expect(FORBIDDEN, coordinator=OK, supervisor=OK, coordinator_other=NOT_FOUND)
OBJECT_MANAGE = expect(FORBIDDEN, coordinator=OK, coordinator_other=NOT_FOUND)
# Linking a case to a place: the case gate first (404 when the case is not visible), then the role.
CASE_COORDINATOR = expect(
    NOT_FOUND, worker=FORBIDDEN, co_worker=FORBIDDEN, supervisor=FORBIDDEN, coordinator=OK, consultant_shared=FORBIDDEN
)


def _declaration(case):
    from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory

    return {"code": DeclarationFactory(pool=CapacityPoolFactory(team=case.team)).code}


def _pool(case):
    from capacity.tests.factories import CapacityPoolFactory

    return {"code": CapacityPoolFactory(team=case.team).code}


def _recipient(case):
    from capacity.tests.factories import RecipientFactory

    return {"code": RecipientFactory(team=case.team).code}


ROWS = [
    Row("capacity-overview", case_scoped=False, get=TEAM_READ, post=POST_NOT_ALLOWED),
    Row("capacity-declare", case_scoped=False, get=TEAM_MANAGE, post=TEAM_MANAGE),
    Row("capacity-declaration", kwargs=_declaration, case_scoped=False, get=OBJECT_READ),
    Row("capacity-declaration-pdf", kwargs=_declaration, case_scoped=False, get=OBJECT_READ),
    Row(
        "capacity-declaration-acknowledge",
        kwargs=_declaration,
        case_scoped=False,
        get=GET_NOT_ALLOWED,
        post=OBJECT_MANAGE,
    ),
    Row(
        "capacity-declaration-withdraw",
        kwargs=_declaration,
        case_scoped=False,
        get=GET_NOT_ALLOWED,
        post=OBJECT_MANAGE,
    ),
    Row(
        "capacity-fill-place",
        kwargs=lambda case: {"case_code": case.code},
        get=GET_NOT_ALLOWED,
        post=CASE_COORDINATOR,
    ),
    Row("capacity-pool-new", case_scoped=False, get=TEAM_MANAGE, post=TEAM_MANAGE),
    Row("capacity-pool-edit", kwargs=_pool, case_scoped=False, get=OBJECT_MANAGE, post=OBJECT_MANAGE),
    Row("capacity-recipients", case_scoped=False, get=TEAM_MANAGE, post=TEAM_MANAGE),
    Row("capacity-recipient-edit", kwargs=_recipient, case_scoped=False, get=OBJECT_MANAGE, post=OBJECT_MANAGE),
]
