from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cases import views as case_views

from . import views

handler400 = "cocon.views.error_400"
handler403 = "cocon.views.error_403"
handler404 = "cocon.views.error_404"
handler500 = "cocon.views.error_500"

urlpatterns = [
    path("", case_views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    # Before allauth's own pages: "Mijn sessies" lives beside them under /accounts/.
    path("accounts/sessions/", include("cocon.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("cases.urls")),
    path("cases/<uuid:case_code>/network/", include("network.urls")),
    path("cases/<uuid:case_code>/safety/", include("safetyplans.urls")),
    path("cases/<uuid:case_code>/audit/", include("cocon.audit.urls")),
    path("capacity/", include("capacity.urls")),
    path("reminders/", include("reminders.urls")),
    path("insight/", include("insight.urls")),
    path("admin/", admin.site.urls),
]
