"""'Nu voor jou' on the home page (webapp/home/now.py): the items per role and their order, each gone once done,
never a stranger's, and one statement however many families.

Most tests use the plan world of tests/plan_factories.py (time frozen on 2027-03-01): gezin De Vries with Sara (17,
18 on 2027-06-01: three checklist items are due today, one is late), Noah (14), Lina (10), mother Eva (gezag),
father Tom (no gezag), foster mother Ingrid and regisseur Petra; gezin Bakker next door with regisseur Ruud.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlmodel import Session

from tests.conftest import freeze_time
from tests.demo_people import seed_demo
from tests.factories import make_family, make_invitation, make_regisseur, make_user
from tests.plan_factories import (
    NOW,
    TODAY,
    PlanWorld,
    born,
    build_world,
    call,
    counted_queries,
    page_text,
    sign_in,
)
from tests.query_plans import growing_steps
from webapp.appointments import services as appointments
from webapp.families import joining
from webapp.home.now import ANSWER, INFO, LATE, NowItem, items_for, names_me
from webapp.mentors import services as mentors
from webapp.messages import services as messages
from webapp.models import Answer, AppointmentKind, Relation, Role, User
from webapp.plans import drafting
from webapp.plans import services as plans
from webapp.toekomstplan import services as future


def now_for(app: Flask, db: Session, user: User) -> list[NowItem]:
    db.expire_all()
    with app.test_request_context():
        return items_for(db, user)


def kinds(items: list[NowItem]) -> list[str]:
    return [item.kind for item in items]


def titles(items: list[NowItem]) -> str:
    return " | ".join(page_text(str(item.title)) for item in items)


@pytest.fixture
def world(app: Flask, db: Session) -> PlanWorld:
    return build_world(app, db)


def conversation(world: PlanWorld, user: User, kind: str) -> int:
    summaries = world.run(messages.conversations, user)
    return next(s.conversation.id for s in summaries if s.conversation.kind == kind)


def say(world: PlanWorld, author: User, conversation_id: int, body: str) -> None:
    world.run(messages.send, author, conversation_id, body, f"key-{author.id}-{hash(body)}")


def appointment(world: PlanWorld, *people: User, days: int = 6, kind: str = AppointmentKind.EVALUATIE) -> int:
    details = appointments.Details(
        kind=kind,
        starts_local=datetime.combine(TODAY + timedelta(days=days), datetime.min.time()).replace(hour=16),
        place="Wijkteam, Kerkstraat 1",
    )
    return world.run(appointments.propose, world.petra, world.family.id, details, [p.id for p in people]).id


# --- the demo story: what each person sees, in which order ---------------------------------------------------------


@pytest.fixture
def demo(app: Flask, db: Session) -> dict[str, User]:
    return seed_demo(app, db)


def test_demo_samira_sees_her_late_checklist_first_then_the_new_plan_version_then_her_messages(app, db, demo) -> None:
    items = now_for(app, db, demo["samira"])
    groups = [item.group for item in items]
    assert groups == sorted(groups)
    assert kinds(items)[0] == "checklist" and items[0].flag
    plan = next(item for item in items if item.kind == "plan")
    assert plan.url.endswith("/plan#jouw-antwoord")
    assert "nieuwe versie van het plan van gezin Haddou" in titles([plan])
    message = next(item for item in items if item.kind == "message")
    assert "Petra" in titles([message]) and message.detail and len(message.detail) <= 61


class _RowsReversed:
    """A connection whose statements answer their rows in reverse: a database may return rows without ORDER BY in
    any order (PostgreSQL's depends on what was written and vacuumed before)."""

    def __init__(self, connection) -> None:
        self._connection = connection

    def execute(self, *args, **kwargs):
        return list(reversed(list(self._connection.execute(*args, **kwargs))))

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


def test_lines_of_the_same_moment_keep_their_order_whatever_order_the_database_answers(app, db, monkeypatch) -> None:
    """Samira's two conversations have their last message at the same moment when the demo story is written on a
    frozen clock: on PostgreSQL the lines swapped between runs."""
    freeze_time(app, datetime(2026, 12, 2, 9, 30, tzinfo=UTC))
    demo = seed_demo(app, db)
    as_answered = [(item.kind, item.url) for item in now_for(app, db, demo["samira"])]
    connection = db.connection
    monkeypatch.setattr(db, "connection", lambda *a, **k: _RowsReversed(connection(*a, **k)))
    reversed_rows = [(item.kind, item.url) for item in now_for(app, db, demo["samira"])]
    assert [kind for kind, _url in as_answered].count("message") == 2
    assert reversed_rows == as_answered


def test_demo_karim_sees_the_jim_overleg_waiting_for_his_answer(app, db, demo) -> None:
    items = now_for(app, db, demo["karim"])
    assert kinds(items) == ["appointment_answer"]
    assert "JIM-overleg" in titles(items) and "Nassaustraat" in items[0].detail
    assert items[0].url.startswith("/afspraken/")


def test_demo_petra_sees_her_late_action_and_samiras_checklist_before_messages(app, db, demo) -> None:
    items = now_for(app, db, demo["petra"])
    assert {"action", "checklist"} <= set(kinds(items))
    late = [item for item in items if item.group == LATE]
    assert late == items[: len(late)]
    action = next(item for item in items if item.kind == "action")
    assert "Gesprek over verlengde pleegzorg" in titles([action]) and action.flag == "te laat"
    assert action.url.endswith("/plan/bewerken")


def test_demo_ayse_and_jeroen(app, db, demo) -> None:
    assert kinds(now_for(app, db, demo["ayse"])) == ["plan"]
    assert now_for(app, db, demo["jeroen"]) == []  # his family answered nothing he must follow up


def test_the_home_page_shows_the_list_and_an_empty_list_says_so_kindly(app, db, demo) -> None:
    samira = sign_in(app, demo["samira"]).text("/home")
    assert 'id="nu-voor-jou"' in samira and "#jouw-antwoord" in samira
    assert samira.index("Nu voor jou") < samira.index("Gezin Haddou")
    jeroen = sign_in(app, demo["jeroen"]).text("/home")
    assert "Er wacht nu niets op u." in page_text(jeroen) or "Er wacht nu niets op je." in page_text(jeroen)


# --- the plan: a new version, and her own late actions --------------------------------------------------------------


def test_a_new_version_waits_for_every_member_until_each_answers(app, db, world) -> None:
    for person in (world.sara, world.eva, world.tom, world.ingrid, world.noah):
        assert "plan" in kinds(now_for(app, db, person)), person.name
    world.run(plans.answer, world.eva, world.family.id, 1, agrees=True, comment="")
    assert "plan" not in kinds(now_for(app, db, world.eva))
    assert "plan" in kinds(now_for(app, db, world.tom))
    world.goal("We gaan samen op vakantie")
    world.publish("Versie 2.")  # a newer version asks again
    assert "plan" in kinds(now_for(app, db, world.eva))


def test_a_regisseur_follows_up_a_niet_akkoord_until_handled(app, db, world) -> None:
    world.run(plans.answer, world.eva, world.family.id, 1, agrees=False, comment="Dit klopt niet")
    items = now_for(app, db, world.petra)
    assert "disagree" in kinds(items) and "Eva" in titles(items)
    assert "disagree" not in kinds(now_for(app, db, world.ruud))
    response = world.run(plans.answer, world.eva, world.family.id, 1, agrees=True, comment="")
    assert response.agrees and "disagree" not in kinds(now_for(app, db, world.petra))


def test_her_own_late_action_of_the_published_plan_shows_until_done_and_published(app, db, world) -> None:
    action = world.run(
        drafting.add_action,
        world.petra,
        world.family.id,
        what="Formulier inleveren",
        who="Eva en Tom",
        due_date=TODAY - timedelta(days=2),
        goal_id=None,
    )
    assert "action" not in kinds(now_for(app, db, world.eva))  # only in the draft: the family does not see it yet
    world.publish("Met een actie.")
    eva = now_for(app, db, world.eva)
    assert "Formulier inleveren" in titles(eva) and eva[0].kind == "action" and eva[0].flag == "te laat"
    assert "Formulier inleveren" in titles(now_for(app, db, world.tom))
    assert "action" not in kinds(now_for(app, db, world.ingrid))  # not hers
    world.run(drafting.set_action_done, world.petra, world.family.id, action.id, True)
    world.publish("Klaar.")
    assert "action" not in kinds(now_for(app, db, world.eva))


def test_an_action_in_a_part_about_someone_else_is_not_shown(app, db, world) -> None:
    """Tom has no gezag: Lina's goal (10) is not his to see, so neither is an action of his under it."""
    world.run(
        drafting.add_action,
        world.petra,
        world.family.id,
        what="Zwemspullen kopen",
        who="Tom",
        due_date=TODAY - timedelta(days=1),
        goal_id=world.goals["lina"].id,
    )
    world.publish()
    assert "Zwemspullen" not in titles(now_for(app, db, world.tom))


def test_the_regisseur_sees_her_own_late_draft_actions_not_another_regisseurs(app, db, world) -> None:
    action = world.run(
        drafting.add_action,
        world.petra,
        world.family.id,
        what="Verslag schrijven",
        who="Petra (regisseur)",
        due_date=TODAY - timedelta(days=1),
        goal_id=None,
    )
    assert "Verslag schrijven" in titles(now_for(app, db, world.petra))
    assert "Verslag schrijven" not in titles(now_for(app, db, world.ruud))
    world.run(drafting.set_action_done, world.petra, world.family.id, action.id, True)
    assert "Verslag schrijven" not in titles(now_for(app, db, world.petra))


def test_names_me_reads_the_free_text_who() -> None:
    petra = User(name="Petra Jansen")
    assert names_me("Petra (regisseur)", petra) and names_me("Samira en Petra", petra)
    assert names_me("petra jansen", petra) and not names_me("Petronella", petra) and not names_me("", petra)


# --- appointments ---------------------------------------------------------------------------------------------------


def test_an_appointment_waits_for_each_participants_answer_and_goes_when_answered(app, db, world) -> None:
    appointment_id = appointment(world, world.eva, world.sara)
    assert "appointment_answer" in kinds(now_for(app, db, world.eva))
    for stranger in (world.tom, world.anouk, world.ruud, world.outsider):
        assert not {"appointment_answer", "appointment"} & set(kinds(now_for(app, db, stranger))), stranger.name
    world.run(appointments.answer, world.eva, appointment_id, Answer.BEVESTIGD)
    assert not {"appointment_answer", "appointment"} & set(kinds(now_for(app, db, world.eva)))  # in six days


def test_a_confirmed_appointment_shows_today_and_tomorrow_and_an_open_one_soon_is_urgent(app, db, world) -> None:
    soon = appointment(world, world.eva, world.sara, days=1)
    sara = now_for(app, db, world.sara)
    answer = next(item for item in sara if item.kind == "appointment_answer")
    assert answer.group == LATE and answer.flag == "morgen"
    world.run(appointments.answer, world.sara, soon, Answer.BEVESTIGD)
    confirmed = next(item for item in now_for(app, db, world.sara) if item.kind == "appointment")
    assert confirmed.group == INFO and confirmed.flag == "morgen"
    world.run(appointments.cancel, world.petra, soon)
    assert "appointment" not in kinds(now_for(app, db, world.sara))


# --- messages -------------------------------------------------------------------------------------------------------


def test_unread_messages_per_conversation_with_the_sender_first_words_and_time_until_read(app, db, world) -> None:
    family_chat = conversation(world, world.eva, "gezin")
    long_text = "Hallo allemaal, morgen om drie uur komt de jeugdarts langs voor het gesprek over school en thuis."
    say(world, world.petra, family_chat, "Eerste bericht")
    say(world, world.petra, family_chat, long_text)
    eva = [item for item in now_for(app, db, world.eva) if item.kind == "message"]
    assert len(eva) == 1 and "2 nieuwe berichten" in titles(eva) and "Petra" in titles(eva)
    assert eva[0].detail.startswith("Hallo allemaal") and eva[0].detail.endswith("…") and len(eva[0].detail) <= 61
    assert eva[0].when is not None and eva[0].url == f"/berichten/{family_chat}"
    assert "message" not in kinds(now_for(app, db, world.petra))  # her own messages
    visitor = sign_in(app, world.eva)
    visitor.text(f"/berichten/{family_chat}")  # reading marks it read
    assert "message" not in kinds(now_for(app, db, world.eva))


def test_a_private_conversation_never_shows_to_anyone_else(app, db, world) -> None:
    private = conversation(world, world.sara, "prive")
    say(world, world.sara, private, "Alleen voor Petra")
    assert "Sara" in titles(now_for(app, db, world.petra))
    for stranger in (world.eva, world.tom, world.ingrid, world.ruud, world.anouk, world.outsider):
        assert "Alleen voor Petra" not in [i.detail for i in now_for(app, db, stranger)], stranger.name


def test_the_regisseur_sees_who_wrote_and_when_but_not_the_words_until_she_opens_it(app, db, world) -> None:
    """Reading a family's words is an access-log row the family sees, written on the conversation's page: the home
    list (like the message list) does not show them to a professional (security review, NEN 7513)."""
    private = conversation(world, world.sara, "prive")
    say(world, world.sara, private, "Ik voel me niet veilig thuis")
    [item] = [i for i in now_for(app, db, world.petra) if i.kind == "message"]
    assert "Sara" in str(item.title) and item.detail == "" and item.when is not None
    assert "niet veilig" not in sign_in(app, world.petra).text("/home")


# --- the 18-checklist ----------------------------------------------------------------------------------------------


def test_the_youth_sees_her_checklist_items_past_their_date_and_due_today_with_a_warning(app, db, world) -> None:
    sara = [item for item in now_for(app, db, world.sara) if item.kind.startswith("checklist")]
    flags = [item.flag for item in sara if item.kind == "checklist"]
    assert flags[0] == "te laat" and "vandaag" in flags  # woningzoekende (-6 months) first, then today's
    assert "Inschrijven als woningzoekende" in titles(sara[:1])
    assert sara[-1].kind == "checklist_more"  # four are due: three shown, then "nog 1"
    world.run(future.set_checklist_item, world.sara, world.sara.id, "woningzoekende", True)
    assert "woningzoekende" not in titles(now_for(app, db, world.sara))


def test_carers_see_the_checklist_only_while_she_shares_her_toekomstplan(app, db, world) -> None:
    def sees(person: User) -> bool:
        return "checklist" in kinds(now_for(app, db, person))

    assert sees(world.petra) and not sees(world.ruud)
    assert not sees(world.eva) and not sees(world.ingrid)  # not asked yet: nothing shared
    world.share(world.sara, toekomstplan=True)
    assert sees(world.eva) and sees(world.ingrid)
    assert not sees(world.tom) and not sees(world.noah) and not sees(world.anouk) and not sees(world.outsider)
    world.share(world.sara, toekomstplan=False)
    assert not sees(world.eva)


# --- JIM mentors ----------------------------------------------------------------------------------------------------


def test_a_nomination_under_16_asks_the_carers_support_then_the_regisseur_decides(app, db, world) -> None:
    mentorship, token = world.run(
        mentors.nominate,
        world.noah,
        name="Oom Ali",
        relation="oom_tante",
        contact="ali@example.test",
        motivation="Hij helpt me met school.",
    )
    for carer in (world.eva, world.ingrid):
        support = [item for item in now_for(app, db, carer) if item.kind == "support"]
        assert len(support) == 1 and "Noah" in titles(support) and "Oom Ali" in titles(support)
        assert support[0].url == f"/mentoren/{mentorship.id}" and support[0].group == ANSWER
    for stranger in (world.tom, world.sara, world.anouk, world.outsider):
        assert "support" not in kinds(now_for(app, db, stranger)), stranger.name
    world.run(mentors.support, world.eva, mentorship.id, True)
    assert "support" not in kinds(now_for(app, db, world.ingrid))
    ali = make_user(db, Role.MENTOR, name="Ali Vries")
    world.run(mentors.accept, token, ali)
    assert "Ali" in titles([i for i in now_for(app, db, world.petra) if i.kind == "decide"])
    assert "decide" not in kinds(now_for(app, db, world.ruud))
    world.run(mentors.approve, world.petra, mentorship.id)
    assert "decide" not in kinds(now_for(app, db, world.petra))


# --- invitations ----------------------------------------------------------------------------------------------------


def test_an_invitation_to_her_address_waits_as_joining_counts_it(app, db, world) -> None:
    newcomer = make_user(db, Role.OUDER, name="Nieuw Mens")
    assert "invitations" not in kinds(now_for(app, db, newcomer))
    invitation = make_invitation(db, world.family, world.petra, email=newcomer.email, relation=Relation.OUDER)
    invitation.expires_at = NOW + timedelta(days=7)  # the world's clock is frozen
    db.commit()
    items = now_for(app, db, newcomer)
    assert "invitations" in kinds(items) and "1 uitnodiging" in titles(items)
    assert world.run(joining.waiting_count, newcomer) == 1
    assert "invitations" not in kinds(now_for(app, db, world.outsider))


# --- one statement ------------------------------------------------------------------------------------------------


def _caseload(app: Flask, db: Session, regisseur: User, count: int) -> None:
    """`count` families, each with a youth near 18, a parent, a version answered "niet akkoord", a message, an
    appointment to answer and a late action of the regisseur."""
    for number in range(count):
        youth = make_user(db, Role.JONGERE, name=f"Jongere{number} Test", birth_date=born(17, days=300))
        parent = make_user(db, Role.OUDER, name=f"Ouder{number} Test")
        family = make_family(db, regisseur, (youth, Relation.JONGERE), (parent, Relation.OUDER), name=f"Gezin {number}")
        call(
            app,
            db,
            drafting.add_action,
            regisseur,
            family.id,
            what="Bellen",
            who=regisseur.first_name,
            due_date=TODAY - timedelta(days=1),
            goal_id=None,
        )
        call(app, db, drafting.publish, regisseur, family.id, "Eerste versie")
        call(app, db, plans.answer, parent, family.id, 1, agrees=False, comment="Nee")
        chat = next(
            s.conversation.id for s in call(app, db, messages.conversations, parent) if s.conversation.kind == "gezin"
        )
        call(app, db, messages.send, parent, chat, "Hallo", f"k{number}")
        details = appointments.Details(
            kind=AppointmentKind.EVALUATIE, starts_local=datetime(2027, 3, 9, 10, 0), place="Thuis"
        )
        call(app, db, appointments.propose, regisseur, family.id, details, [parent.id, youth.id])


def test_one_statement_for_one_family_and_for_twenty(app, db) -> None:
    freeze_time(app, NOW)
    one, twenty = make_regisseur(db, name="Els Een"), make_regisseur(db, name="Tina Twintig")
    _caseload(app, db, one, 1)
    _caseload(app, db, twenty, 20)
    counts, sizes = [], []
    for regisseur in (one, twenty):
        with app.test_request_context():
            regisseur = db.get(User, regisseur.id)
            regisseur.role_set  # noqa: B018 - the roles come with the login in a real request
            with counted_queries(app) as statements:
                items = items_for(db, regisseur)
        counts.append(len(statements))
        sizes.append(len(items))
    assert counts == [1, 1]
    assert sizes[1] > sizes[0] >= 4  # disagreement, message, action, checklist


def test_the_home_page_takes_as_many_statements_for_twenty_families_as_for_one(app, db) -> None:
    freeze_time(app, NOW)
    one, twenty = make_regisseur(db, name="Els Een"), make_regisseur(db, name="Tina Twintig")
    _caseload(app, db, one, 1)
    _caseload(app, db, twenty, 20)
    counts = []
    for regisseur in (one, twenty):
        visitor = sign_in(app, regisseur)
        visitor.text("/home")
        with counted_queries(app) as statements:
            html = visitor.text("/home")
        counts.append(len(statements))
        assert "Nu voor jou" in html
    assert counts[0] == counts[1]


def test_a_stranger_youth_of_another_family_sees_none_of_de_vries(app, db, world) -> None:
    """Mila (Bakker) with everything waiting in De Vries: a message, an appointment, Noah's nomination."""
    say(world, world.petra, conversation(world, world.eva, "gezin"), "Voor De Vries")
    appointment(world, world.eva)
    world.run(
        mentors.nominate,
        world.noah,
        name="Oom Ali",
        relation="oom_tante",
        contact="a@example.test",
        motivation="Hij helpt.",
    )
    mila = now_for(app, db, world.mila)
    assert all("De Vries" not in titles([item]) and item.detail != "Voor De Vries" for item in mila)
    assert set(kinds(mila)) <= {"plan", "checklist", "checklist_more"}
    assert all(f"/gezinnen/{world.family.id}/" not in item.url for item in mila)


def test_the_home_pages_statements_read_her_own_rows_not_every_row_of_a_status(app: Flask, db: Session) -> None:
    """'Nu voor jou' and the caseload's open own-data requests, found through her families: SQLite chose the status
    index (every accepted mentorship, every open request of every family) when nothing told it otherwise."""
    from webapp.home import now as home_now
    from webapp.owndata import services as owndata

    people = seed_demo(app, db)
    moment = datetime.now(UTC)
    for user in people.values():
        params = home_now.statement_params(user, moment.date(), moment, moment.date())
        assert not growing_steps(db, home_now.NOW_STATEMENT, params), user.name
    petra = people["petra"]
    assert not growing_steps(db, owndata._OPEN_FOR_REGISSEUR, {"regisseur_id": petra.id})
