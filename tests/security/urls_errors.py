"""Test-only URLs that fail on purpose (E3): the project's URLs plus views that raise."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import DatabaseError
from django.urls import path

from cocon import urls as project

SECRET_SQL = 'relation "cocon_secret" does not exist LINE 1: SELECT password_hash FROM cocon_secret WHERE id = 7'


def broken(request):
    raise DatabaseError(SECRET_SQL)


def forbidden(request):
    raise PermissionDenied("internal reason: role check rules.cases.write")


def suspicious(request):
    raise SuspiciousOperation("internal reason: tampered signature")


urlpatterns = [
    path("test-errors/500/", broken),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    *project.urlpatterns,
]
handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
