"""Vraag het een andere pleegouder and the plan in the family's language: named multi-step attacks, beside the matrix
(issues 11 and 12).

The world (tests/authz/peers_world.py): on each side the family's foster parent is a member of Pleegouders, its
sharing 17-year-old of Jongeren, and an ervaringsdeskundige of Pleegouders; each has questions in every status, the
side's moderator asked two identity look-ups (one approved by the other side's moderator), and family B's regisseur
translated B's goal and situation into Turkish (B's foster parent reads Turkish). Each test takes the steps a person
would in a browser, checks the answer and the page, and that nothing changed; every refusal has its control.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import func, select

from tests.authz.peers_world import SEARCH_WORD, STATUSES
from tests.authz.routes import collected_routes
from tests.authz.world import ROLES, Actor, World
from webapp.models import AuditEvent, IdentityRequest, PeerFlag, PeerMember, PeerPost, PlanPartTranslation
from webapp.peers.moderation.services import IDENTITY_OBJECT

ROUTES = collected_routes()


def _actor(world: World, who: str) -> Actor:
    return world.actors.get(who) or world.insiders[who]


def _get(world: World, who: str, path: str, *, htmx: bool = False):
    return _actor(world, who).client(world.app).get(path, headers={"HX-Request": "true"} if htmx else {})


def _post(world: World, who: str, path: str, data: dict | None = None, *, htmx: bool = False):
    actor = _actor(world, who)
    headers = {"X-CSRFToken": actor.csrf, **({"HX-Request": "true"} if htmx else {})}
    return actor.client(world.app).post(path, data={**(data or {}), "csrf_token": actor.csrf}, headers=headers)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _words(response) -> str:
    """The page's text without its tags (search marks the words it found)."""
    return " ".join(re.sub(r"<[^>]+>", " ", _text(response)).split())


def _count(world: World, model, *where) -> int:
    world.db.expire_all()
    return world.db.exec(select(func.count()).select_from(model).where(*where)).one()


def _titles(world: World, side: str, space: str) -> dict[str, str]:
    """The question titles of one side in one space, by status (the deleted one's words are gone)."""
    household = world.families[side]
    world.db.expire_all()
    return {
        status: world.db.get(PeerPost, household.ids[f"peer_{space}"][status]).title or f"(deleted {side} {space})"
        for status in STATUSES
    }


def _pseudonym(world: World, member_id: int) -> str:
    return world.db.get(PeerMember, member_id).pseudonym


ANSWER = {"body": "Wij geven vijf euro per week.", "language": "nl"}


# --- the two spaces never meet --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "other_space"),
    [("youth-17-sharing", "pleegouders"), ("youth-14", "pleegouders"), ("foster-parent", "jongeren")],
)
def test_a_youth_never_opens_the_pleegouders_space_nor_a_foster_parent_the_jongeren_space(
    rolled_back: World, who: str, other_space: str
) -> None:
    world, b = rolled_back, rolled_back.b
    question = b.ids[f"peer_{other_space}"]["published"]  # published: every member of that space reads it
    before = (_count(world, PeerPost), _count(world, PeerFlag), _count(world, PeerMember))
    answers = [
        _get(world, who, f"/vragen/{other_space}"),
        _get(world, who, f"/vragen/{other_space}/{question}"),
        _get(world, who, f"/vragen/{other_space}/{question}", htmx=True),
        _get(world, who, f"/vragen/{other_space}/nieuw"),
        _get(world, who, f"/vragen/{other_space}/naam"),
        _get(world, who, f"/vragen/{other_space}/zoeken"),
        _post(world, who, f"/vragen/{other_space}/zoeken", {"q": SEARCH_WORD}),
        _post(world, who, f"/vragen/{other_space}/vergelijkbaar", {"title": f"Hoeveel {SEARCH_WORD}?"}, htmx=True),
        _post(world, who, f"/vragen/{other_space}/{question}/antwoorden", ANSWER),
        _post(world, who, f"/vragen/{other_space}/{question}/volgen", {}),
        _post(world, who, f"/moderatie/vlag/{question}", {"reason": "herkenbaar"}),
        _post(world, who, f"/moderatie/vlag/{question}", {"reason": "herkenbaar"}, htmx=True),
        _post(
            world,
            who,
            f"/vragen/{other_space}/nieuw",
            {"title": "Een vraag", "body": "Een tekst", "language": "nl", "topics": "geld"},
        ),
    ]
    for response in answers:
        assert response.status_code == 404, (who, response.request.path, response.status_code)
        assert "Zwaluwnest" not in _text(response)
    assert (_count(world, PeerPost), _count(world, PeerFlag), _count(world, PeerMember)) == before
    # The control: her own space opens, with the other side's published question in it.
    own_space = "jongeren" if other_space == "pleegouders" else "pleegouders"
    own_question = b.ids[f"peer_{own_space}"]["published"]
    page = _get(world, who, f"/vragen/{own_space}/{own_question}")
    assert page.status_code == 200 and _titles(world, "B", own_space)["published"] in _text(page)


def test_the_moderation_pages_and_the_roster_are_closed_to_everyone_but_moderators(rolled_back: World) -> None:
    """Every moderation route of the route table that is not a member's own (flag, help, her decisions, her
    invitation), as every role of the matrix and B's own members: 404, and nothing written. The roster of unanswered
    questions is for moderators and ervaringsdeskundigen."""
    world = rolled_back
    members_own = {"moderation.flag", "moderation.ask_regisseur", "moderation.mine"}
    members_own |= {"moderation.invitation", "moderation.answer_invitation"}
    b = world.b
    filled = {
        "post_id": b.ids["peer_pleegouders"]["in_review"],
        "member_id": b.ids["peer_members"][0],
        "request_id": b.ids["peer_identity_requests"][0],
        "word_id": b.ids["peer_word"],
        "action": "approve",
    }
    routes = [r for r in ROUTES if r.endpoint.startswith("moderation.") and r.endpoint not in members_own]
    assert len(routes) >= 12
    outsiders = [r for r in ROLES if r not in ("anonymous", "moderator")] + ["foster", "peer_expert", "regisseur_b"]
    before = (_count(world, IdentityRequest), _count(world, PeerMember, PeerMember.suspended_until.is_not(None)))
    for who in outsiders:
        for route in routes:
            path = route.rule
            for name in route.arguments:
                path = path.replace(f"<int:{name}>", str(filled[name])).replace(f"<{name}>", str(filled[name]))
            data = {"identity-reason": "Ik wil weten wie dit is, want ik ken haar misschien", "decision": "ja"}
            data |= {"suspend-days": "7", "suspend-reason": "x", "language": "nl", "phrase": "wegwezen"}
            data |= {"email": "expert@zwanenburg.test", "space": "pleegouders", "reason": "Ervaren"}
            response = _get(world, who, path) if route.method == "GET" else _post(world, who, path, data)
            assert response.status_code == 404, (who, route.method, path, response.status_code)
            assert "Zwaluwnest" not in _text(response)
        roster = _get(world, who, "/vragen/onbeantwoord")
        assert roster.status_code == (200 if who == "peer_expert" else 404), (who, roster.status_code)
    assert (_count(world, IdentityRequest), _count(world, PeerMember, PeerMember.suspended_until.is_not(None))) == (
        before
    )
    # The control: B's moderator opens them.
    for path in ("/moderatie", "/moderatie/identiteit", f"/moderatie/bericht/{filled['post_id']}"):
        assert _get(world, "moderator_b", path).status_code == 200, path


# --- posts not published are the writer's (and the moderators') alone -----------------------------------------------


def test_a_member_reads_no_post_of_another_member_in_review_rejected_hidden_or_deleted(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    cases = [("foster-parent", "pleegouders", "foster"), ("youth-17-sharing", "jongeren", "youth_17_sharing")]
    for who, space, writer in cases:
        titles = _titles(world, "B", space)
        for status in ("in_review", "rejected", "hidden", "deleted"):
            question = b.ids[f"peer_{space}"][status]
            for path in (
                f"/vragen/{space}/{question}",
                f"/vragen/{space}/{question}/{question}/wijzigen",
                f"/vragen/{space}/{question}/{question}/verwijderen",
            ):
                response = _get(world, who, path)
                assert response.status_code == 404, (who, path, response.status_code)
            for path, data in (
                (f"/vragen/{space}/{question}/antwoorden", ANSWER),
                (f"/vragen/{space}/{question}/volgen", {}),
                (f"/moderatie/vlag/{question}", {"reason": "herkenbaar"}),
            ):
                assert _post(world, who, path, data).status_code == 404, (who, path)
            listing = _text(_get(world, who, f"/vragen/{space}"))
            assert titles[status] not in listing and titles["published"] in listing
        # The control: the writer reads her own post in review and rejected (not the deleted one: its words are gone).
        for status in ("in_review", "rejected"):
            page = _get(world, writer, f"/vragen/{space}/{b.ids[f'peer_{space}'][status]}")
            assert page.status_code == 200 and titles[status] in _text(page), (writer, status)
    # An answer waiting under a published question: not on the question page, not by its own address.
    question, waiting = b.ids["peer_pleegouders"]["published"], b.ids["peer_answer_waiting"]
    page = _text(_get(world, "foster-parent", f"/vragen/pleegouders/{question}"))
    assert "Antwoord Zwaluwnest: tien euro" in page  # the published answer is there
    assert "Wachtend antwoord Zwaluwnest" not in page
    for path in (
        f"/vragen/pleegouders/{question}/{waiting}/wijzigen",
        f"/vragen/pleegouders/{question}/{waiting}/verwijderen",
    ):
        assert _get(world, "foster-parent", path).status_code == 404
    assert _post(world, "foster-parent", f"/moderatie/vlag/{waiting}", {"reason": "herkenbaar"}).status_code == 404


def test_the_rejection_note_is_read_by_the_writer_only(rolled_back: World) -> None:
    world = rolled_back
    note = "Afgewezen Zwaluwnest pleegouders: haal de naam van de school weg"
    assert note in _text(_get(world, "foster", "/moderatie/over-mij"))
    for who in ("foster-parent", "steungezin", "peer_expert", "youth_17_sharing"):
        assert note not in _text(_get(world, who, "/moderatie/over-mij")), who


# --- pseudonyms -----------------------------------------------------------------------------------------------------


def _member_pages(world: World, space: str) -> list[tuple[str, str, bool, dict | None]]:
    """(method, path, htmx, form) of every peers page and fragment a member of `space` opens."""
    b = world.b
    question, answer = b.ids[f"peer_{space}"]["published"], b.ids.get("peer_answer_published")
    pages = [
        ("GET", "/vragen", False, None),
        ("GET", f"/vragen/{space}", False, None),
        ("GET", f"/vragen/{space}?onderwerp=geld&taal=nl", True, None),
        ("GET", f"/vragen/{space}/{question}", False, None),
        ("GET", f"/vragen/{space}/{question}", True, None),
        ("GET", f"/vragen/{space}/nieuw", False, None),
        ("GET", f"/vragen/{space}/naam", False, None),
        ("GET", f"/vragen/{space}/zoeken", False, None),
        ("POST", f"/vragen/{space}/zoeken", False, {"q": SEARCH_WORD}),
        ("POST", f"/vragen/{space}/zoeken", True, {"q": SEARCH_WORD}),
        ("POST", f"/vragen/{space}/vergelijkbaar", True, {"title": f"Hoeveel {SEARCH_WORD} geven jullie"}),
        ("POST", f"/vragen/{space}/vergelijkbaar", False, {"title": f"Hoeveel {SEARCH_WORD} geven jullie"}),
        ("POST", f"/vragen/{space}/{question}/volgen", True, {}),
        ("GET", "/moderatie/over-mij", False, None),
        ("GET", "/", False, None),
    ]
    if space == "pleegouders":
        pages.append(("POST", f"/moderatie/vlag/{answer}", True, {"reason": "kwetsend"}))
    return pages


@pytest.mark.parametrize(("who", "space"), [("foster-parent", "pleegouders"), ("youth-17-sharing", "jongeren")])
def test_the_real_name_behind_a_pseudonym_appears_nowhere_a_member_can_see(
    rolled_back: World, who: str, space: str
) -> None:
    world, b = rolled_back, rolled_back.b
    writer_member = b.ids["peer_members"][0 if space == "pleegouders" else 1]
    pseudonyms = {_pseudonym(world, writer_member)}
    if space == "pleegouders":
        pseudonyms.add(_pseudonym(world, b.ids["peer_expert_member"]))
    seen = ""
    for method, path, htmx, form in _member_pages(world, space):
        response = _get(world, who, path, htmx=htmx) if method == "GET" else _post(world, who, path, form, htmx=htmx)
        assert response.status_code in (200, 302), (who, method, path, htmx, response.status_code)
        body = _text(response)
        assert not b.leaked(body), (who, method, path, htmx, b.leaked(body))
        seen += body
    # The control: the pages do show B's writers, under their pseudonyms only.
    assert pseudonyms <= {p for p in pseudonyms if p in seen}, pseudonyms


def test_a_member_who_chose_her_first_name_shows_only_that_never_her_surname(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    response = _post(world, "foster", "/vragen/pleegouders/voornaam", {"use_first_name": "y"})
    assert response.status_code in (200, 302)
    page = _text(_get(world, "foster-parent", f"/vragen/pleegouders/{b.ids['peer_pleegouders']['published']}"))
    foster = b.people["foster"]
    assert foster.first_name in page
    assert foster.name not in page and "Pleegzorg" not in page and foster.email not in page


# --- flags ------------------------------------------------------------------------------------------------------------


def test_a_member_never_flags_her_own_post_and_three_flags_by_one_person_never_hide_a_post(rolled_back: World) -> None:
    world, a = rolled_back, rolled_back.a
    own = a.ids["peer_pleegouders"]["published"]  # A's foster parent's own published question
    response = _post(world, "foster-parent", f"/moderatie/vlag/{own}", {"reason": "kwetsend"})
    assert response.status_code == 409
    assert _count(world, PeerFlag, PeerFlag.post_id == own) == 1  # only A's expert's flag from the world
    # Another member flags B's published answer three times: one flag, the post stays published.
    answer = world.b.ids["peer_answer_published"]
    for _ in range(3):
        assert _post(world, "steungezin", f"/moderatie/vlag/{answer}", {"reason": "kwetsend"}).status_code == 302
        _post(world, "steungezin", f"/moderatie/vlag/{answer}", {"reason": "herkenbaar"}, htmx=True)
    world.db.expire_all()
    post = world.db.get(PeerPost, answer)
    assert (post.flag_count, post.status) == (1, "published")
    assert _count(world, PeerFlag, PeerFlag.post_id == answer) == 1
    # The control: three different members do hide it.
    for who in ("foster-parent", "foster"):
        assert _post(world, who, f"/moderatie/vlag/{answer}", {"reason": "kwetsend"}).status_code == 302
    world.db.expire_all()
    post = world.db.get(PeerPost, answer)
    assert (post.flag_count, post.status, post.held_reason) == (3, "hidden", "vlaggen")


# --- identity look-ups -------------------------------------------------------------------------------------------------


def test_a_moderator_never_approves_her_own_identity_request_nor_reads_another_moderators_look_up(
    rolled_back: World,
) -> None:
    world, b = rolled_back, rolled_back.b
    member = b.ids["peer_members"][0]  # B's foster parent in Pleegouders (B's moderator asked about her too)
    foster = b.people["foster"]
    reason = "Zij schreef de naam van een school en een leeftijd, ik wil de regisseur bellen"
    assert (
        _post(world, "moderator", f"/moderatie/lid/{member}/identiteit", {"identity-reason": reason}).status_code == 302
    )
    world.db.expire_all()
    request = world.db.exec(select(IdentityRequest).where(IdentityRequest.reason == reason)).one()
    for decision in ("ja", "nee"):
        response = _post(world, "moderator", f"/moderatie/identiteit/{request.id}/besluit", {"decision": decision})
        assert response.status_code == 409
    reveal = _post(world, "moderator", f"/moderatie/identiteit/{request.id}/bekijken")
    assert reveal.status_code == 409 and foster.name not in _text(reveal)
    world.db.expire_all()
    assert world.db.get(IdentityRequest, request.id).approved is None
    # B's look-up that A's moderator approved herself in the world: only B's moderator, who asked, may look.
    approved = b.ids["peer_identity_requests"][1]
    response = _post(world, "moderator", f"/moderatie/identiteit/{approved}/bekijken")
    assert response.status_code == 404 and b.people["youth_17_sharing"].name not in _text(response)
    # The control: a second moderator approves, then the asker sees the name once, and it is in the access log.
    assert (
        _post(world, "moderator_b", f"/moderatie/identiteit/{request.id}/besluit", {"decision": "ja"}).status_code
        == 302
    )
    looked = (AuditEvent.family_id == b.family.id, AuditEvent.object_type == IDENTITY_OBJECT)
    assert _count(world, AuditEvent, *looked) == 0
    shown = _post(world, "moderator", f"/moderatie/identiteit/{request.id}/bekijken")
    assert shown.status_code == 200 and foster.name in _text(shown)
    assert _post(world, "moderator", f"/moderatie/identiteit/{request.id}/bekijken").status_code == 409
    assert _count(world, AuditEvent, *looked, AuditEvent.subject_id == foster.id) == 1  # her family's access log


def test_an_identity_request_without_a_reason_is_refused_with_a_message_not_a_server_error(rolled_back: World) -> None:
    """Found by the matrix: the refusal joined lazy translated strings and crashed (HTTP 500)."""
    world = rolled_back
    member = world.b.ids["peer_members"][0]
    before = _count(world, IdentityRequest)
    for data in ({}, {"identity-reason": "kort"}):
        response = _post(world, "moderator", f"/moderatie/lid/{member}/identiteit", data)
        assert response.status_code == 400
        assert "minstens" in _text(response) or "Schrijf" in _text(response)
    assert _count(world, IdentityRequest) == before


# --- search -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "space"), [("foster-parent", "pleegouders"), ("youth-17-sharing", "jongeren"), ("moderator", "pleegouders")]
)
def test_search_finds_only_published_questions_of_the_searchers_space(rolled_back: World, who: str, space: str) -> None:
    world = rolled_back
    other = "jongeren" if space == "pleegouders" else "pleegouders"
    for htmx in (False, True):
        page = _words(_post(world, who, f"/vragen/{space}/zoeken", {"q": SEARCH_WORD}, htmx=htmx))
        similar = _words(
            _post(
                world,
                who,
                f"/vragen/{space}/vergelijkbaar",
                {"title": f"Hoeveel {SEARCH_WORD} geven jullie"},
                htmx=htmx,
            )
        )
        for side in ("A", "B"):
            titles = _titles(world, side, space)
            for body in (page, similar):
                assert titles["published"] in body, (who, side, "published missing")
                for status in ("in_review", "rejected", "hidden"):
                    assert titles[status] not in body, (who, side, status, htmx)
                for title in _titles(world, side, other).values():
                    assert title not in body, (who, side, other)


# --- the plan in the family's language ---------------------------------------------------------------------------------


def _translation(world: World) -> PlanPartTranslation:
    world.db.expire_all()
    return world.db.exec(
        select(PlanPartTranslation).where(
            PlanPartTranslation.family_id == world.b.family.id, PlanPartTranslation.part.like("goal:%")
        )
    ).one()


def test_no_one_but_family_bs_regisseur_writes_or_removes_its_plan_translations(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    goal, family = b.ids["translated_goal"], b.family.id
    before = _translation(world).text
    form = {"text": "Aile her pazar kahvaltı yapar", "interpreter": "Sahte Tolk"}
    writers = [r for r in ROLES if r != "anonymous"] + ["parent", "youth_17_sharing", "foster", "mentor_active"]
    for who in writers:
        for path in (
            f"/gezinnen/{family}/plan/vertalingen/doel/{goal}/tr",
            f"/gezinnen/{family}/plan/vertalingen/situatie/gezin/tr",
            f"/gezinnen/{family}/plan/vertalingen/doel/{goal}/tr/weghalen",
        ):
            response = _post(world, who, path, form)
            assert response.status_code == 404, (who, path, response.status_code)
        for path in (f"/gezinnen/{family}/plan/vertalingen", f"/gezinnen/{family}/plan/vertalingen/doel/{goal}"):
            response = _get(world, who, path)
            assert response.status_code == 404 and before not in _text(response), (who, path)
    # A's regisseur with her own family in the address and B's goal in it.
    own = world.a.family.id
    response = _post(world, "regisseur-of-this-family", f"/gezinnen/{own}/plan/vertalingen/doel/{goal}/tr", form)
    assert response.status_code == 404
    assert _translation(world).text == before
    assert _count(world, PlanPartTranslation, PlanPartTranslation.family_id == family) == 2
    # The control: B's regisseur changes it.
    response = _post(world, "regisseur_b", f"/gezinnen/{family}/plan/vertalingen/doel/{goal}/tr", form)
    assert response.status_code == 302
    assert _translation(world).text == form["text"]


def test_a_family_member_of_family_a_reads_none_of_family_bs_plan_translations(rolled_back: World) -> None:
    world, a, b = rolled_back, rolled_back.a, rolled_back.b
    translated = _translation(world).text
    for who in ("foster-parent", "parent-with-authority", "youth-17-sharing"):
        user = _actor(world, who).user
        user.language = "tr"  # she reads Turkish, like B's foster parent
        world.db.add(user)
        world.db.commit()
        own = _get(world, who, f"/gezinnen/{a.family.id}/plan")
        assert own.status_code == 200, (who, own.status_code)
        assert translated not in _text(own) and not b.leaked(_text(own)), who
        for path in (f"/gezinnen/{b.family.id}/plan", f"/gezinnen/{b.family.id}/plan/vertalingen"):
            response = _get(world, who, path)
            assert response.status_code == 404 and translated not in _text(response), (who, path)
    # The control: B's foster parent reads it on her plan, beside who translated it.
    page = _text(_get(world, "foster", f"/gezinnen/{b.family.id}/plan"))
    assert translated in page and "Tolk Zwanenburg" in page


def test_the_word_lists_page_names_every_list_language_also_one_the_interface_does_not_offer_yet(
    rolled_back: World,
) -> None:
    """Found by the fuzzer: crisis words in Farsi made the moderator's word lists page a server error (its language
    had no name in the interface's list)."""
    response = _get(rolled_back, "moderator", "/moderatie/woorden")
    assert response.status_code == 200
    assert 'lang="fa"' in _text(response) and "فارسی" in _text(response)
