from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="cases-list"),
    path("<uuid:code>/", views.case_detail, name="cases-detail"),
]
