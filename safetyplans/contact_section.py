"""The agreements looked at during a visit: a section of the contact form in `cases` (issue 5, item 1).

Registered in apps.py through `cases.contact_sections`. It lists the agreements of the plan in force as
large checkboxes, each with an optional outcome; saving the contact links them to it and records the
checks with the monitoring page's service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import AgreementCheck, AgreementStatus, CheckOutcome, ContactAgreement

# The outcomes of a check the monitoring page offers for a kept or broken agreement (DOMAIN §5.17).
OUTCOMES = [
    (CheckOutcome.KEPT, CheckOutcome.KEPT.label),
    (CheckOutcome.KEPT_PARTLY, CheckOutcome.KEPT_PARTLY.label),
    (CheckOutcome.NOT_KEPT_CHILD_SAFE, CheckOutcome.NOT_KEPT_CHILD_SAFE.label),
    (CheckOutcome.NOT_KEPT_UNSAFE, CheckOutcome.NOT_KEPT_UNSAFE.label),
]


class PlanAgreementsSection(forms.Form):
    template_name_section = "safetyplans/contact_section.html"

    looked_at = forms.MultipleChoiceField(
        label=_("Agreements looked at during this contact"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input sp-look-box"}),
    )

    def __init__(self, data: Any = None, *, plan: Any, agreements: list[Any]) -> None:
        super().__init__(data, prefix="plan")
        self.plan = plan
        self.agreements = agreements
        self.fields["looked_at"].choices = [
            (str(a.code), f"A{a.number} · {Truncator(a.text).chars(80)}") for a in agreements
        ]
        for agreement in agreements:
            self.fields[f"outcome_{agreement.code}"] = forms.ChoiceField(
                label=_("Outcome for A%(number)s") % {"number": agreement.number},
                choices=[("", _("no outcome, only discussed")), *OUTCOMES],
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """(agreement, its checkbox, its outcome field) in the order of the plan."""
        boxes = list(self["looked_at"])
        return [(a, box, self[f"outcome_{a.code}"]) for a, box in zip(self.agreements, boxes, strict=True)]

    def chosen(self) -> list[tuple[Any, str]]:
        # An outcome only counts for a ticked agreement: the page hides it once the box is unticked.
        ticked = set(self.cleaned_data.get("looked_at") or [])
        return [(a, self.cleaned_data.get(f"outcome_{a.code}") or "") for a in self.agreements if str(a.code) in ticked]

    def save(self, *, contact: Any, actor: Any) -> list[str]:
        checks = services.contact_agreements_record(contact=contact, actor=actor, looked_at=self.chosen())
        return [
            gettext(
                "A%(number)s not kept and unsafe: inform the supervisor, the coordinator and the consultant today, "
                "and record an incident if a bottom line was breached."
            )
            % {"number": check.agreement.number}
            for check in checks
            if check.outcome == CheckOutcome.NOT_KEPT_UNSAFE
        ]


def section_form(case: Any, data: Any = None) -> PlanAgreementsSection | None:
    """The section for a case with a plan in force (and agreements); None otherwise."""
    if case.is_closed:
        return None
    plan = selectors.current_plan(case)
    if plan is None:
        return None
    agreements = list(plan.agreements.exclude(status=AgreementStatus.ENDED).select_related("plan").order_by("number"))
    if not agreements:
        return None
    return PlanAgreementsSection(data, plan=plan, agreements=agreements)


def section_summaries(contacts: list[Any]) -> dict[int, list[str]]:
    """{contact pk: ["A4 (v2.0) · Sarah drinkt … — kept", …]} in two queries for a page of contacts."""
    pks = [c.pk for c in contacts]
    links = (
        ContactAgreement.objects.filter(contact_id__in=pks)
        .select_related("agreement__plan")
        .order_by("contact_id", "agreement__number")
    )
    outcomes = {
        (check.contact_id, check.agreement_id): check.get_outcome_display()
        for check in AgreementCheck.objects.filter(contact_id__in=pks).only("contact_id", "agreement_id", "outcome")
    }
    result: dict[int, list[str]] = {}
    for link in links:
        agreement = link.agreement
        line = f"A{agreement.number} (v{agreement.plan.label}) · {Truncator(agreement.text).chars(70)}"
        outcome = outcomes.get((link.contact_id, agreement.pk))
        if outcome:
            line += f" — {outcome}"
        result.setdefault(link.contact_id, []).append(line)
    return result
