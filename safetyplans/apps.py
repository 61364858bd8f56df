from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyplansConfig(AppConfig):
    name = "safetyplans"
    verbose_name = _("Safety plans")

    def ready(self) -> None:
        # cases never imports this app: we contribute to its case page, trajectory and timeline here.
        from cases.contact_sections import ContactSection, register_contact_section
        from cases.panels import CasePanel, register_case_panel
        from cases.timeline import register_timeline_source
        from cases.trajectory import register_step_evidence

        from . import contact_section, integration

        register_case_panel(
            CasePanel(
                key="safetyplans-scaling",
                template="safetyplans/panels/scaling.html",
                context=integration.scaling_panel_context,
                order=30,
            )
        )
        register_case_panel(
            CasePanel(
                key="safetyplans-plan",
                template="safetyplans/panels/plan.html",
                context=integration.plan_panel_context,
                order=25,
                area="summary",
            )
        )
        register_contact_section(
            ContactSection(
                key="safetyplans-agreements",
                title=_("Agreements looked at"),
                form=contact_section.section_form,
                summaries=contact_section.section_summaries,
            )
        )
        for step, fn in integration.STEP_EVIDENCE.items():
            register_step_evidence(step, fn)
        register_timeline_source(integration.timeline_items)
