from __future__ import annotations

from django.urls import path

from . import views

# Included under cases/<uuid:case_code>/audit/
urlpatterns = [
    path("", views.case_audit_log, name="audit-case-log"),
    path("persons/<uuid:person_code>/export/", views.person_export, name="audit-person-export"),
]
