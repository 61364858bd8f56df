"""Rules of DOMAIN §7 whose models have not landed yet: registered for their titles (the demo's history
and old rows keep a readable name) but not swept (`available()` is False) until they are written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import _REGISTRY, Rule, register


class WaitingRule(Rule):
    waits_for = ""

    def available(self) -> bool:
        return False


_WAITING = [
    ("R-CHECK-DUE", _("Follow up on an agreement"), "safetyplans Agreement / AgreementCheck"),
    ("R-CHECK-MISSED-NETWORK", _("A network monitor has been silent for two periods"), "safetyplans AgreementCheck"),
    ("R-BOTTOMLINE", _("A bottom line was not met"), "safetyplans Incident"),
    ("R-INCIDENT-REVIEW", _("Extra contact or evaluation after an unsafe check"), "safetyplans AgreementCheck"),
    ("R-REVIEW-PENDING", _("Plan review submitted: record the result"), "safetyplans PlanReview"),
    ("R-PLAN-SIGN", _("Get the safety plan signed"), "safetyplans SafetyPlan"),
    ("R-PLAN-CHILDVERSION", _("Make the child's version of the safety plan"), "safetyplans SafetyPlan"),
    ("R-PLAN-FIRSTREVIEW", _("Evaluate the new safety plan within a week"), "safetyplans SafetyPlan"),
    ("R-PLAN-EXPIRY", _("The safety plan expires soon"), "safetyplans SafetyPlan"),
    ("R-CLOSE-ITP", _("Prepare the A-document before the closure"), "cases Closure / FollowUpHelp"),
    ("R-REPORT", _("Send the report to the consultant"), "cases Report"),
    ("R-CONSULTANT-SYNC", _("Keep the consultant informed"), "cases Report"),
]

for _code, _title, _waits in _WAITING:
    if _code in _REGISTRY:  # written since: the real rule wins
        continue
    register(type(_code.replace("-", "_"), (WaitingRule,), {"code": _code, "title": _title, "waits_for": _waits}))
