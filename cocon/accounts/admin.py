from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cocon.audit.services import audit_changes, audit_record

from .models import Organisation, Team, User
from .security import end_sessions

# What decides who may do what: a change to one of these is audited with its old and new value.
ACCESS_FIELDS = ["role", "team", "organisation", "is_active", "is_staff", "is_superuser"]


def require_recent_authentication(request: HttpRequest) -> None:
    """Step-up (SECURITY B8): a write needs a password or second factor from the last
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds. Otherwise allauth's middleware keeps the POST, asks for
    the password (or a code) and then replays the POST: nothing the beheerder filled in is lost."""
    if request.method == "POST" and get_adapter(request).is_reauthentication_required(app="cocon.accounts.admin"):
        raise ReauthenticationRequired


class StepUpAdminMixin:
    """Every write in this part of the admin (add, change, delete, bulk actions) asks for step-up."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_recent_authentication(request)
        return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_recent_authentication(request)
        return super().delete_view(request, *args, **kwargs)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_recent_authentication(request)
        return super().changelist_view(request, *args, **kwargs)  # type: ignore[misc]


@admin.register(User)
class UserAdmin(StepUpAdminMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["end_all_sessions"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Role"), {"fields": ("role", "team", "organisation", "fte", "max_caseload")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "team", "password1", "password2")}),)

    def user_change_password(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_recent_authentication(request)
        return super().user_change_password(request, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        old = User.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if old is None:
            return
        changes = audit_changes(obj, {f: getattr(old, f) for f in ACCESS_FIELDS}, ACCESS_FIELDS)
        if changes:
            audit_record(
                actor=request.user, action="accounts.user.access_changed", obj=obj, data=changes, request=request
            )

    @admin.action(description=_("End all sessions (log out everywhere)"))
    def end_all_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        total = 0
        for user in queryset:
            keep = request.session.session_key if user.pk == request.user.pk else None
            ended = end_sessions(user, keep=keep)
            total += ended
            audit_record(
                actor=request.user,
                action="accounts.session.ended_by_admin",
                obj=user,
                data={"sessions_ended": ended},
                request=request,
            )
        self.message_user(
            request,
            ngettext("%(count)d session has been ended.", "%(count)d sessions have been ended.", total)
            % {"count": total},
        )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "email"]
    list_filter = ["kind"]


def add_step_up_to_access_admins() -> None:
    """Groups (permissions), second factors and e-mail addresses (the login) are registered by Django
    and allauth; their admins get the same step-up. Called from AccountsConfig.ready(), after the
    admin has discovered every app's admin module."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    for model in (Group, Authenticator, EmailAddress):
        original = admin.site._registry.get(model)
        if original is None or isinstance(original, StepUpAdminMixin):
            continue
        admin.site.unregister(model)
        admin.site.register(model, type(f"StepUp{type(original).__name__}", (StepUpAdminMixin, type(original)), {}))
