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
    ("R-PLAN-CHILDVERSION", _("Make the child's version of the safety plan"), "safetyplans SafetyPlan"),
    ("R-CLOSE-ITP", _("Prepare the A-document before the closure"), "cases Closure / FollowUpHelp"),
]

for _code, _title, _waits in _WAITING:
    if _code in _REGISTRY:  # written since: the real rule wins
        continue
    register(type(_code.replace("-", "_"), (WaitingRule,), {"code": _code, "title": _title, "waits_for": _waits}))
