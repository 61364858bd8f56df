from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_sessions, name="accounts-sessions"),
    path("<int:pk>/end/", views.end_session, name="accounts-session-end"),
    path("end-others/", views.end_other_sessions, name="accounts-sessions-end-others"),
]
