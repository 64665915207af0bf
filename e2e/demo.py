"""Read the demo story from an e2e server's database: the ids the journeys need in their URLs, and facts such as a
birth date. Read only: the journeys change the data through the app, like a user would.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, text

DEMO_PASSWORD = "onsplan-demo"
PETRA_EMAIL = "petra@example.org"
PETRA_TOTP_SECRET = "PETRAJANSENDEMO2FAONSPLANVENLO23"
SAMIRA_EMAIL = "samira@example.org"
HENDRIKS_EMAIL = "hendriks@example.org"
EMRE_EMAIL = "emre@example.org"
AYSE_EMAIL = "ayse@example.org"


class DemoData:
    """Queries against one server's SQLite database (a new connection per question, so nothing is kept open)."""

    def __init__(self, database_url: str) -> None:
        self._engine = create_engine(database_url)

    def _one(self, sql: str, **values: object):
        with self._engine.connect() as connection:
            row = connection.execute(text(sql), values).first()
        assert row is not None, f"not in the demo data: {sql} {values}"
        return row[0]

    def family_id(self, name: str) -> int:
        return self._one("SELECT id FROM family WHERE name = :name", name=name)

    def user_id(self, email: str) -> int:
        return self._one("SELECT id FROM user WHERE email = :email", email=email)

    def birth_date(self, email: str) -> date:
        value = self._one("SELECT birth_date FROM user WHERE email = :email", email=email)
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def goal_id(self, family_id: int, title: str) -> int:
        return self._one(
            "SELECT goal.id FROM goal JOIN plan ON plan.id = goal.plan_id"
            " WHERE plan.family_id = :family_id AND goal.title = :title",
            family_id=family_id,
            title=title,
        )

    def current_version(self, family_id: int) -> int:
        return self._one(
            "SELECT max(plan_version.number) FROM plan_version JOIN plan ON plan.id = plan_version.plan_id"
            " WHERE plan.family_id = :family_id",
            family_id=family_id,
        )

    def dispose(self) -> None:
        self._engine.dispose()
