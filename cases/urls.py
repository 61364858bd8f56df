from __future__ import annotations

from django.urls import path

from . import views, views_followup

urlpatterns = [
    path("", views.case_list, name="cases-list"),
    path("referral/new/", views.referral_new, name="cases-referral-new"),
    path("week/", views.my_week, name="cases-my-week"),
    path("intensity/", views.team_intensity_view, name="cases-intensity-team"),
    path("contacts/export/", views.contacts_export, name="cases-contacts-export"),
    path("<uuid:code>/", views.case_detail, name="cases-detail"),
    path("<uuid:code>/section/<slug:section>/", views.case_section, name="cases-section"),
    path("<uuid:case_code>/contacts/", views.contact_list, name="cases-contacts"),
    path("<uuid:case_code>/contacts/new/", views.contact_new, name="cases-contact-new"),
    path("<uuid:case_code>/contacts/<uuid:contact_code>/", views.contact_edit, name="cases-contact-edit"),
    path("<uuid:case_code>/referral/", views.referral_edit, name="cases-referral-edit"),
    path("<uuid:case_code>/assign/", views.assign, name="cases-assign"),
    path("<uuid:case_code>/start/", views.start, name="cases-start"),
    path("<uuid:case_code>/household/new/", views.person_new, name="cases-person-new"),
    path("<uuid:case_code>/household/<uuid:person_code>/", views.person_edit, name="cases-person-edit"),
    path("<uuid:case_code>/steps/<int:number>/", views.step_edit, name="cases-step-edit"),
    path("<uuid:case_code>/steps/<int:number>/confirm/", views.step_confirm, name="cases-step-confirm"),
    path("<uuid:case_code>/steps/<int:number>/revisit/", views.step_revisit, name="cases-step-revisit"),
    path("<uuid:case_code>/phases/", views.phases, name="cases-phases"),
    path("<uuid:case_code>/roles/", views.roles, name="cases-roles"),
    path("<uuid:case_code>/roles/<uuid:line_code>/delete/", views.role_delete, name="cases-role-delete"),
    path("<uuid:case_code>/evaluations/new/", views.evaluation_new, name="cases-evaluation-new"),
    path(
        "<uuid:case_code>/evaluations/<uuid:evaluation_code>/",
        views.evaluation_edit,
        name="cases-evaluation-edit",
    ),
    path("<uuid:case_code>/follow-up/", views_followup.follow_up_list, name="cases-follow-up"),
    path("<uuid:case_code>/follow-up/new/", views_followup.follow_up_new, name="cases-follow-up-new"),
    path(
        "<uuid:case_code>/follow-up/<uuid:follow_up_code>/",
        views_followup.follow_up_edit,
        name="cases-follow-up-edit",
    ),
    path(
        "<uuid:case_code>/follow-up/<uuid:follow_up_code>/delete/",
        views_followup.follow_up_delete,
        name="cases-follow-up-delete",
    ),
    path("<uuid:case_code>/close/", views.close, name="cases-close"),
    path("<uuid:case_code>/reopen/", views.reopen, name="cases-reopen"),
]
