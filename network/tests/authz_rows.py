"""Authorization matrix rows for every URL of the network app (tests/authz.py)."""

from __future__ import annotations

from network.models import ProposedSolution
from tests.authz import CASE_READ, CASE_WRITE, GET_NOT_ALLOWED, POST_NOT_ALLOWED, Row

from .factories import (
    JimCandidateFactory,
    JimSearchFactory,
    NetworkMeetingFactory,
    NetworkMemberFactory,
    RelationshipFactory,
)


def _case(case):
    return {"case_code": case.code}


def _member(case):
    return {"case_code": case.code, "member_code": NetworkMemberFactory(case=case).code}


def _relation(case):
    return {"case_code": case.code, "relation_code": RelationshipFactory(case=case).code}


def _search(case):
    return {"case_code": case.code, "search_code": JimSearchFactory(case=case).code}


def _candidate(case):
    return {"case_code": case.code, "candidate_code": JimCandidateFactory(search=JimSearchFactory(case=case)).code}


def _solution(case):
    meeting = NetworkMeetingFactory(case=case)
    solution = ProposedSolution.objects.create(case=case, meeting=meeting, number=1, text="Rita belt elke avond")
    return {"case_code": case.code, "solution_code": solution.code}


def _meeting(case):
    return {"case_code": case.code, "meeting_code": NetworkMeetingFactory(case=case).code}


ROWS = [
    Row("network-home", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-member-create", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-member-edit", kwargs=_member, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-genogram", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-genogram-print", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-relation-create", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-relation-delete", kwargs=_relation, get=GET_NOT_ALLOWED, post=CASE_WRITE),
    Row("network-person-create", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-circle", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-circle-print", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-analysis", kwargs=_case, get=CASE_READ, post=CASE_WRITE),
    Row("network-jim", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-jim-search-edit", kwargs=_search, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-jim-candidate-create", kwargs=_search, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-jim-candidate-edit", kwargs=_candidate, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-jim-designate", kwargs=_search, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-meetings", kwargs=_case, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-meeting-create", kwargs=_case, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-meeting", kwargs=_meeting, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-meeting-edit", kwargs=_meeting, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-solution-create", kwargs=_meeting, get=GET_NOT_ALLOWED, post=CASE_WRITE),
    Row("network-solution-decide", kwargs=_solution, get=CASE_WRITE, post=CASE_WRITE),
    Row("network-meeting-invitation", kwargs=_meeting, get=CASE_READ, post=POST_NOT_ALLOWED),
    Row("network-meeting-summary", kwargs=_meeting, get=CASE_READ, post=POST_NOT_ALLOWED),
]
