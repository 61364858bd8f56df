"""B2: credential stuffing and distributed guessing, and which address counts (X-Forwarded-For).

Three limits work together (cocon/settings.py):
- axes: 5 failures for one (account, address) lock that pair for 15 minutes (429);
- allauth, per account whatever the address: 10 failures in 5 minutes and the account refuses every
  password, the right one too, until the window has passed;
- allauth, per address whatever the account: 20 failures in a minute and the address is refused.
"""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from cocon.audit.models import AuditEvent

from .conftest import password_login

WRONG = "wrong-password-123"
THROTTLED = "Te veel inlogpogingen"


def _refused(response) -> bool:
    """Refused by a limit: axes' 429, or allauth's "too many attempts" on the form."""
    return response.status_code == 429 or THROTTLED in response.content.decode()


def _logged_in(response, client: Client) -> bool:
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_one_address_guessing_fifty_accounts_is_throttled_within_twenty_attempts(worker):
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    accounts = [f"persoon{i}@cocon.example" for i in range(49)] + [worker.email]
    refused_from = next(
        (n for n, email in enumerate(accounts, start=1) if _refused(password_login(attacker, email, WRONG))), None
    )
    assert refused_from is not None and refused_from <= 21  # at most 20 guesses got an answer
    # The throttled address cannot use the right password either; the real user elsewhere can.
    assert _refused(password_login(attacker, worker.email))
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert _logged_in(password_login(elsewhere, worker.email), elsewhere)


def test_throttled_address_may_try_again_after_a_minute(worker):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        attacker = Client(REMOTE_ADDR="192.0.2.66")
        for i in range(21):
            password_login(attacker, f"persoon{i}@cocon.example", WRONG)
        assert _refused(password_login(attacker, worker.email))
        traveller.shift(timedelta(minutes=1, seconds=1))
        response = password_login(attacker, worker.email)
    assert _logged_in(response, attacker)


def test_twenty_addresses_guessing_one_account_are_stopped_per_account(worker):
    """Each address guesses once (axes, per account and address, never sees 5): the per-account limit
    stops the attack after 10 guesses, whichever address they come from."""
    answered = 0
    for i in range(20):
        response = password_login(Client(REMOTE_ADDR=f"203.0.113.{i + 1}"), worker.email, WRONG)
        if _refused(response):
            break
        answered += 1
    assert answered == 10
    # Every further guess is refused, from any address, even with the right password.
    for i in range(20, 25):
        assert _refused(password_login(Client(REMOTE_ADDR=f"203.0.113.{i + 1}"), worker.email))
    assert _refused(password_login(Client(REMOTE_ADDR="198.51.100.20"), worker.email))
    assert AuditEvent.objects.filter(action="accounts.login.failed", object_id=str(worker.code)).count() >= 10


def test_many_addresses_staying_under_the_axes_limit_are_stopped_too(worker):
    """Four guesses per address (one under axes' lock) from three addresses: 12 guesses, refused from the 11th."""
    outcomes = []
    for i in range(3):
        client = Client(REMOTE_ADDR=f"203.0.113.{i + 1}")
        outcomes += [_refused(password_login(client, worker.email, WRONG)) for _ in range(4)]
    assert outcomes == [False] * 10 + [True] * 2


def test_the_real_user_logs_in_within_fifteen_minutes_after_a_distributed_attack_stops(worker):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i in range(40):
            password_login(Client(REMOTE_ADDR=f"203.0.113.{i + 1}"), worker.email, WRONG)
        own = Client(REMOTE_ADDR="198.51.100.20")
        assert _refused(password_login(own, worker.email))
        traveller.shift(timedelta(minutes=15))
        response = password_login(own, worker.email)
    assert _logged_in(response, own)


def test_other_accounts_are_not_stopped_by_an_attack_on_one(worker, co_worker):
    for i in range(15):
        password_login(Client(REMOTE_ADDR=f"203.0.113.{i + 1}"), worker.email, WRONG)
    client = Client(REMOTE_ADDR="198.51.100.20")
    assert _logged_in(password_login(client, co_worker.email), client)


def test_a_spoofed_forwarded_for_from_a_client_is_ignored(worker):
    """No trusted proxy: a fresh X-Forwarded-For per guess does not make a fresh address."""
    client = Client(REMOTE_ADDR="192.0.2.66")
    for i in range(5):
        password_login(client, worker.email, WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{i + 1}")
    assert password_login(client, worker.email, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    addresses = set(AuditEvent.objects.filter(action="accounts.login.failed").values_list("ip_address", flat=True))
    assert addresses == {"192.0.2.66"}


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_trusted_proxy_each_client_address_counts_for_itself(worker):
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66")
    for _ in range(5):
        password_login(attacker, worker.email, WRONG)
    assert password_login(attacker, worker.email).status_code == 429
    # Another client through the same proxy is not locked out with the attacker.
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert _logged_in(password_login(colleague, worker.email), colleague)
    addresses = set(AuditEvent.objects.filter(action__startswith="accounts.login").values_list("ip_address", flat=True))
    assert addresses == {"192.0.2.66", "198.51.100.20"}


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_only_the_right_most_untrusted_hop_counts_behind_the_proxy(worker):
    """The client may prepend anything to the header; the proxy appends the address it saw."""
    for i in range(5):
        spoofed = f"10.{i}.0.1, 192.0.2.66"  # "10.x" typed by the client, "192.0.2.66" added by the proxy
        password_login(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=spoofed), worker.email, WRONG)
    locked = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.0.1, 192.0.2.66")
    assert password_login(locked, worker.email).status_code == 429


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_client_that_is_not_the_proxy_cannot_claim_an_address(worker):
    client = Client(REMOTE_ADDR="192.0.2.66")
    password_login(client, worker.email, WRONG, HTTP_X_FORWARDED_FOR="198.51.100.1")
    event = AuditEvent.objects.get(action="accounts.login.failed")
    assert event.ip_address == "192.0.2.66"
