"""Matrix rows for the framework and allauth URL patterns: login, logout, password, second factor,
language switch and health. Persona `half` (password, no second factor yet) may reach only the
login/logout, re-authentication, second-factor, language and health pages."""

from __future__ import annotations

from tests.authz import (
    ANYONE,
    GET_NOT_ALLOWED,
    LOGIN,
    MFA,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    POST_NOT_ALLOWED,
    Row,
    expect,
)

# Signed-in pages that anyone with a completed second factor may open.
SIGNED_IN = expect(OK)
# Signed-in pages that `half` may open too (enrolment, code entry, re-authentication).
BEFORE_MFA = expect(OK, half=OK)
# Pages for visitors who are not signed in (password reset, signup-closed notice, …).
PUBLIC = expect(OK, anon=OK, inactive_user=OK)
EVERYONE_TO_LOGIN = dict.fromkeys(ANYONE, LOGIN)
NO_AUTHENTICATOR = expect(NOT_FOUND, half=NOT_FOUND)
NO_KEY = expect(OK, half=NOT_FOUND)


def _someone_elses_session(case) -> dict[str, int]:
    """A session of a user who is none of the personas: ending it is a 404 for everyone."""
    from django.utils.crypto import get_random_string

    from cocon.accounts.models import SessionRecord
    from cocon.accounts.tests.factories import UserFactory

    record = SessionRecord.objects.create(user=UserFactory(), session_key=get_random_string(40))
    return {"pk": record.pk}


ROWS = [
    # "Mijn sessies": your own sessions only. Ending another person's session is a 404, like a
    # session that does not exist; ending your other sessions lands back on the list.
    Row("accounts-sessions", case_scoped=False, get=SIGNED_IN, post=POST_NOT_ALLOWED),
    Row(
        "accounts-session-end",
        kwargs=_someone_elses_session,
        case_scoped=False,
        get=GET_NOT_ALLOWED,
        post=expect(NOT_FOUND),
    ),
    Row("accounts-sessions-end-others", case_scoped=False, get=GET_NOT_ALLOWED, post=SIGNED_IN),
    Row("health", case_scoped=False, get=ANYONE, post=dict.fromkeys(ANYONE, NOT_ALLOWED)),
    Row("set_language", case_scoped=False, get=ANYONE, post=ANYONE, data=lambda case: {"language": "nl-be"}),
    # Login: signed-in users are sent on to the dashboard; an empty form re-renders with errors.
    Row("account_login", case_scoped=False, get=ANYONE, post=ANYONE),
    # Logout ends the session and lands on the login page; GET shows the confirmation to signed-in users.
    Row("account_logout", case_scoped=False, get=expect(OK, half=OK), post=EVERYONE_TO_LOGIN),
    Row("account_inactive", case_scoped=False, get=PUBLIC),
    Row("account_signup", case_scoped=False, get=PUBLIC, post=PUBLIC),
    Row("account_reauthenticate", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    Row("account_email", case_scoped=False, get=SIGNED_IN, post=SIGNED_IN),
    Row("account_email_verification_sent", case_scoped=False, get=PUBLIC),
    Row("account_confirm_email", kwargs=lambda case: {"key": "not-a-key"}, case_scoped=False, get=PUBLIC),
    Row("account_change_password", case_scoped=False, get=SIGNED_IN, post=SIGNED_IN),
    Row("account_set_password", case_scoped=False, get=SIGNED_IN, post=SIGNED_IN),
    Row("account_reset_password", case_scoped=False, get=PUBLIC, post=PUBLIC),
    Row("account_reset_password_done", case_scoped=False, get=PUBLIC),
    Row(
        "account_reset_password_from_key",
        kwargs=lambda case: {"uidb36": "0", "key": "not-a-token"},
        case_scoped=False,
        get=PUBLIC,
        post=PUBLIC,
    ),
    Row("account_reset_password_from_key_done", case_scoped=False, get=PUBLIC),
    # Login by code is off: signed-in users are sent on to the dashboard, others to the login page.
    Row("account_confirm_login_code", case_scoped=False, get=SIGNED_IN, post=SIGNED_IN),
    # Second factor.
    Row("mfa_index", case_scoped=False, get=BEFORE_MFA),
    # Code entry only exists inside a pending login (allauth's stage); otherwise it sends you on.
    Row("mfa_authenticate", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    Row("mfa_reauthenticate", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    Row("mfa_activate_totp", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    # Personas have no authenticator yet: pages about an existing one are a 404 (tests/security covers
    # them with an enrolled user).
    Row("mfa_deactivate_totp", case_scoped=False, get=NO_AUTHENTICATOR, post=NO_AUTHENTICATOR),
    Row("mfa_view_recovery_codes", case_scoped=False, get=NO_AUTHENTICATOR),
    Row("mfa_generate_recovery_codes", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    Row("mfa_download_recovery_codes", case_scoped=False, get=NO_AUTHENTICATOR),
    Row("mfa_list_webauthn", case_scoped=False, get=BEFORE_MFA),
    Row("mfa_add_webauthn", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    Row("mfa_reauthenticate_webauthn", case_scoped=False, get=BEFORE_MFA, post=BEFORE_MFA),
    # Signed in long ago (the personas' "at": 0): first sent to re-authenticate. `half` has just
    # entered the password, so reaches the view: no such key, 404.
    Row("mfa_remove_webauthn", kwargs=lambda case: {"pk": 0}, case_scoped=False, get=NO_KEY, post=NO_KEY),
    Row("mfa_edit_webauthn", kwargs=lambda case: {"pk": 0}, case_scoped=False, get=NO_KEY, post=NO_KEY),
]

__all__ = ["MFA", "ROWS"]
