"""PostgreSQL privileges for the application's own role: everything it needs, and on the access log only SELECT and
INSERT. Migrations run as the tables' owner; the app logs in as this role, so neither a bug nor an attacker who
reaches the app's connection can change, delete or truncate the log (the owner could: keep that account offline).
"""

from __future__ import annotations

import re

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_grants(role: str) -> list[str]:
    """The statements the owner runs after `alembic upgrade head` (`flask audit-grants onsplan_app | psql ...`)."""
    if not ROLE_NAME.match(role):
        raise ValueError("a role name is lower-case letters, digits and _")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
        # Tables added by later migrations (run by the same owner) get the ordinary rights by default.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
