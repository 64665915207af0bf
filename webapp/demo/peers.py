"""The demo story's peer questions ("Vraag het een andere pleegouder"): every side lands on real work.

- Two foster parents outside the two families, each with a foster child of their own (regisseur Jeroen): Joke van
  Dijk (pseudonym "Warme Linde 18") and Ahmed Benali (posts under his first name, his choice). Ahmed's foster son
  Jesse (16) is in the Jongeren space.
- Sandra Kuipers grew up in a foster family; Mo admitted her as ervaringsdeskundige in both spaces.
- Marleen ("Zonnige Merel 42") asked "Samira wordt 18: hoe regelen jullie verlengde pleegzorg tot 21?" five days ago:
  Ahmed's answer helped her ("dit hielp mij"), Sandra recommended Joke's. She follows her question.
- Ahmed's question about school costs has waited three days without an answer: the worker sends it to Sandra, and
  it is on /vragen/onbeantwoord.
- The Jongeren space has Samira's and Jesse's questions with answers.
- The moderator's queue holds Ria's first post (a new member's, pre-moderated) and Jesse's post held for a crisis
  word (two hours ago).

Pseudonyms are fixed here so testers can find the posts; the app generates them for real members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from webapp.clock import today, utcnow
from webapp.models import (
    Family,
    FamilyMember,
    Organisation,
    PeerFollow,
    PeerMember,
    PeerModeration,
    PeerPost,
    Relation,
    Role,
    User,
    UserRole,
)
from webapp.models.peers import HeldReason, ModerationAction, PostKind, PostStatus, Space


@dataclass(frozen=True)
class PeerDemoPerson:
    """A demo person of the peer questions (listed on the demo login page beside the story's people)."""

    key: str
    name: str
    email: str | None
    roles: tuple[Role, ...]
    label: object  # lazy translated description for the login page
    age: int | None = None
    totp_secret: str | None = None  # none of them is a professional


PEOPLE: tuple[PeerDemoPerson, ...] = (
    PeerDemoPerson(
        "joke", "Joke van Dijk", "joke@example.org", (Role.PLEEGOUDER,), _l("pleegouder van Noah, stelt vragen")
    ),
    PeerDemoPerson(
        "ahmed", "Ahmed Benali", "ahmed@example.org", (Role.PLEEGOUDER,), _l("pleegouder van Jesse en Yara")
    ),
    PeerDemoPerson(
        "jesse", "Jesse Vos", "jesse@example.org", (Role.JONGERE,), _l("jongere, 16, woont bij pleeggezin Benali"), 16
    ),
    PeerDemoPerson(
        "sandra",
        "Sandra Kuipers",
        "sandra@example.org",
        (),
        _l("ervaringsdeskundige: was zelf pleegkind"),
        29,
    ),
    PeerDemoPerson("noah", "Noah de Jong", None, (), _l("10 jaar, heeft geen account"), 10),
    PeerDemoPerson("yara", "Yara El Idrissi", None, (), _l("6 jaar, heeft geen account"), 6),
)

# (family name, [(person key, relation)]); regisseur Jeroen Willems
FAMILIES = (
    ("Van Dijk", [("joke", Relation.PLEEGOUDER), ("noah", Relation.JONGERE)]),
    ("Benali", [("ahmed", Relation.PLEEGOUDER), ("jesse", Relation.JONGERE), ("yara", Relation.JONGERE)]),
)


def _birth_date(age: int, shift_days: int = -60) -> date:
    day = today()
    try:
        anchor = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        anchor = day.replace(year=day.year - age, day=28)
    return anchor + timedelta(days=shift_days)


def seed(db: Session, people: dict[str, User], families: dict[str, Family], organisations: dict) -> None:
    venlo: Organisation = organisations["venlo"]
    password_hash = people["hendriks"].password_hash  # the demo password, hashed once by the story
    for person in PEOPLE:
        user = User(
            name=person.name,
            email=person.email,
            password_hash=password_hash if person.email else None,
            birth_date=_birth_date(person.age) if person.age else None,
            roles=[UserRole(role=role) for role in person.roles],
        )
        db.add(user)
        people[person.key] = user
    db.flush()
    for name, members in FAMILIES:
        family = Family(name=name, gemeente_id=venlo.id, regisseur_id=people["jeroen"].id)
        family.members = [FamilyMember(user_id=people[key].id, relation=relation) for key, relation in members]
        db.add(family)
        families[name] = family
    db.flush()
    _Space(db, people).seed()


class _Space:
    """The members and posts of both spaces, written with the models (the states the questions and moderation parts
    produce: published with published_at, held in review with its reason, the moderation rows with reasons)."""

    def __init__(self, db: Session, people: dict[str, User]) -> None:
        self.db = db
        self.people = people
        self.now = utcnow()
        self.mo = people["moderator"]

    def ago(self, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def member(self, key: str, space: Space, pseudonym: str, *, joined_days: int, approved: int, **extra):
        member = PeerMember(
            user_id=self.people[key].id,
            space=space.value,
            pseudonym=pseudonym,
            approved_posts=approved,
            created_at=self.ago(days=joined_days),
            **extra,
        )
        self.db.add(member)
        return member

    def post(self, author: PeerMember, kind: PostKind, body: str, *, at: datetime, question=None, **fields):
        status = fields.pop("status", PostStatus.PUBLISHED)
        post = PeerPost(
            space=author.space,
            kind=kind.value,
            question_id=question.id if question else None,
            author_id=author.id,
            body=body,
            language="nl",
            status=status.value,
            created_at=at,
            published_at=at if status is PostStatus.PUBLISHED else None,
            last_activity_at=at,
            **fields,
        )
        self.db.add(post)
        self.db.flush()
        if question is not None and status is PostStatus.PUBLISHED:
            question.last_activity_at = max(question.last_activity_at, at)
        return post

    def question(self, author, title, body, topics, *, at, **fields):
        return self.post(author, PostKind.VRAAG, body, at=at, title=title, topics=topics, **fields)

    def answer(self, question, author, body, *, at, **fields):
        return self.post(author, PostKind.ANTWOORD, body, at=at, question=question, **fields)

    def approved(self, post: PeerPost, reason: str) -> None:
        """A pre-moderated post Mo approved (a new member's first posts, every post in the Jongeren space)."""
        self.db.add(
            PeerModeration(
                post_id=post.id,
                member_id=post.author_id,
                moderator_id=self.mo.id,
                action=ModerationAction.APPROVE.value,
                reason=reason,
                created_at=post.published_at,
            )
        )

    def seed(self) -> None:
        db, P, J = self.db, Space.PLEEGOUDERS, Space.JONGEREN
        marleen = self.member("hendriks", P, "Zonnige Merel 42", joined_days=40, approved=3)
        joke = self.member("joke", P, "Warme Linde 18", joined_days=400, approved=14)
        ahmed = self.member("ahmed", P, "Kalme Reiger 73", joined_days=300, approved=9, use_first_name=True)
        sandra = self.member(
            "sandra", P, "Wijze Uil 31", joined_days=200, approved=22, is_expert=True, admitted_by_id=self.mo.id
        )
        ria = self.member("peeters", P, "Vriendelijke Egel 55", joined_days=1, approved=0)
        samira = self.member("samira", J, "Dappere Vos 64", joined_days=30, approved=2)
        jesse = self.member("jesse", J, "Stille Otter 23", joined_days=60, approved=2)
        sandra_j = self.member(
            "sandra", J, "Heldere Ster 27", joined_days=200, approved=8, is_expert=True, admitted_by_id=self.mo.id
        )
        db.flush()
        for member in (sandra, sandra_j):
            db.add(
                PeerModeration(
                    member_id=member.id,
                    moderator_id=self.mo.id,
                    action=ModerationAction.ADMIT_EXPERT.value,
                    reason="Getrainde ervaringsdeskundige (was zelf pleegkind); zij heeft de uitnodiging aangenomen.",
                    created_at=member.created_at,
                )
            )

        # Joke's question from last month, with Marleen's first answer (pre-moderated: she was new) and Sandra's.
        visits = self.question(
            joke,
            "Hoe gaan jullie om met bezoek van de ouders dat steeds niet doorgaat?",
            "Ons pleegkind verheugt zich elke keer op het bezoek van zijn moeder. Vaak gaat het op het laatste moment"
            " niet door. Dan is hij de hele week van slag. Hoe vangen jullie dat op?",
            ["contact-ouders", "gedrag"],
            at=self.ago(days=30),
        )
        first = self.answer(
            visits,
            marleen,
            "Wij vertellen het pas op de dag zelf, als het bezoek echt doorgaat. Dat scheelt veel teleurstelling.",
            at=self.ago(days=29),
        )
        self.approved(first, "Eerste bericht van een nieuw lid: geen persoonlijke gegevens, vriendelijk.")
        self.answer(
            visits,
            sandra,
            "Als kind dacht ik dat het mijn schuld was als mijn moeder niet kwam. Zeg hardop dat het niet aan hem ligt."
            " Dat had ik toen graag gehoord.",
            at=self.ago(days=28),
        )
        second = self.answer(
            self.question(
                ahmed,
                "Tips voor de eerste weken met een nieuw pleegkind?",
                "Volgende maand komt er een meisje van zes bij ons wonen. Wat hielp jullie in de eerste weken?",
                ["gedrag", "begeleiding"],
                at=self.ago(days=21),
            ),
            marleen,
            "Houd de eerste weken rustig: weinig bezoek, vaste tijden. En een eigen plekje dat alleen van haar is.",
            at=self.ago(days=20),
        )
        self.approved(second, "Tweede bericht van een nieuw lid.")

        # Marleen's question: two answers, Ahmed's helped her, Sandra recommended Joke's.
        extended = self.question(
            marleen,
            "Samira wordt 18: hoe regelen jullie verlengde pleegzorg tot 21?",
            "Onze pleegdochter wordt over drie maanden 18. Ze wil bij ons blijven wonen tot ze klaar is met haar"
            " opleiding. Wie heeft verlengde pleegzorg al eens geregeld? Wat moesten jullie doen, en bij wie?",
            ["18-worden", "geld", "begeleiding"],
            at=self.ago(days=5),
        )
        self.approved(extended, "Derde bericht van een nieuw lid.")
        helped = self.answer(
            extended,
            ahmed,
            "Wij hebben het vorig jaar geregeld. Begin een half jaar voor de 18e verjaardag. Jullie pleegzorgbegeleider"
            " vraagt het aan bij de pleegzorgaanbieder. Je pleegdochter moet zelf ook tekenen dat ze wil blijven."
            " De pleegvergoeding loopt dan door tot 21.",
            at=self.ago(days=4, hours=20),
        )
        self.answer(
            extended,
            joke,
            "Maak ook samen een toekomstplan: wat wil ze leren, waar wil ze later wonen, hoe regelt ze haar geld."
            " Dan weet de gemeente waarom verlengen nodig is. Bij ons ging het daardoor veel sneller.",
            at=self.ago(days=3),
            recommended_by_id=sandra.id,
            recommended_at=self.ago(days=2),
        )
        extended.accepted_answer_id = helped.id
        db.add(PeerFollow(question_id=extended.id, member_id=marleen.id, created_at=extended.created_at))

        # Ahmed's question has waited three days: the worker sends it to Sandra (and it is on her roster page).
        self.question(
            ahmed,
            "Welke vergoeding krijgen jullie voor schoolspullen en kleding?",
            "Onze pleegzoon gaat naar het mbo. De boeken en de laptop zijn duur. Krijgen jullie daar iets extra voor,"
            " boven op de gewone pleegvergoeding?",
            ["geld", "school"],
            at=self.ago(days=3, hours=2),
        )

        # The Jongeren space: every post was approved by Mo (pre-moderated).
        plan = self.question(
            samira,
            "Wie heeft er ook een toekomstplan gemaakt? Waar begin je?",
            "Ik word bijna 18 en moet van alles regelen. Ik weet niet goed waar ik moet beginnen.",
            ["18-worden"],
            at=self.ago(days=10),
        )
        self.approved(plan, "Jongeren: geen persoonlijke gegevens.")
        for author, body, days in (
            (
                sandra_j,
                "Begin met je zorgverzekering en je geld: die veranderen op je 18e verjaardag. Vraag je regisseur om"
                " samen de lijst door te lopen. Je hoeft het niet alleen te doen.",
                9,
            ),
            (jesse, "Ik ben 16 en begin ook al. Ik vond het fijn om eerst op te schrijven wat ik later wil.", 8),
        ):
            self.approved(self.answer(plan, author, body, at=self.ago(days=days)), "Jongeren: vriendelijk antwoord.")
        sleepover = self.question(
            jesse,
            "Mogen jullie bij vrienden blijven slapen?",
            "Mijn vrienden vragen vaak of ik blijf slapen. Moet dat eerst via mijn voogd? Hoe gaat dat bij jullie?",
            ["vrije-tijd"],
            at=self.ago(days=4),
        )
        self.approved(sleepover, "Jongeren: geen persoonlijke gegevens.")
        self.approved(
            self.answer(
                sleepover,
                samira,
                "Bij mij regelen mijn pleegouders het gewoon. Vraag het ze eerst, dan kunnen zij het checken.",
                at=self.ago(days=3),
            ),
            "Jongeren: vriendelijk antwoord.",
        )

        # The moderator's queue: a new member's first post, and a post held for a crisis word.
        self.question(
            ria,
            "Ons logeerkind heeft heimwee. Wat doen jullie dan?",
            "Wij zijn steungezin. Het jongetje dat één weekend per maand komt, huilt 's avonds om zijn moeder. Wat"
            " helpt bij jullie?",
            ["gedrag"],
            at=self.ago(hours=5),
            status=PostStatus.IN_REVIEW,
            held_reason=HeldReason.NEW_MEMBER.value,
        )
        self.question(
            jesse,
            "Ik hou het niet meer vol",
            "Ik wil weglopen. Niemand luistert naar me en ik weet niet meer wat ik moet doen.",
            ["gedrag"],
            at=self.ago(hours=2),
            status=PostStatus.IN_REVIEW,
            held_reason=HeldReason.CRISIS.value,
        )
        db.flush()
