from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _create_steps(sender, instance, created, raw=False, **kwargs):
    """Every case has its 13 trajectory steps, however it was created (service, factory, demo, import)."""
    if created and not raw:
        from .services import steps_ensure

        steps_ensure(case=instance)


def _step_1_evidence(case):
    # Step 1 produces the first contact (kennismaking): the case's start date.
    return case.started_on or False


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cocon.accounts.models import Role
        from cocon.accounts.navigation import NavEntry, register_nav

        from .models import Case
        from .selectors import case_timeline_items
        from .timeline import register_timeline_source
        from .trajectory import register_step_evidence

        post_save.connect(_create_steps, sender=Case, dispatch_uid="cases.create_steps")
        register_step_evidence(1, _step_1_evidence)
        register_timeline_source(case_timeline_items)

        staff = frozenset({Role.CONTEXT_WORKER, Role.SUPERVISOR, Role.COORDINATOR, Role.CONSULTANT})
        register_nav(NavEntry("dashboard", _("Overview"), "dashboard", staff | {Role.ADMIN}, order=10))
        register_nav(NavEntry("cases", _("Cases"), "cases-list", staff, order=20))
        register_nav(
            NavEntry("referral", _("New referral"), "cases-referral-new", frozenset({Role.COORDINATOR}), order=25)
        )
        register_nav(NavEntry("my-week", _("My week"), "cases-my-week", frozenset({Role.CONTEXT_WORKER}), order=30))
        register_nav(
            NavEntry(
                "intensity",
                _("Intensity"),
                "cases-intensity-team",
                frozenset({Role.COORDINATOR, Role.SUPERVISOR}),
                order=30,
            )
        )
