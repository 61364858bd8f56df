"""Step-up (SECURITY B8) for the sensitive operations outside the admin: bulk exports, giving a
consultant access to a case, and making or renewing the secret address of one's calendar feed.

Same mechanism as the admin's (`cocon.accounts.admin.require_recent_authentication`), but for GET as
well: a download is a GET. allauth's middleware turns `ReauthenticationRequired` into a redirect to
the re-authentication page with `next` set to this request's full path (query string included); a
POST is kept in the session and replayed after the password or code, so nothing typed is lost.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpRequest


def require_step_up(request: HttpRequest) -> None:
    """Raise `ReauthenticationRequired` unless the password or second factor was entered in the last
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds. Call it after the authorization checks (a forbidden
    person gets their 403, not a password question) and before anything is read out or written."""
    if get_adapter(request).is_reauthentication_required(app="cocon.accounts.stepup"):
        raise ReauthenticationRequired
