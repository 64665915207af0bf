"""Publishing versions of the gezinsplan, and "what changed" between two versions, in words the family understands.

The regisseur edits a draft; publishing freezes it into a numbered version with her summary. Published versions
never change. The comparison (webapp/plans/snapshot.py) is tested directly on hand-made snapshots, through the
draft (take -> publish -> compare) and on the /versie/<n>/veranderingen page.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.plan_factories import GOAL_TITLES, TODAY, PlanWorld, build_world, page_text, sign_in
from webapp.models import Action, GoalStatus, Involved, Plan, PlanVersion, ZrmDomain, ZrmScore
from webapp.plans import drafting, services, snapshot
from webapp.plans.services import PlanError
from webapp.plans.snapshot import FAMILY, UNKNOWN, Change

T = GOAL_TITLES


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def _versions(world: PlanWorld) -> list[PlanVersion]:
    world.db.expire_all()
    plan = world.db.exec(select(Plan).where(Plan.family_id == world.family.id)).one()
    return list(world.db.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.number)))


def _action(world: PlanWorld, what: str) -> Action:
    world.db.expire_all()
    return world.db.exec(select(Action).where(Action.what == what)).one()


def _edit_everything(world: PlanWorld) -> None:
    """One of each kind of change to the draft of De Vries."""
    petra, family_id, goals = world.petra, world.family.id, world.goals
    world.run(
        drafting.save_goal,
        petra,
        family_id,
        goals["family"].id,
        title="We eten vaak samen",
        about_user_id=None,
        status=GoalStatus.BUSY,
        target_date=None,
    )
    world.run(
        drafting.save_goal,
        petra,
        family_id,
        goals["noah"].id,
        title=T["noah"],
        about_user_id=world.noah.id,
        status=GoalStatus.REACHED,
        target_date=None,
    )
    world.run(
        drafting.save_goal,
        petra,
        family_id,
        goals["eva"].id,
        title=T["eva"],
        about_user_id=world.eva.id,
        status=GoalStatus.BUSY,
        target_date=date(2027, 9, 1),
    )
    world.run(drafting.add_note, petra, family_id, goals["lina"].id, "Lina heeft haar A-diploma")
    world.run(drafting.set_action_done, petra, family_id, _action(world, "Zwemles regelen").id, True)
    world.run(
        drafting.add_action,
        petra,
        family_id,
        what="Naar de open dag",
        who="Sara en Eva",
        due_date=TODAY + timedelta(days=20),
        goal_id=None,
    )
    world.run(drafting.add_involved, petra, family_id, name="Juf Anna", role="leerkracht", organisation="", contact="")
    old = world.db.exec(select(Involved).where(Involved.name == "Jeugdarts Bos")).one()
    world.run(drafting.remove_involved, petra, family_id, old.id)
    world.run(drafting.record_zrm, petra, family_id, {ZrmDomain.FINANCIEN: 3, ZrmDomain.ADL: 4}, TODAY)
    world.run(
        drafting.update_basics,
        petra,
        family_id,
        situation="Het gaat beter thuis.",
        agreements="Elke maand praten.",
        next_evaluation=date(2027, 5, 1),
    )
    world.goal("Tom en Eva maken samen afspraken", world.tom)


# --- publishing -------------------------------------------------------------------------------------------------


def test_publishing_numbers_the_versions_and_keeps_the_summary(world: PlanWorld) -> None:
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["noah"].id, "Hij gaat elke dag.")
    world.publish("  Noah gaat weer naar school.  ")
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["noah"].id, "Nog steeds.")
    world.publish("Nog een notitie.")
    versions = _versions(world)
    assert [(v.number, v.summary) for v in versions] == [
        (1, "Het eerste plan."),
        (2, "Noah gaat weer naar school."),
        (3, "Nog een notitie."),
    ]
    assert all(v.published_by_id == world.petra.id for v in versions)
    assert versions[-1].published_at.date() == TODAY


def test_a_published_version_never_changes_when_the_draft_is_edited(world: PlanWorld) -> None:
    first = copy.deepcopy(_versions(world)[0].content)
    _edit_everything(world)
    world.publish("Veel veranderd.")
    assert _versions(world)[0].content == first
    shown = world.run(services.view_plan, world.eva, world.family.id, number=1)
    assert {g["title"] for g in shown.goals} >= {T["family"], T["noah"]}
    assert "We eten vaak samen" not in {g["title"] for g in shown.goals}


def test_the_family_sees_draft_edits_only_after_publishing(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    world.run(
        drafting.save_goal,
        world.petra,
        world.family.id,
        world.goals["family"].id,
        title="We eten vaak samen",
        about_user_id=None,
        status=GoalStatus.BUSY,
        target_date=None,
    )
    page = eva.text(world.plan_url())
    assert T["family"] in page and "We eten vaak samen" not in page
    world.publish("Een nieuw woord.")
    page = eva.text(world.plan_url())
    assert "We eten vaak samen" in page and "Een nieuw woord." in page


def test_publishing_an_unchanged_draft_is_refused(world: PlanWorld) -> None:
    with pytest.raises(PlanError, match="Er is niets veranderd sinds de vorige versie"):
        world.publish("Nog een keer hetzelfde.")
    assert len(_versions(world)) == 1


def test_publishing_needs_a_summary(world: PlanWorld) -> None:
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["noah"].id, "Nieuw.")
    for summary in ("", "   \n "):
        with pytest.raises(PlanError, match="Schrijf in een paar woorden wat er veranderd is"):
            world.publish(summary)
    assert len(_versions(world)) == 1


def test_the_editor_publishes_and_explains_a_refusal(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    publish = f"{world.editor_url()}/publiceren"
    unchanged = petra.post(publish, {"summary": "Niets nieuw eigenlijk"})
    assert unchanged.status_code == 400
    text = page_text(unchanged.get_data(as_text=True))
    assert "Er is niets veranderd sinds de vorige versie." in text
    assert "Niets nieuw eigenlijk" in text  # what she typed is kept
    empty = petra.post(publish, {"summary": ""})
    assert empty.status_code == 400
    assert "Schrijf in een paar woorden wat er veranderd is." in page_text(empty.get_data(as_text=True))

    assert (
        petra.post(f"{world.editor_url()}/doelen/{world.goals['noah'].id}/notities", {"text": "Gaat goed"}).status_code
        == 302
    )
    published = petra.post(publish, {"summary": "Een notitie bij Noah."}, follow_redirects=True)
    assert published.status_code == 200
    assert "Versie 2 is gepubliceerd" in page_text(published.get_data(as_text=True))
    assert [v.summary for v in _versions(world)] == ["Het eerste plan.", "Een notitie bij Noah."]


# --- snapshot.compare on hand-made snapshots ---------------------------------------------------------------------


def _goal(id_: int, title: str, status: str = "bezig", target: str | None = None, notes=()) -> dict:
    return {
        "id": id_,
        "about_user_id": None,
        "about_name": None,
        "title": title,
        "status": status,
        "target_date": target,
        "notes": [{"id": n, "text": text, "date": "2027-03-01"} for n, text in notes],
    }


def _action_dict(id_: int, what: str, who: str = "Eva", goal_id: int | None = None, done: bool = False) -> dict:
    return {"id": id_, "goal_id": goal_id, "what": what, "who": who, "due_date": None, "done": done}


def _snap(**parts) -> dict:
    base = {"situation": "", "agreements": "", "next_evaluation": None, "goals": [], "actions": []}
    return base | {"involved": [], "zrm": []} | parts


BEFORE = _snap(
    situation="Het is druk thuis.",
    goals=[_goal(1, "Rust in huis", notes=[(1, "Eerste gesprek")]), _goal(2, "Lina leert zwemmen", "nieuw")],
    actions=[_action_dict(1, "Zwemles regelen", goal_id=2), _action_dict(2, "Rooster maken")],
    involved=[{"id": 1, "name": "Jeugdarts Bos", "role": "arts", "organisation": "", "contact": ""}],
    zrm=[{"domain": "financien", "score": 2, "assessed_on": "2027-01-01"}],
)


def _changed(**parts) -> dict:
    return copy.deepcopy(BEFORE) | parts


CASES = [
    ("goal added", _changed(goals=[*BEFORE["goals"], _goal(3, "Noah sport")]), [Change("goal_added", 3, "Noah sport")]),
    ("goal removed", _changed(goals=BEFORE["goals"][:1]), [Change("goal_removed", 2, "Lina leert zwemmen")]),
    (
        "goal renamed",
        _changed(goals=[_goal(1, "Rust in ons huis", notes=[(1, "Eerste gesprek")]), BEFORE["goals"][1]]),
        [Change("goal_title", 1, "Rust in ons huis", "Rust in huis", "Rust in ons huis")],
    ),
    (
        "status changed",
        _changed(goals=[BEFORE["goals"][0], _goal(2, "Lina leert zwemmen", "bezig")]),
        [Change("goal_status", 2, "Lina leert zwemmen", "nieuw", "bezig")],
    ),
    (
        "target date set",
        _changed(goals=[BEFORE["goals"][0], _goal(2, "Lina leert zwemmen", "nieuw", "2027-07-01")]),
        [Change("goal_target", 2, "Lina leert zwemmen", None, "2027-07-01")],
    ),
    (
        "note added",
        _changed(goals=[_goal(1, "Rust in huis", notes=[(1, "Eerste gesprek"), (2, "Beter")]), BEFORE["goals"][1]]),
        [Change("goal_note", 1, "Rust in huis", after="Beter")],
    ),
    (
        "action done",
        _changed(actions=[_action_dict(1, "Zwemles regelen", goal_id=2, done=True), BEFORE["actions"][1]]),
        [Change("action_done", 2, "Zwemles regelen")],
    ),
    (
        "action added",
        _changed(actions=[*BEFORE["actions"], _action_dict(3, "Bellen", "Tom")]),
        [Change("action_added", None, "Bellen", after="Tom")],
    ),
    ("action removed", _changed(actions=BEFORE["actions"][:1]), [Change("action_removed", None, "Rooster maken")]),
    (
        "involved added",
        _changed(
            involved=[
                *BEFORE["involved"],
                {"id": 2, "name": "Juf Anna", "role": "juf", "organisation": "", "contact": ""},
            ]
        ),
        [Change("involved_added", subject="Juf Anna", about=UNKNOWN)],
    ),
    ("involved removed", _changed(involved=[]), [Change("involved_removed", subject="Jeugdarts Bos", about=UNKNOWN)]),
    (
        "zrm score changed",
        _changed(zrm=[{"domain": "financien", "score": 3, "assessed_on": "2027-03-01"}]),
        [Change("zrm", subject="financien", before="2", after="3", about=UNKNOWN)],
    ),
    (
        "zrm domain scored for the first time",
        _changed(zrm=[*BEFORE["zrm"], {"domain": "adl", "score": 4, "assessed_on": "2027-03-01"}]),
        [Change("zrm", subject="adl", before=None, after="4", about=UNKNOWN)],
    ),
    (
        "situation rewritten",
        _changed(situation="Rustiger."),
        [Change("situation", before="Het is druk thuis.", after="Rustiger.", about=UNKNOWN)],
    ),
    (
        "agreements changed",
        _changed(agreements="Elke week bellen."),
        [Change("agreements", before="", after="Elke week bellen.", about=UNKNOWN)],
    ),
    (
        "evaluation moved",
        _changed(next_evaluation="2027-05-01"),
        [Change("evaluation", before=None, after="2027-05-01", about=FAMILY)],
    ),
    (
        "situation taken out",
        _changed(situation=""),
        [Change("situation", before="Het is druk thuis.", after="", about=UNKNOWN)],
    ),
    ("nothing", _changed(), []),
]

DONE_BEFORE = _changed(actions=[BEFORE["actions"][0], _action_dict(2, "Rooster maken", done=True)])


def test_compare_notices_an_action_that_is_open_again_and_a_date_taken_out() -> None:
    later = copy.deepcopy(BEFORE) | {"next_evaluation": None}
    dated = copy.deepcopy(DONE_BEFORE) | {"next_evaluation": "2027-05-01"}
    assert snapshot.compare(dated, later) == [
        Change("evaluation", before="2027-05-01", after=None, about=FAMILY),
        Change("action_reopened", None, "Rooster maken"),
    ]


@pytest.mark.parametrize(("case", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_compare_names_exactly_what_changed(case: str, new: dict, expected: list[Change]) -> None:
    assert snapshot.compare(BEFORE, new) == expected


def test_compare_without_an_older_version_lists_everything_as_new() -> None:
    changes = snapshot.compare(None, BEFORE)
    assert {(c.kind, c.subject) for c in changes} == {
        ("situation", ""),
        ("goal_added", "Rust in huis"),
        ("goal_added", "Lina leert zwemmen"),
        ("action_added", "Zwemles regelen"),
        ("action_added", "Rooster maken"),
        ("involved_added", "Jeugdarts Bos"),
        ("zrm", "financien"),
    }
    assert next(c for c in changes if c.kind == "zrm").before is None
    assert next(c for c in changes if c.subject == "Zwemles regelen").goal_id == 2  # filtered with its goal


def test_latest_zrm_takes_the_newest_score_per_domain() -> None:
    scores = [
        ZrmScore(id=1, plan_id=1, domain="financien", score=2, assessed_on=date(2027, 1, 1)),
        ZrmScore(id=2, plan_id=1, domain="financien", score=4, assessed_on=date(2027, 2, 1)),
        ZrmScore(id=4, plan_id=1, domain="adl", score=5, assessed_on=date(2027, 2, 1)),
        ZrmScore(id=3, plan_id=1, domain="adl", score=3, assessed_on=date(2027, 2, 1)),  # same day: the later row
        ZrmScore(id=5, plan_id=1, domain="financien", score=1, assessed_on=date(2026, 12, 1)),  # older, added later
    ]
    assert {domain: s.score for domain, s in snapshot.latest_zrm(scores).items()} == {"financien": 4, "adl": 5}


# --- take -> publish -> compare, through the draft ----------------------------------------------------------------


def test_comparing_two_published_versions_finds_each_edit_of_the_draft(world: PlanWorld) -> None:
    _edit_everything(world)
    world.publish("Veel veranderd.")
    first, second = _versions(world)
    found = {(c.kind, c.subject, c.before, c.after) for c in snapshot.compare(first.content, second.content)}
    assert found == {
        ("situation", "", "", "Het gaat beter thuis."),
        ("agreements", "", "", "Elke maand praten."),
        ("evaluation", "", None, "2027-05-01"),
        ("goal_title", "We eten vaak samen", T["family"], "We eten vaak samen"),
        ("goal_status", T["noah"], "bezig", "gehaald"),
        ("goal_target", T["eva"], None, "2027-09-01"),
        ("goal_note", T["lina"], None, "Lina heeft haar A-diploma"),
        ("goal_added", "Tom en Eva maken samen afspraken", None, None),
        ("action_done", "Zwemles regelen", None, None),
        ("action_added", "Naar de open dag", None, "Sara en Eva"),
        ("involved_added", "Juf Anna", None, None),
        ("involved_removed", "Jeugdarts Bos", None, None),
        ("zrm", "financien", "2", "3"),
        ("zrm", "adl", None, "4"),
    }


def test_a_snapshot_keeps_the_draft_ids_and_who_a_goal_is_about(world: PlanWorld) -> None:
    content = _versions(world)[0].content
    by_title = {g["title"]: g for g in content["goals"]}
    assert by_title[T["noah"]]["id"] == world.goals["noah"].id
    assert by_title[T["noah"]]["about_name"] == "Noah"
    assert by_title[T["family"]]["about_user_id"] is None
    assert {z["domain"]: z["score"] for z in content["zrm"]} == {"financien": 2, "huisvesting": 4}


# --- the "what changed" page --------------------------------------------------------------------------------------


def test_the_changes_page_tells_the_family_what_changed_in_plain_sentences(app, world: PlanWorld) -> None:
    _edit_everything(world)
    world.publish("Lina kan zwemmen en Noah gaat weer naar school.")
    text = page_text(sign_in(app, world.eva).text(f"{world.plan_url()}/versie/2/veranderingen"))
    for sentence in (
        "Lina kan zwemmen en Noah gaat weer naar school.",
        "Een doel heeft nieuwe woorden: eerst „We eten elke dag samen”, nu „We eten vaak samen”.",
        f"{T['noah']}: eerst „we zijn bezig”, nu „gehaald”.",
        f"Nieuwe notitie bij {T['lina']}: Lina heeft haar A-diploma",
        "Klaar: Zwemles regelen",
        "Nieuwe actie: Naar de open dag (Sara en Eva)",
        "Helpt nu mee: Juf Anna",
        "Helpt niet meer mee: Jeugdarts Bos",
        "Geld: van 2 naar 3 (van 5).",
        "Nieuw doel: Tom en Eva maken samen afspraken",
        "De afspraken zijn veranderd.",
    ):
        assert sentence in text, sentence


def test_the_changes_page_of_the_first_version_lists_everything_as_new(app, world: PlanWorld) -> None:
    text = page_text(sign_in(app, world.eva).text(f"{world.plan_url()}/versie/1/veranderingen"))
    for sentence in (
        f"Nieuw doel: {T['family']}",
        f"Nieuw doel: {T['lina']}",
        "Nieuwe actie: Zwemles regelen (Eva)",
        "Helpt nu mee: Jeugdarts Bos",
        "Geld: 2 (van 5).",
        "Het eerste plan.",
    ):
        assert sentence in text, sentence


def test_the_changes_page_only_tells_what_the_viewer_may_see(app, world: PlanWorld) -> None:
    goal = world.goals["sara_feelings"]
    world.run(drafting.add_note, world.petra, world.family.id, goal.id, "Sara heeft een eerste gesprek gehad")
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["noah"].id, "Noah is elke dag geweest")
    world.publish("Twee notities.")
    url = f"{world.plan_url()}/versie/2/veranderingen"
    eva_text = page_text(sign_in(app, world.eva).text(url))
    assert "Noah is elke dag geweest" in eva_text
    assert "Sara heeft een eerste gesprek gehad" not in eva_text
    sara_text = page_text(sign_in(app, world.sara).text(url))
    assert "Sara heeft een eerste gesprek gehad" in sara_text
    assert "Noah is elke dag geweest" not in sara_text  # her brother's goal is not hers to see


def test_the_changes_page_says_so_when_nothing_visible_changed(app, world: PlanWorld) -> None:
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["sara_school"].id, "Open dag bezocht")
    world.publish("Een notitie voor Sara.")
    text = page_text(sign_in(app, world.tom).text(f"{world.plan_url()}/versie/2/veranderingen"))
    assert "Open dag bezocht" not in text
    assert "Er is niets veranderd dat u kunt zien." in text  # Tom, a parent: "u"


def test_an_edited_action_is_in_the_comparison(app, world: PlanWorld) -> None:
    action = _action(world, "Zwemles regelen")
    world.run(
        drafting.update_action,
        world.petra,
        world.family.id,
        action.id,
        what="Zwemles regelen",
        who="Tom",
        due_date=TODAY + timedelta(days=60),
        goal_id=action.goal_id,
    )
    world.publish("Tom regelt de zwemles, later.")
    first, second = _versions(world)
    changes = snapshot.compare(first.content, second.content)
    assert [(c.kind, c.subject, c.after) for c in changes] == [("action_changed", "Zwemles regelen", "Tom")]
    text = page_text(sign_in(app, world.eva).text(f"{world.plan_url()}/versie/2/veranderingen"))
    assert "Veranderde actie: Zwemles regelen (Tom)" in text
