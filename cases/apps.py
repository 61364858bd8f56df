from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cocon.accounts.models import Role
        from cocon.accounts.navigation import NavEntry, register_nav

        staff = frozenset({Role.CONTEXT_WORKER, Role.SUPERVISOR, Role.COORDINATOR, Role.CONSULTANT})
        register_nav(NavEntry("dashboard", _("Overview"), "dashboard", staff | {Role.ADMIN}, order=10))
        register_nav(NavEntry("cases", _("Cases"), "cases-list", staff, order=20))
