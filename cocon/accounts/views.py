"""The signed-in person's own account pages that allauth does not provide: "Mijn sessies" (SECURITY C5)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cocon.audit.services import audit_record

from .security import active_sessions, end_one_session, end_sessions


@require_GET
@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    sessions = active_sessions(request.user, request.session.session_key)
    others = sum(1 for s in sessions if not s.current)
    context = {
        "sessions": sessions,
        "others": others,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "absolute_hours": settings.SESSION_ABSOLUTE_SECONDS // 3600,
    }
    return render(request, "accounts/sessions.html", context)


@require_POST
@login_required
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of your own sessions; another person's session is a 404, like one that does not exist."""
    current = request.session.session_key
    key = end_one_session(request.user, pk)
    if key is None:
        raise Http404
    audit_record(
        actor=request.user,
        action="accounts.session.ended",
        obj=request.user,
        data={"session": pk, "current": key == current},
        request=request,
    )
    if key == current:
        logout(request)  # ending the session you are using is logging out
        return redirect("account_login")
    messages.success(request, _("The session has been ended. That device has to log in again."))
    return redirect("accounts-sessions")


@require_POST
@login_required
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = end_sessions(request.user, keep=request.session.session_key)
    audit_record(
        actor=request.user,
        action="accounts.session.ended_others",
        obj=request.user,
        data={"sessions_ended": ended},
        request=request,
    )
    if ended:
        messages.success(
            request,
            ngettext("%(count)d other session has been ended.", "%(count)d other sessions have been ended.", ended)
            % {"count": ended},
        )
    else:
        messages.info(request, _("There were no other sessions to end."))
    return redirect("accounts-sessions")
