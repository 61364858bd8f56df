from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.caseload, name="insight-caseload"),
    path("fidelity/", views.fidelity, name="insight-fidelity"),
    path("flow/", views.flow, name="insight-flow"),
    path("cases/<slug:measure>/", views.case_list, name="insight-cases"),
    path("export/<slug:table>.csv", views.export_csv, name="insight-export"),
]
