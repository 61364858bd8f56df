from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyplansConfig(AppConfig):
    name = "safetyplans"
    verbose_name = _("Safety plans")
