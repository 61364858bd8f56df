from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        from cocon.accounts.models import Role
        from cocon.accounts.navigation import NavEntry, register_nav

        register_nav(
            NavEntry(
                "insight",
                _("Insight"),
                "insight-caseload",
                frozenset({Role.COORDINATOR, Role.SUPERVISOR}),
                order=45,
                visible=lambda user: bool(getattr(user, "team_id", None)),
            )
        )
