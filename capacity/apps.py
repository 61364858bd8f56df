from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _match_started_case(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A case of the team that starts fills the oldest open declared place (the automatic matcher)."""
    if raw or not instance.started_on:
        return
    if update_fields is not None and not {"started_on", "status"} & set(update_fields):
        return
    from .services import capacity_match_started_case

    capacity_match_started_case(case=instance)


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = _("Capacity")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cases.models import Case
        from cases.panels import CasePanel, register_case_panel
        from cocon.accounts.models import Role
        from cocon.accounts.navigation import NavEntry, register_nav

        from .panels import free_place_panel

        register_case_panel(
            CasePanel(
                key="capacity.free_place", template="capacity/panel_free_place.html", context=free_place_panel, order=90
            )
        )
        post_save.connect(_match_started_case, sender=Case, dispatch_uid="capacity.match_started_case")
        register_nav(
            NavEntry(
                "capacity",
                _("Capacity"),
                "capacity-overview",
                frozenset({Role.COORDINATOR, Role.SUPERVISOR}),
                order=40,
                visible=lambda user: bool(getattr(user, "team_id", None)),
            )
        )
