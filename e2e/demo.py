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
KARIM_EMAIL = "karim@example.org"  # Samira's uncle, her JIM mentor (unless seeded with with_mentor=False)


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

    def mentorship(self, youth_email: str) -> tuple[int, str]:
        """The youth's latest mentorship: (id, status)."""
        with self._engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT mentorship.id, mentorship.status FROM mentorship JOIN user ON user.id = mentorship.youth_id"
                    " WHERE user.email = :email ORDER BY mentorship.id DESC"
                ),
                {"email": youth_email},
            ).first()
        assert row is not None, f"{youth_email} has no mentorship in the demo data"
        return row[0], row[1]

    def appointment_ids(self, email: str, answer: str | None = None, kind: str | None = None) -> list[int]:
        """The appointments `email` takes part in (oldest first), optionally only those with `email`'s answer
        `answer` and of kind `kind` (an AppointmentKind value such as "jim_overleg")."""
        sql = (
            "SELECT appointment.id FROM appointment"
            " JOIN appointment_participant AS p ON p.appointment_id = appointment.id"
            " JOIN user ON user.id = p.user_id WHERE user.email = :email"
        )
        if answer is not None:
            sql += " AND p.answer = :answer"
        if kind is not None:
            sql += " AND appointment.kind = :kind"
        values = {"email": email, "answer": answer, "kind": kind}
        with self._engine.connect() as connection:
            rows = connection.execute(text(sql + " ORDER BY appointment.id"), values)
            return [row[0] for row in rows]

    def answer(self, appointment_id: int, email: str) -> str:
        return self._one(
            "SELECT p.answer FROM appointment_participant AS p JOIN user ON user.id = p.user_id"
            " WHERE p.appointment_id = :appointment_id AND user.email = :email",
            appointment_id=appointment_id,
            email=email,
        )

    def household_status(self, email: str) -> str:
        """The status of the Steuntje in de rug sign-up (household) with this e-mail address."""
        return self._one("SELECT status FROM respite_household WHERE email = :email", email=email)

    def respite_requests(self, family_id: int) -> list[tuple[int, str]]:
        """The family's Steuntje in de rug requests as (id, status), oldest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, status FROM respite_request WHERE family_id = :family_id ORDER BY id"),
                {"family_id": family_id},
            )
            return [(row[0], row[1]) for row in rows]

    def respite_match(self, request_id: int) -> tuple[int, str]:
        """The newest match of a request: (id, status)."""
        with self._engine.connect() as connection:
            row = connection.execute(
                text("SELECT id, status FROM respite_match WHERE request_id = :request_id ORDER BY id DESC"),
                {"request_id": request_id},
            ).first()
        assert row is not None, f"request {request_id} has no match"
        return row[0], row[1]

    def dispose(self) -> None:
        self._engine.dispose()
