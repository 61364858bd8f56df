"""The least-privilege PostgreSQL role the app connects as (SECURITY H2).

Two roles in production: the *owner* runs `migrate` and owns every table; the *app role* is what the
web process, the Celery worker and beat connect as. The app role may read and write every table except
the audit log and its hash chain, where it may only INSERT and SELECT: UPDATE, DELETE and TRUNCATE are
refused by the privilege check itself (`permission denied`), before the append-only triggers of
migrations 0002-0004 are even reached. That also makes the test-only GUC `cocon.allow_audit_truncate`
harmless on an app connection: without the TRUNCATE privilege there is nothing to allow.

The hash chain (`audit_auditseal`) gets the same INSERT, SELECT as the events: beat seals every minute
through the app's own connection (`cocon.audit.chain.seal_pending` only selects and inserts), so a
separate sealing role would buy nothing — an attacker holding the app role can append events either
way, and neither role can change or remove a link.

The grants are idempotent: everything the app role had is revoked first and granted again, in one
transaction. Run them after every `migrate` (default privileges cover new tables too, but a rerun also
repairs a hand-made grant).
"""

from __future__ import annotations

import re

from django.db import connection, transaction

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditseal")
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(Exception):
    pass


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def check_name(role: str) -> None:
    if not ROLE_NAME.match(role):
        raise RoleError(f"Role names are lower-case letters, digits and underscores: {role!r}.")


def _owner_and_database() -> tuple[str, str]:
    if connection.vendor != "postgresql":
        raise RoleError("The app role is a PostgreSQL role: point DATABASE_URL at the PostgreSQL database.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner), current_database() FROM pg_class WHERE oid = %s::regclass",
            [APPEND_ONLY_TABLES[0]],
        )
        row = cursor.fetchone()
    if row is None:
        raise RoleError("audit_auditevent does not exist: run migrate first.")
    return row[0], row[1]


def app_role_sql(role: str, *, schema: str = "public") -> list[str]:
    """The statements that give `role` what the app needs, and no more on the audit tables."""
    check_name(role)
    owner, database = _owner_and_database()
    r, s, o = _q(role), _q(schema), _q(owner)
    audit = ", ".join(_q(t) for t in APPEND_ONLY_TABLES)
    return [
        f"GRANT CONNECT ON DATABASE {_q(database)} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        # Start from nothing, so a rerun also takes away whatever was granted by hand.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",  # nextval, not setval
        # The audit log and its hash chain: append-only for the app.
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE {audit} FROM {r}",
        f"REVOKE ALL ON TABLE {audit} FROM PUBLIC",
        # Tables and sequences that later migrations create (as the owner) get the ordinary grants.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]


def check_role(role: str) -> None:
    """Refuse a role for which the grants mean nothing: a superuser, or the owner of the audit tables
    (or a member of the owner role), bypass every grant."""
    check_name(role)
    owner, _database = _owner_and_database()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise RoleError(
                f"Role {role} does not exist. Create it first, e.g. CREATE ROLE {role} LOGIN PASSWORD '...';"
            )
        if row[0]:
            raise RoleError(f"Role {role} is a superuser: it bypasses every grant. Use an ordinary role.")
        cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", [role, owner])
        if cursor.fetchone()[0]:
            raise RoleError(
                f"Role {role} owns the audit tables (or is a member of their owner {owner}): owners bypass "
                "grants. Let another role own the tables and run migrate."
            )


def apply_app_role(role: str, *, schema: str = "public") -> list[str]:
    """Check the role and run the grants in one transaction. Returns the statements run."""
    check_role(role)
    statements = app_role_sql(role, schema=schema)
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
