from __future__ import annotations

from tests.authz import CASE_READ, CASE_WRITE, FORBIDDEN, GET_NOT_ALLOWED, NOT_FOUND, OK, POST_NOT_ALLOWED, Row, expect

# Only the coordinator of the case's team registers referrals and assigns; others who see the case get 403.
CASE_COORDINATOR = expect(
    NOT_FOUND, worker=FORBIDDEN, co_worker=FORBIDDEN, supervisor=FORBIDDEN, coordinator=OK, consultant_shared=FORBIDDEN
)
COORDINATOR_PAGE = expect(FORBIDDEN, coordinator=OK, coordinator_other=OK)
# Reading pages with a write form: everyone who sees the case may GET; POST is for writers only.
CASE_READ_WRITE_POST = CASE_WRITE


def _case(case):
    return {"case_code": case.code}


def _person(case):
    from cases.tests.factories import PersonFactory

    return {"case_code": case.code, "person_code": PersonFactory(case=case).code}


def _step(case):
    return {"case_code": case.code, "number": 3}


def _role_line(case):
    from cases.models import RoleAgreement

    line = RoleAgreement.objects.create(case=case, party="consultant", tasks="x")
    return {"case_code": case.code, "line_code": line.code}


def _evaluation(case):
    from cases.tests.factories import EvaluationFactory

    return {"case_code": case.code, "evaluation_code": EvaluationFactory(case=case).code}


def _follow_up(case):
    from cases.tests.factories import FollowUpHelpFactory

    return {"case_code": case.code, "follow_up_code": FollowUpHelpFactory(case=case).code}


def _contact(case):
    from cases.tests.factories import ContactFactory

    return {"case_code": case.code, "contact_code": ContactFactory(case=case, author=case.lead_worker).code}


STAFF_WORKER_PAGE = expect(
    OK, consultant_shared=FORBIDDEN, consultant_unshared=FORBIDDEN, admin_user=FORBIDDEN
)  # coordinators and supervisors are redirected to the team view
TEAM_LEAD_PAGE = expect(FORBIDDEN, supervisor=OK, coordinator=OK, coordinator_other=OK)
CONTACT_AUTHOR_ONLY = expect(
    NOT_FOUND, worker=OK, co_worker=FORBIDDEN, supervisor=FORBIDDEN, coordinator=FORBIDDEN, consultant_shared=FORBIDDEN
)

ROWS = [
    Row("dashboard", case_scoped=False, get=expect(OK), post=POST_NOT_ALLOWED),
    Row(
        "cases-list",
        case_scoped=False,
        get=expect(OK, admin_user=OK),
        post=expect(OK, admin_user=OK),
        note="POST stores the search in the session and redirects back",
    ),
    Row("cases-referral-new", case_scoped=False, get=COORDINATOR_PAGE, post=COORDINATOR_PAGE),
    Row("cases-detail", kwargs=lambda case: {"code": case.code}, get=CASE_READ, post=POST_NOT_ALLOWED),
    *(
        Row(
            "cases-section",
            kwargs=lambda case, section=section: {"code": case.code, "section": section},
            get=CASE_READ,
            post=POST_NOT_ALLOWED,
            note=f"the {section} section of the case page",
        )
        for section in ("summary", "details", "timeline")
    ),
    Row("cases-referral-edit", kwargs=_case, get=CASE_COORDINATOR, post=CASE_COORDINATOR),
    Row("cases-assign", kwargs=_case, get=CASE_COORDINATOR, post=CASE_COORDINATOR),
    Row("cases-start", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-person-new", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-person-edit", kwargs=_person, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-step-edit", kwargs=_step, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-step-confirm", kwargs=_step, get=GET_NOT_ALLOWED, post=CASE_WRITE),
    Row(
        "cases-step-revisit",
        kwargs=_step,
        get=GET_NOT_ALLOWED,
        post=CASE_WRITE,
        note="a step that is not done cannot be revisited: redirect with a message",
    ),
    Row("cases-phases", kwargs=_case, get=CASE_READ, post=CASE_READ_WRITE_POST),
    Row("cases-roles", kwargs=_case, get=CASE_READ, post=CASE_READ_WRITE_POST),
    Row("cases-role-delete", kwargs=_role_line, get=GET_NOT_ALLOWED, post=CASE_WRITE),
    Row("cases-evaluation-new", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-evaluation-edit", kwargs=_evaluation, get=CASE_READ, post=CASE_READ_WRITE_POST),
    Row("cases-follow-up", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("cases-follow-up-new", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-follow-up-edit", kwargs=_follow_up, get=CASE_WRITE, post=CASE_WRITE),
    Row("cases-follow-up-delete", kwargs=_follow_up, get=GET_NOT_ALLOWED, post=CASE_WRITE),
    Row("cases-close", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row(
        "cases-reopen",
        kwargs=_case,
        get=CASE_WRITE,
        post=CASE_WRITE,
        note="the case is open: writers are redirected back with a message",
    ),
    Row("cases-my-week", case_scoped=False, get=STAFF_WORKER_PAGE, post=POST_NOT_ALLOWED),
    Row("cases-intensity-team", case_scoped=False, get=TEAM_LEAD_PAGE, post=POST_NOT_ALLOWED),
    Row("cases-contacts-export", case_scoped=False, get=TEAM_LEAD_PAGE, post=POST_NOT_ALLOWED),
    Row("cases-contacts", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("cases-contact-new", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row(
        "cases-contact-edit",
        kwargs=_contact,
        get=CASE_READ,
        post=CONTACT_AUTHOR_ONLY,
        note="others who see the case read the contact; only its author corrects it",
    ),
]
