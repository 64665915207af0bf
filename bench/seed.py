"""A fresh benchmark database: the demo story (the people the bench logs in as) plus N generated families.

The demo story (with Samira's plan) goes in through the app's own services, exactly as `flask seed-demo` does, so
the pages looked at are the same at every size. The generated families go in with SQLAlchemy core `executemany`
inserts and ids chosen here (no RETURNING round trips), a thousand families per batch: 10,000 families take seconds.
"""

from __future__ import annotations

import hashlib
import random
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, func, select, text
from sqlmodel import SQLModel

from webapp import create_app
from webapp.audit import chain as audit_chain
from webapp.clock import age_on
from webapp.config import Config
from webapp.db import database, session_scope
from webapp.demo.story import seed as seed_demo
from webapp.migrate import upgrade
from webapp.models import AuditAction, FutureDomain, GoalStatus, Relation, Role, ZrmDomain

SECRET_KEY = "bench"  # noqa: S105 - a throw-away database on 127.0.0.1
SAMIRA = "samira@example.org"
PETRA = "petra@example.org"
PETRA_TOTP = "PETRAJANSENDEMO2FAONSPLANVENLO23"
PASSWORD = "onsplan-demo"  # noqa: S105 - the documented demo password

FAMILIES_PER_REGISSEUR = 25
BATCH = 1000  # families per flush
# Parents before children: inserts run in this order.
TABLE_ORDER = (
    "organisation",
    "user",
    "user_role",
    "family",
    "family_member",
    "plan",
    "goal",
    "goal_note",
    "action",
    "involved",
    "zrm_score",
    "plan_version",
    "plan_response",
    "sharing_choice",
    "toekomstplan",
    "future_domain_entry",
    "future_step",
    "checklist_tick",
    "audit_event",
    "mentorship",
    "respite_request",
    "conversation",
    "message",
    "conversation_read",
    "appointment",
    "appointment_participant",
)
TABLES = SQLModel.metadata.tables

FIRST_NAMES = ("Noah", "Sem", "Lina", "Yara", "Daan", "Fenna", "Amira", "Bilal", "Zeynep", "Milan", "Julia", "Adam")
SURNAMES = ("de Jong", "Jansen", "Bakker", "El Amrani", "Öztürk", "Peeters", "Smeets", "Nowak", "Koval", "Hermans")
GOALS = (
    "Ik ga elke dag naar school",
    "We maken thuis minder ruzie",
    "Ik vind een bijbaan",
    "Mama krijgt hulp bij de schulden",
    "Ik sport twee keer per week",
    "We eten samen op zondag",
    "Ik leer zelf koken",
    "Ik haal mijn diploma",
)
ACTIONS = ("Afspraak maken met school", "Brief sturen naar de bank", "Bellen met de huisarts", "Formulier invullen")


RESPITE_SHARE = 0.12  # families with a request for Steuntje in de rug
MESSAGES_PER_FAMILY = 12  # at most, in the family's conversation with its regisseur
MESSAGES = (
    "Kunnen we de afspraak van donderdag verzetten?",
    "Het gaat deze week beter op school.",
    "Ik heb het formulier ingevuld en opgestuurd.",
    "Wanneer komt u weer langs?",
    "Dank je wel voor het meedenken!",
    "Emre heeft zijn toets gehaald.",
)


def petra_share(families: int) -> int:
    """Generated families whose regisseur is Petra: a realistic caseload from 1,000 families up."""
    return 40 if families >= 1000 else min(2, families)


@dataclass(frozen=True)
class Seeded:
    families: int
    seconds: float  # demo story + generated families (not the migrations)
    rows: dict[str, int]  # generated rows per table
    plan_family_id: int  # Samira's family, Haddou
    caseload: int  # families Petra is regisseur of


@dataclass(frozen=True)
class Member:
    id: int
    first_name: str
    relation: str
    birth_date: date | None
    has_login: bool


@dataclass(frozen=True)
class Regisseur:
    id: int
    name: str
    gemeente_id: int | None
    organisation: str


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """An empty database URL, removed afterwards: SQLite in a temp dir, or a throw-away PostgreSQL cluster."""
    if kind == "postgres":
        from tests.postgres import temporary_cluster  # only this option needs the test helpers

        with temporary_cluster() as url:
            yield url
    else:
        with tempfile.TemporaryDirectory(prefix="onsplan-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"


def bench_config(url: str) -> Config:
    return Config(
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=url,
        DEMO=True,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        WTF_CSRF_SSL_STRICT=False,
    )


def seed(url: str, families: int) -> Seeded:
    """Migrate `url`, load the demo story and add `families` generated families."""
    upgrade(url)
    app = create_app(bench_config(url))
    started = time.perf_counter()
    with app.app_context():
        with session_scope(app) as db:
            seed_demo(db)
        engine = database(app).engine
        with engine.begin() as conn:
            writer = Writer(conn)
            Generator(writer, conn, families).run(families)
            if conn.dialect.name == "postgresql":
                writer.reset_sequences()
                conn.execute(text("ANALYZE"))  # what autovacuum would have done on a live server
        seconds = time.perf_counter() - started
        with engine.connect() as conn:
            plan_family_id, caseload = _lookups(conn)
        engine.dispose()
    return Seeded(families, seconds, dict(writer.counts), plan_family_id, caseload)


def _lookups(conn: Connection) -> tuple[int, int]:
    user, family, member = TABLES["user"], TABLES["family"], TABLES["family_member"]
    plan_family_id = conn.execute(
        select(family.c.id)
        .join(member, member.c.family_id == family.c.id)
        .join(user, user.c.id == member.c.user_id)
        .where(user.c.email == SAMIRA, family.c.name == "Haddou")
    ).scalar_one()
    petra_id = select(user.c.id).where(user.c.email == PETRA).scalar_subquery()
    caseload = conn.execute(select(func.count()).where(family.c.regisseur_id == petra_id)).scalar_one()
    return plan_family_id, caseload


class Writer:
    """Collects rows per table, with ids chosen here, and inserts them in foreign-key order."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self.next_id: dict[str, int] = {}
        self.audit_prev: str | None = None  # the access log's chain continues from the last stored row

    def add(self, table: str, **values: object) -> dict:
        columns = TABLES[table].c
        if "id" in columns:
            if table not in self.next_id:
                self.next_id[table] = (self.conn.execute(select(func.max(columns.id))).scalar() or 0) + 1
            values["id"] = self.next_id[table]
            self.next_id[table] += 1
        if table == "audit_event":  # chained in id order, as the app does (webapp/audit/chain.py)
            if self.audit_prev is None:
                self.audit_prev = audit_chain.tail(self.conn)[1]
            values.setdefault("subject_name", "")
            values["prev_hash"] = self.audit_prev
            values["row_hash"] = self.audit_prev = audit_chain.link(self.audit_prev, values)
        self.rows[table].append(values)
        return values

    def flush(self) -> None:
        for name in TABLE_ORDER:
            rows = self.rows.pop(name, [])
            if not rows:
                continue
            table = TABLES[name]
            known = set(table.c.keys())
            if set(rows[0]) - known:  # a column was dropped from the model while this file stayed the same
                rows = [{k: v for k, v in row.items() if k in known} for row in rows]
            self.conn.execute(table.insert(), rows)
            self.counts[name] += len(rows)
        assert not self.rows, f"tables missing from TABLE_ORDER: {sorted(self.rows)}"

    def reset_sequences(self) -> None:
        """PostgreSQL: explicit ids leave the SERIAL sequences behind; move them past the rows written."""
        quote = self.conn.dialect.identifier_preparer.quote
        for name, next_id in self.next_id.items():
            self.conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{quote(name)}', 'id'), {next_id - 1})"))


class Generator:
    def __init__(self, writer: Writer, conn: Connection, seed: int) -> None:
        self.w = writer
        self.conn = conn
        self.rng = random.Random(seed)  # noqa: S311 - repeatable fake data, not secrets
        self.now = datetime.now(UTC)
        self.today = self.now.date()
        user = TABLES["user"]
        self.password_hash = conn.execute(select(user.c.password_hash).where(user.c.email == SAMIRA)).scalar_one()
        self.petra = self._regisseur(conn.execute(select(user.c.id).where(user.c.email == PETRA)).scalar_one())

    def run(self, families: int) -> None:
        regisseurs = self._regisseurs(max(1, round(families / FAMILIES_PER_REGISSEUR)))
        self.meldpunt_id = self.w.add("organisation", name="Meldpunt Bench", kind="meldpunt", region="Limburg")["id"]
        share = petra_share(families)
        for index in range(families):
            regisseur = self.petra if index < share else regisseurs[index % len(regisseurs)]
            self._family(regisseur)
            if index % BATCH == BATCH - 1:
                self.w.flush()
        self.w.flush()

    # --- people ----------------------------------------------------------------------------------------------

    def _regisseur(self, user_id: int) -> Regisseur:
        user, org = TABLES["user"], TABLES["organisation"]
        row = self.conn.execute(
            select(user.c.name, user.c.organisation_id, org.c.name)
            .select_from(user)
            .outerjoin(org, org.c.id == user.c.organisation_id)
            .where(user.c.id == user_id)
        ).one()
        return Regisseur(user_id, row[0], row[1], row[2] or "")

    def _regisseurs(self, count: int) -> list[Regisseur]:
        gemeenten = []
        for number in range(min(count, 12)):
            row = self.w.add("organisation", name=f"Gemeente Bench {number + 1}", kind="gemeente", region="Limburg")
            gemeenten.append((row["id"], row["name"]))
        regisseurs = []
        for number in range(count):
            gemeente_id, gemeente = gemeenten[number % len(gemeenten)]
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            user_id = self._user(name, None, Role.REGISSEUR, gemeente_id, "Gezinscoach")
            regisseurs.append(Regisseur(user_id, name, gemeente_id, gemeente))
        return regisseurs

    def _user(self, name: str, birth: date | None, role: Role | None, org_id: int | None = None, job: str = "") -> int:
        row = self.w.add(
            "user",
            name=name,
            email=None,
            password_hash=self.password_hash if role else None,
            language=self.rng.choice(("nl", "nl", "nl", "en", "ar", "tr", "pl", "uk")),
            birth_date=birth,
            phone="06 1234 5678",
            job_title=job,
            organisation_id=org_id,
            active=True,
            totp_secret=None,
            totp_last_counter=None,
            created_at=self.now,
        )
        if role:
            row["email"] = f"{role.value}{row['id']}@bench.example.org"
            self.w.add("user_role", user_id=row["id"], role=role.value)
        return row["id"]

    def _born(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low * 365, high * 365 + 300))

    def _family(self, regisseur: Regisseur) -> None:
        surname = self.rng.choice(SURNAMES)
        carer = Relation.PLEEGOUDER if self.rng.random() < 0.2 else Relation.OUDER
        people = [(Relation.JONGERE, Role.JONGERE, self._born(12, 20))]
        people += [(carer, Role(carer.value), self._born(35, 55)) for _ in range(self.rng.randint(1, 2))]
        if self.rng.random() < 0.3:  # a young brother or sister without an account
            people.append((Relation.JONGERE, None, self._born(4, 11)))
        members = []
        for relation, role, born in people:
            first = self.rng.choice(FIRST_NAMES)
            user_id = self._user(f"{first} {surname}", born, role)
            members.append(Member(user_id, first, relation.value, born, role is not None))
        family = self.w.add(
            "family", name=surname, gemeente_id=regisseur.gemeente_id, regisseur_id=regisseur.id, created_at=self.now
        )
        for member in members:
            self.w.add(
                "family_member",
                family_id=family["id"],
                user_id=member.id,
                relation=member.relation,
                has_authority=member.relation == Relation.OUDER,
            )
        self._plan(family["id"], members, regisseur)
        self._talk(family["id"], members, regisseur)
        if self.rng.random() < 0.3:  # about a third of the youths has a JIM mentor, with appointments
            self._mentor(family["id"], regisseur, members[0])
        if self.rng.random() < RESPITE_SHARE:
            self._respite(family["id"], regisseur, members)

    def _talk(self, family_id: int, members: list[Member], regisseur: Regisseur) -> None:
        """The family's conversation with its regisseur: messages of the last weeks, each writer's last 0-2 not yet
        read by her (the message list, the unread badge and "Nu voor jou" read them on every page)."""
        writers = [m.id for m in members if m.has_login] + [regisseur.id]
        count = self.rng.randint(2, MESSAGES_PER_FAMILY)
        start = self.now - timedelta(days=self.rng.randint(5, 60))
        moments = sorted(start + (self.now - start) * self.rng.random() for _ in range(count))
        conversation = self.w.add(
            "conversation",
            kind="gezin",
            family_id=family_id,
            person_id=None,
            mentorship_id=None,
            respite_request_id=None,
            household_id=None,
            created_at=start,
            last_message_at=moments[-1],
        )
        ids = []
        for number, moment in enumerate(moments):
            body = self.rng.choice(MESSAGES)
            ids.append(
                self.w.add(
                    "message",
                    conversation_id=conversation["id"],
                    author_id=self.rng.choice(writers),
                    body=body,
                    created_at=moment,
                    client_key=f"bench-{conversation['id']}-{number}",
                    body_hash=hashlib.sha256(body.encode()).hexdigest(),
                    urgent=False,
                )["id"]
            )
        for writer in writers:
            read_up_to = ids[max(0, len(ids) - 1 - self.rng.randint(0, 2))]
            self.w.add(
                "conversation_read",
                conversation_id=conversation["id"],
                user_id=writer,
                last_read_message_id=read_up_to,
                read_at=self.now,
            )

    def _respite(self, family_id: int, regisseur: Regisseur, members: list[Member]) -> None:
        """A request for Steuntje in de rug at the meldpunt, shared with the regisseur or not, and half of them with
        the coordinator's intake talk in the family's agenda (the regisseur's agenda and home page read them)."""
        carer = members[1]
        sent = self.now - timedelta(days=self.rng.randint(3, 120))
        request = self.w.add(
            "respite_request",
            family_id=family_id,
            meldpunt_id=self.meldpunt_id,
            gemeente_id=regisseur.gemeente_id,
            created_by_id=carer.id,
            status=self.rng.choice(("nieuw", "intake", "zoeken", "lopend")),
            help_kinds=["dag_twee_weken"],
            days=["za", "zo"],
            parts_of_day=["middag"],
            times_note="",
            woonplaats="Venlo",
            transport="eigen",
            child_needs="",
            needs_choices=[],
            home_languages=["nl"],
            values_choices=[],
            values_note="",
            allergies="",
            share_with_regisseur=self.rng.random() < 0.5,
            created_at=sent,
            updated_at=sent,
            submitted_at=sent,
            end_reason="",
            end_note="",
        )
        if self.rng.random() < 0.5:
            appointment = self.w.add(
                "appointment",
                family_id=family_id,
                mentorship_id=None,
                respite_request_id=request["id"],
                kind="intake",
                title="",
                starts_at=self.now + timedelta(days=self.rng.randint(1, 20)),
                duration_minutes=60,
                place="Bij het gezin thuis",
                video_url="",
                organiser_id=None,
                created_at=self.now,
                updated_at=self.now,
                sequence=0,
            )
            self.w.add("appointment_participant", appointment_id=appointment["id"], user_id=carer.id, answer="open")

    def _mentor(self, family_id: int, regisseur: Regisseur, youth: Member) -> None:
        mentor_id = self._user(f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}", None, Role.MENTOR)
        started = self.now - timedelta(days=self.rng.randint(10, 300))
        mentorship = self.w.add(
            "mentorship",
            youth_id=youth.id,
            family_id=family_id,
            gemeente_id=regisseur.gemeente_id,
            status="actief",
            nominee_name="Mentor",
            relation="buur",
            contact="06 12345678",
            motivation="Mijn buurman helpt mij altijd.",
            mentor_id=mentor_id,
            decline_reason="",
            nominated_at=started - timedelta(days=14),
            accepted_at=started - timedelta(days=7),
            started_at=started,
        )
        for days in (-20, self.rng.randint(1, 30)):
            appointment = self.w.add(
                "appointment",
                family_id=family_id,
                mentorship_id=mentorship["id"],
                respite_request_id=None,  # every appointment row names the same columns: inserted together
                kind="jim_overleg",
                title="",
                starts_at=self.now + timedelta(days=days),
                duration_minutes=60,
                place="Wijkteam",
                video_url="",
                organiser_id=regisseur.id,
                created_at=self.now,
                updated_at=self.now,
                sequence=0,
            )
            for user_id in (youth.id, mentor_id, regisseur.id):
                self.w.add(
                    "appointment_participant",
                    appointment_id=appointment["id"],
                    user_id=user_id,
                    answer="bevestigd" if days < 0 else "open",
                )

    # --- the plan --------------------------------------------------------------------------------------------

    def _plan(self, family_id: int, members: list[Member], regisseur: Regisseur) -> None:
        rng, today = self.rng, self.today
        plan = self.w.add(
            "plan",
            family_id=family_id,
            situation="Het gaat beter op school. Thuis is het soms nog onrustig, vooral 's avonds. " * 3,
            agreements="We bellen elke twee weken. Bij ruzie bellen we eerst de regisseur.",
            next_evaluation=today + timedelta(days=rng.randint(20, 120)),
            updated_at=self.now,
        )
        youths = [m for m in members if m.relation == Relation.JONGERE and m.has_login]
        goals, actions = [], []
        for position in range(rng.randint(3, 6)):
            about = rng.choice([*youths, None])
            goal = self.w.add(
                "goal",
                plan_id=plan["id"],
                about_user_id=about.id if about else None,
                title=rng.choice(GOALS),
                status=rng.choice(list(GoalStatus)).value,
                target_date=today + timedelta(days=rng.randint(30, 200)),
                position=position,
                created_at=self.now - timedelta(days=160),
            )
            notes = [
                self.w.add(
                    "goal_note",
                    goal_id=goal["id"],
                    text="Het eerste gesprek met school was goed.",
                    author_id=regisseur.id,
                    created_at=self.now - timedelta(days=rng.randint(1, 90)),
                )
                for _ in range(rng.randint(0, 2))
            ]
            goals.append((goal, notes, about.first_name if about else None))
            for _ in range(rng.randint(1, 2)):
                actions.append(
                    self.w.add(
                        "action",
                        plan_id=plan["id"],
                        goal_id=goal["id"],
                        what=rng.choice(ACTIONS),
                        who=rng.choice(members).first_name if rng.random() < 0.7 else regisseur.name,
                        due_date=today + timedelta(days=rng.randint(-20, 60)),
                        done=rng.random() < 0.3,
                    )
                )
        involved = [
            self.w.add(
                "involved",
                plan_id=plan["id"],
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                role=rng.choice(("Mentor op school", "Huisarts", "Schuldhulp", "Trainer")),
                organisation="",
                contact="06 1234 5678",
            )
            for _ in range(rng.randint(1, 3))
        ]
        zrm = {}
        for days_ago in (180, 20):
            for domain in ZrmDomain:
                zrm[domain.value] = self.w.add(
                    "zrm_score",
                    plan_id=plan["id"],
                    domain=domain.value,
                    score=rng.randint(1, 5),
                    assessed_on=today - timedelta(days=days_ago),
                    assessed_by_id=regisseur.id,
                )
        draft = _snapshot(plan, goals, actions, involved, zrm)
        first = {**draft, "goals": [{**g, "status": GoalStatus.NEW.value, "notes": []} for g in draft["goals"][:-1]]}
        version = None
        for number, (content, days_ago) in enumerate(((first, 150), (draft, 14)), start=1):
            version = self.w.add(
                "plan_version",
                plan_id=plan["id"],
                number=number,
                summary="Eerste plan." if number == 1 else "Nieuw doel en de ZRM van deze maand.",
                content=content,
                published_at=self.now - timedelta(days=days_ago),
                published_by_id=regisseur.id,
            )
        answering = next((m for m in members if m.has_login and m.relation != Relation.JONGERE), None)
        if version and answering:
            self.w.add(
                "plan_response",
                version_id=version["id"],
                user_id=answering.id,
                agrees=(agrees := self.rng.random() > 0.1),  # some say "niet akkoord": the caseload flags them
                comment="" if agrees else "Ik wil eerst praten over het wonen.",
                answered_at=self.now - timedelta(days=10),
                handled_at=None,
            )
        for youth in youths:
            if youth.birth_date and age_on(youth.birth_date, today) >= 16:
                self._toekomstplan(family_id, youth, regisseur)
        self._audit(family_id, plan["id"], regisseur)

    def _toekomstplan(self, family_id: int, youth: Member, regisseur: Regisseur) -> None:
        """Youth of 16+ have said what they share (else the plan page asks first) and have a toekomstplan."""
        self.w.add(
            "sharing_choice",
            youth_id=youth.id,
            share_goals_with_family=True,
            share_toekomstplan_with_family=self.rng.random() < 0.5,
            answered_at=self.now - timedelta(days=60),
        )
        plan = self.w.add("toekomstplan", youth_id=youth.id, family_id=family_id, created_at=self.now)
        for domain in FutureDomain:
            self.w.add(
                "future_domain_entry",
                toekomstplan_id=plan["id"],
                domain=domain.value,
                now_text="Ik woon nu bij mijn pleeggezin.",
                want_text="Ik wil later zelf wonen, dicht bij mijn school.",
                updated_at=self.now,
            )
        for domain in (FutureDomain.WONEN, FutureDomain.SCHOOL, FutureDomain.INKOMEN):
            self.w.add(
                "future_step",
                toekomstplan_id=plan["id"],
                domain=domain.value,
                what="Inschrijven bij de woningcorporatie",
                owner=youth.first_name,
                due_date=self.today + timedelta(days=self.rng.randint(10, 90)),
                done=False,
            )
        for item in ("digid", "berichtenbox")[: self.rng.randint(0, 2)]:
            self.w.add("checklist_tick", toekomstplan_id=plan["id"], item=item, done_at=self.now, done_by_id=youth.id)

    def _audit(self, family_id: int, plan_id: int, regisseur: Regisseur) -> None:
        """The access log of a plan the regisseur has read and changed for half a year."""
        for _ in range(10):
            self.w.add(
                "audit_event",
                occurred_at=self.now - timedelta(minutes=self.rng.randint(60, 180 * 24 * 60)),
                action=self.rng.choice((AuditAction.READ, AuditAction.READ, AuditAction.CHANGE)).value,
                object_type="gezinsplan",
                object_id=plan_id,
                family_id=family_id,
                subject_id=None,
                actor_id=regisseur.id,
                actor_name=regisseur.name,
                actor_role=Role.REGISSEUR.value,
                actor_organisation=regisseur.organisation,
                on_behalf_of="",
                source="127.0.0.1",
                outcome="success",
            )


def _snapshot(
    plan: dict, goals: list[tuple[dict, list[dict], str | None]], actions: list[dict], involved: list[dict], zrm: dict
) -> dict:
    """A published version's JSON, in the shape of webapp/plans/snapshot.py `take`."""

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    family = {"about_user_id": None, "about_name": None}  # the generated texts, people and ZRM: the whole family
    return {
        "situation": [{**family, "text": plan["situation"]}],
        "agreements": [{**family, "text": plan["agreements"]}],
        "next_evaluation": iso(plan["next_evaluation"]),
        "goals": [
            {
                "id": g["id"],
                "about_user_id": g["about_user_id"],
                "about_name": about_name,
                "title": g["title"],
                "status": g["status"],
                "target_date": iso(g["target_date"]),
                "notes": [{"id": n["id"], "text": n["text"], "date": iso(n["created_at"].date())} for n in notes],
            }
            for g, notes, about_name in goals
        ],
        "actions": [
            {k: iso(a[k]) if k == "due_date" else a[k] for k in ("id", "goal_id", "what", "who", "due_date", "done")}
            for a in actions
        ],
        "involved": [
            {**{k: i[k] for k in ("id", "name", "role", "organisation", "contact")}, **family} for i in involved
        ],
        "zrm": [
            {
                "domain": domain.value,
                "score": zrm[domain.value]["score"],
                "assessed_on": iso(zrm[domain.value]["assessed_on"]),
                **family,
            }
            for domain in ZrmDomain
        ],
    }
