from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocon.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        import cocon.checks  # noqa: F401  (project deploy checks)

        from . import signals  # noqa: F401  (session index, MFA enrolment, ending sessions)

        # The admin's own login page would bypass allauth (and so the second factor and axes):
        # anonymous visitors go to the allauth login, signed-in non-staff get a 403.
        admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

        from .admin import add_step_up_to_access_admins

        add_step_up_to_access_admins()
