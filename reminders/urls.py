from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.reminder_list, name="reminders-list"),
    path("<uuid:code>/go/", views.reminder_go, name="reminders-go"),
    path("<uuid:code>/done/", views.reminder_done, name="reminders-done"),
    path("<uuid:code>/snooze/", views.reminder_snooze, name="reminders-snooze"),
    path("<uuid:code>/dismiss/", views.reminder_dismiss, name="reminders-dismiss"),
    path("calendar/", views.calendar, name="reminders-calendar"),
    path("settings/", views.team_settings, name="reminders-settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="reminders-ical"),
]
