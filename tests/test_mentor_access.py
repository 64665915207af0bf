"""What a JIM mentor sees: the youth's first name, her appointments with him, and only the goals she shares with him;
nothing else of the family (404 on the family, its plan, the toekomstplan and its conversations), and nothing any
more once the mentorship ended. Strangers get 404 on every mentorship, appointment and mentor conversation; the
regisseur does not read the youth's conversation with her mentor, nor the parents the mentor's with the regisseur.
"""

from __future__ import annotations

import pytest

from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import GOAL_TITLES, Visitor, call, page_text, sign_in
from webapp.mentors import services
from webapp.messages import services as messages
from webapp.models import ConversationKind, Mentorship

T = GOAL_TITLES


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db, plan=True)


@pytest.fixture
def active(world: JimWorld) -> Mentorship:
    return world.active_mentorship()


def _family_conversations(world: JimWorld) -> dict[str, int]:
    """Sara's family conversation and her private one with the regisseur."""
    summaries = call(world.app, world.db, messages.conversations, world.sara)
    return {s.conversation.kind: s.conversation.id for s in summaries if s.conversation.mentorship_id is None}


def _mentor_conversations(world: JimWorld, mentorship: Mentorship) -> dict[str, int]:
    """The mentor <-> regisseur and the youth <-> mentor conversations (made on first use, as the pages do)."""
    call(world.app, world.db, messages.conversations, world.karim)
    kinds = (ConversationKind.MENTOR, ConversationKind.JIM)
    return {kind: world.conversation(kind, mentorship).id for kind in kinds}


def _share(sara: Visitor, goal_id: int, shared: bool) -> None:
    response = sara.post(f"/mentor/doelen/{goal_id}", {"gedeeld": "ja" if shared else "nee"})
    assert response.status_code == 302


# --- what the active mentor sees ------------------------------------------------------------------------------------


def test_an_active_mentor_sees_the_first_name_and_only_the_shared_goals(app, world: JimWorld, active) -> None:
    sara = sign_in(app, world.sara)
    _share(sara, world.goals["sara_school"].id, True)
    karim = sign_in(app, world.karim)
    page = page_text(karim.text(f"/mentoren/{active.id}"))
    assert "Mentor van Sara" in page
    assert T["sara_school"] in page
    hidden = set(T.values()) - {T["sara_school"]}
    assert not [title for title in hidden if title in page]
    assert "Afspraak bij de huisarts maken" not in page  # an action of a goal she did not share
    assert "vries" not in page.lower()  # no family name
    assert "Sara de Vries" not in page_text(karim.text("/mentoren"))

    _share(sara, world.goals["sara_school"].id, False)
    assert T["sara_school"] not in page_text(karim.text(f"/mentoren/{active.id}"))


def test_a_youth_can_only_share_her_own_goals(app, world: JimWorld, active) -> None:
    sara = sign_in(app, world.sara)
    for key in ("noah", "family", "eva"):  # her brother's goal, the family's, her mother's
        response = sara.post(f"/mentor/doelen/{world.goals[key].id}", {"gedeeld": "ja"})
        assert response.status_code == 404
    assert world.run(services.shared_goal_ids, world.sara.id) == set()


def test_a_mentor_sees_the_appointments_he_takes_part_in_with_first_names_only(app, world: JimWorld, active) -> None:
    overleg = world.propose(world.petra, [world.sara, world.karim])
    page = page_text(sign_in(app, world.karim).text(f"/afspraken/{overleg.id}"))
    assert "Sara" in page
    assert "vries" not in page.lower()


def _closed_to_the_mentor(world: JimWorld, mentorship: Mentorship) -> list[str]:
    family, sara, noah = world.family.id, world.sara.id, world.noah.id
    others = world.propose(world.petra, [world.eva], kind="anders", title="Gesprek over school")
    noahs = world.active_mentorship(world.noah)
    conversations = _family_conversations(world)
    return [
        f"/gezinnen/{family}",
        f"/gezinnen/{family}/plan",
        f"/gezinnen/{family}/plan/print",
        f"/gezinnen/{family}/plan/wie-heeft-gekeken",
        f"/gezinnen/{family}/plan/versie/1/veranderingen",
        f"/toekomstplan/{sara}",
        f"/toekomstplan/{noah}",
        f"/berichten/{conversations[ConversationKind.FAMILY]}",
        f"/berichten/{conversations[ConversationKind.PRIVATE]}",
        f"/mentoren/{noahs.id}",
        f"/afspraken/{others.id}",
        f"/afspraken/{others.id}/agenda.ics",
    ]


def test_an_active_mentor_gets_404_on_everything_else_of_the_family(app, world: JimWorld, active) -> None:
    karim = sign_in(app, world.karim)
    assert karim.get(f"/mentoren/{active.id}").status_code == 200
    for path in _closed_to_the_mentor(world, active):
        assert karim.get(path).status_code == 404, path
    assert karim.post(f"/gezinnen/{world.family.id}/plan/versie/1/antwoord", {"agrees": "ja"}).status_code == 404


def test_a_mentor_whose_mentorship_ended_loses_access(app, world: JimWorld, active) -> None:
    overleg = world.propose(world.petra, [world.sara, world.karim])
    conversations = _mentor_conversations(world, active)
    karim, sara = sign_in(app, world.karim), sign_in(app, world.sara)
    assert karim.get(f"/berichten/{conversations[ConversationKind.JIM]}").status_code == 200
    jim = f"/berichten/{conversations[ConversationKind.JIM]}"
    assert sara.post(jim, {"body": "Hoi Karim", "client_key": "k1"}).status_code == 302

    assert sara.post(f"/mentoren/{active.id}/stoppen").status_code == 302
    assert karim.get(f"/mentoren/{active.id}").status_code == 404
    assert karim.get(f"/mentoren/{active.id}/stoppen").status_code == 404
    for conversation_id in conversations.values():
        assert karim.get(f"/berichten/{conversation_id}").status_code == 404
    assert "Sara" not in page_text(karim.text("/mentoren"))
    assert "Hoi Karim" in page_text(sara.text(jim))  # she reads it back
    assert karim.get(f"/afspraken/{overleg.id}").status_code == 404  # access follows the mentorship (issue 9, 3)


def test_an_accepted_mentor_sees_no_goals_before_the_approval(app, world: JimWorld) -> None:
    mentorship, token = world.nominate()
    world.accept(token)
    sara = sign_in(app, world.sara)
    _share(sara, world.goals["sara_school"].id, True)
    karim = sign_in(app, world.karim)
    page = page_text(karim.text(f"/mentoren/{mentorship.id}"))
    assert "Mentor van Sara" in page
    assert not [title for title in T.values() if title in page]
    view = world.run(services.get, world.karim, mentorship.id)
    assert world.run(services.goals_for, world.karim, view) == []
    mentor_conversation = world.conversation(ConversationKind.MENTOR, mentorship)  # he can talk to the regisseur
    assert karim.get(f"/berichten/{mentor_conversation.id}").status_code == 200
    for path in _closed_to_the_mentor(world, mentorship):
        assert karim.get(path).status_code == 404, path


def test_a_nominee_who_has_not_answered_sees_nothing(app, world: JimWorld) -> None:
    mentorship, _token = world.nominate()
    assert sign_in(app, world.karim).get(f"/mentoren/{mentorship.id}").status_code == 404


# --- strangers ----------------------------------------------------------------------------------------------------


def test_strangers_get_404_on_the_mentorship_its_appointments_and_conversations(app, world: JimWorld, active) -> None:
    overleg = world.propose(world.petra, [world.sara, world.karim])
    conversations = _mentor_conversations(world, active)
    paths = [
        f"/mentoren/{active.id}",
        f"/mentoren/{active.id}/stoppen",
        f"/afspraken/{overleg.id}",
        f"/afspraken/{overleg.id}/agenda.ics",
        f"/afspraken/{overleg.id}/wijzigen",
        *(f"/berichten/{cid}" for cid in conversations.values()),
    ]
    # another youth, another regisseur, a parent of another family, someone without a family, her brother, her
    # parents (she is 17: they are not asked), and another adult
    for who in ("mila", "ruud", "anouk", "outsider", "noah", "eva", "tom", "joost"):
        visitor = sign_in(app, getattr(world, who))
        for path in paths:
            assert visitor.get(path).status_code == 404, (who, path)
        assert visitor.post(f"/afspraken/{overleg.id}/antwoord", {"answer": "bevestigd"}).status_code == 404, who
        jim = f"/berichten/{conversations[ConversationKind.JIM]}"
        assert visitor.post(jim, {"body": "Hoi", "client_key": f"x-{who}"}).status_code == 404, who
    assert world.fresh(active).status == "actief"
    assert world.answers(overleg)[world.sara.id] == "open"


# --- the two mentor conversations ---------------------------------------------------------------------------------


def test_the_regisseur_cannot_read_the_youths_conversation_with_her_mentor(app, world: JimWorld, active) -> None:
    conversations = _mentor_conversations(world, active)
    petra = sign_in(app, world.petra)
    assert petra.get(f"/berichten/{conversations[ConversationKind.JIM]}").status_code == 404
    assert petra.get(f"/berichten/{conversations[ConversationKind.MENTOR]}").status_code == 200
    listed = {s.conversation.id for s in call(app, world.db, messages.conversations, world.petra)}
    assert conversations[ConversationKind.JIM] not in listed
    assert conversations[ConversationKind.MENTOR] in listed


def test_the_family_cannot_read_the_mentors_conversation_with_the_regisseur(app, world: JimWorld, active) -> None:
    conversations = _mentor_conversations(world, active)
    for who in ("eva", "tom", "ingrid", "sara"):
        visitor = sign_in(app, getattr(world, who))
        assert visitor.get(f"/berichten/{conversations[ConversationKind.MENTOR]}").status_code == 404, who
        jim = visitor.get(f"/berichten/{conversations[ConversationKind.JIM]}").status_code
        assert jim == (200 if who == "sara" else 404), who


def test_the_mentor_reads_both_conversations_and_none_of_the_family(app, world: JimWorld, active) -> None:
    conversations = _mentor_conversations(world, active)
    listed = {s.conversation.id for s in call(app, world.db, messages.conversations, world.karim)}
    assert listed == set(conversations.values())
    karim = sign_in(app, world.karim)
    for conversation_id in _family_conversations(world).values():
        assert karim.get(f"/berichten/{conversation_id}").status_code == 404


# --- the family's access log ------------------------------------------------------------------------------------


def test_the_regisseurs_look_at_a_mentorship_is_logged_for_the_youth_and_for_parents_only_under_16(
    app, world: JimWorld
) -> None:
    """From 16 her mentor is her own business: her parents do not even learn from the access log that there is one."""
    seen = "heeft de aanmelding van een JIM-mentor bekeken"
    sara_mentorship, _token = world.nominate()
    noah_mentorship, _token = world.nominate(world.noah, name="Joost Peeters")
    petra = sign_in(app, world.petra)
    for mentorship in (sara_mentorship, noah_mentorship):
        assert petra.get(f"/mentoren/{mentorship.id}").status_code == 200
    log = f"/gezinnen/{world.family.id}/plan/wie-heeft-gekeken"
    assert page_text(sign_in(app, world.sara).text(log)).count(seen) == 1  # her own, not her brother's
    assert page_text(sign_in(app, world.noah).text(log)).count(seen) == 1
    assert page_text(sign_in(app, world.eva).text(log)).count(seen) == 1  # her mother: only Noah's (14)
