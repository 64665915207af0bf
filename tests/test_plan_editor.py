"""The regisseur's plan editor: the draft, edited with plain forms (redirect after POST) or inline with htmx.

Only the family's regisseur gets here; the 404s for everyone else are in test_plan_access.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.plan_factories import GOAL_TITLES, TODAY, PlanWorld, Visitor, build_world, page_text, sign_in
from webapp.models import Action, Goal, GoalNote, Involved, Plan, ZrmScore
from webapp.plans import drafting

T = GOAL_TITLES
NEW_GOAL = {"title": "Noah zit op voetbal", "about": "", "status": "nieuw", "target_date": ""}


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


@pytest.fixture
def petra(app, world: PlanWorld) -> Visitor:
    return sign_in(app, world.petra)


def _plan(world: PlanWorld) -> Plan:
    world.db.expire_all()
    return world.db.exec(select(Plan).where(Plan.family_id == world.family.id)).one()


def _action(world: PlanWorld, what: str) -> Action:
    world.db.expire_all()
    return world.db.exec(select(Action).where(Action.what == what)).one()


def _is_partial(html: str) -> bool:
    return "<body" not in html and "<!doctype" not in html.lower()


def test_the_editor_shows_the_whole_draft_and_the_published_version(world: PlanWorld, petra: Visitor) -> None:
    text = page_text(petra.text(world.editor_url()))
    assert "Plan bewerken: gezin De Vries" in text
    assert "Nu zichtbaar: versie 1" in text
    assert all(title in text for title in T.values())  # also Sara's goals, which her parents don't see
    assert "Zwemles regelen" in text and "Jeugdarts Bos" in text


# --- goals ---------------------------------------------------------------------------------------------------------


def test_adding_a_goal(world: PlanWorld, petra: Visitor) -> None:
    response = petra.post(f"{world.editor_url()}/doelen", {**NEW_GOAL, "about": str(world.noah.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/plan/bewerken#doelen")
    goal = world.db.exec(select(Goal).where(Goal.title == "Noah zit op voetbal")).one()
    assert (goal.about_user_id, goal.status, goal.plan_id) == (world.noah.id, "nieuw", _plan(world).id)
    text = page_text(petra.text(world.editor_url()))
    assert "Het doel is toegevoegd." in text and "Noah zit op voetbal" in text


def test_a_goal_needs_a_title(world: PlanWorld, petra: Visitor) -> None:
    response = petra.post(f"{world.editor_url()}/doelen", {**NEW_GOAL, "title": ""})
    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    assert "Schrijf het doel op." in text
    assert "Niet alles is goed ingevuld." in text


def test_a_goal_can_only_be_about_someone_in_the_family(world: PlanWorld, petra: Visitor) -> None:
    response = petra.post(f"{world.editor_url()}/doelen", {**NEW_GOAL, "about": str(world.mila.id)})
    assert response.status_code == 400
    assert world.db.exec(select(Goal).where(Goal.title == NEW_GOAL["title"])).first() is None


def test_editing_a_goal_inline_with_htmx(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["noah"]
    base = f"{world.editor_url()}/doelen/{goal.id}"
    form = petra.get(f"{base}/bewerken", htmx=True)
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert _is_partial(html) and f'id="doel-{goal.id}"' in html
    assert f'value="{T["noah"]}"' in html  # the form is filled in
    saved = petra.post(
        base, {"title": "Noah gaat elke dag naar school", "about": str(world.noah.id), "status": "gehaald"}, htmx=True
    )
    assert saved.status_code == 200
    html = saved.get_data(as_text=True)
    assert _is_partial(html) and "Noah gaat elke dag naar school" in html and "<form" in html  # the read view
    world.db.expire_all()
    assert world.db.get(Goal, goal.id).status == "gehaald"


def test_an_invalid_inline_goal_edit_is_422_and_keeps_the_form(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["noah"]
    response = petra.post(f"{world.editor_url()}/doelen/{goal.id}", {"title": "", "status": "bezig"}, htmx=True)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _is_partial(html) and "Schrijf het doel op." in page_text(html)
    world.db.expire_all()
    assert world.db.get(Goal, goal.id).title == T["noah"]


def test_editing_a_goal_without_javascript(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["noah"]
    base = f"{world.editor_url()}/doelen/{goal.id}"
    page = petra.text(f"{base}/bewerken")
    assert "Doel bewerken" in page_text(page) and not _is_partial(page)
    refused = petra.post(base, {"title": "", "status": "bezig"})
    assert refused.status_code == 400 and "Schrijf het doel op." in page_text(refused.get_data(as_text=True))
    saved = petra.post(base, {"title": "Noah gaat naar school", "about": str(world.noah.id), "status": "bezig"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#doel-{goal.id}")
    world.db.expire_all()
    assert world.db.get(Goal, goal.id).title == "Noah gaat naar school"


def test_cancelling_an_inline_edit_shows_the_goal_again(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["lina"]
    html = petra.text(f"{world.editor_url()}/doelen/{goal.id}", htmx=True)
    assert _is_partial(html) and T["lina"] in html and "Doel bewerken" not in html


def test_a_goal_of_another_family_is_404_in_this_editor(world: PlanWorld, petra: Visitor) -> None:
    theirs = world.db.exec(select(Goal).where(Goal.title == "Mila zoekt een bijbaan")).one()
    assert petra.get(f"{world.editor_url()}/doelen/{theirs.id}/bewerken", htmx=True).status_code == 404
    assert petra.post(f"{world.editor_url()}/doelen/{theirs.id}", {**NEW_GOAL}).status_code == 404
    assert petra.post(f"{world.editor_url()}/doelen/{theirs.id}/notities", {"text": "x"}).status_code == 404


# --- notes ---------------------------------------------------------------------------------------------------------


def test_adding_a_note_with_htmx_returns_the_goal(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["lina"]
    response = petra.post(
        f"{world.editor_url()}/doelen/{goal.id}/notities", {"text": "Lina durft onder water"}, htmx=True
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _is_partial(html) and "Lina durft onder water" in html
    assert world.db.exec(select(GoalNote).where(GoalNote.goal_id == goal.id)).one().author_id == world.petra.id


def test_an_empty_note_is_422_with_htmx_and_not_saved(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["lina"]
    response = petra.post(f"{world.editor_url()}/doelen/{goal.id}/notities", {"text": ""}, htmx=True)
    assert response.status_code == 422
    assert world.db.exec(select(GoalNote)).all() == []


def test_adding_a_note_without_javascript(world: PlanWorld, petra: Visitor) -> None:
    goal = world.goals["lina"]
    response = petra.post(f"{world.editor_url()}/doelen/{goal.id}/notities", {"text": "Ze gaat elke week"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#doel-{goal.id}")
    assert "De notitie is toegevoegd." in page_text(petra.text(world.editor_url()))


# --- actions -------------------------------------------------------------------------------------------------------


def test_adding_an_action(world: PlanWorld, petra: Visitor) -> None:
    due = (TODAY + timedelta(days=7)).isoformat()
    data = {"what": "Voetbalclub bellen", "who": "Tom", "due_date": due, "goal": str(world.goals["noah"].id)}
    assert petra.post(f"{world.editor_url()}/acties", data).status_code == 302
    action = _action(world, "Voetbalclub bellen")
    assert (action.who, action.due_date.isoformat(), action.goal_id, action.done) == (
        "Tom",
        due,
        world.goals["noah"].id,
        False,
    )


def test_an_action_needs_what_and_who(world: PlanWorld, petra: Visitor) -> None:
    response = petra.post(f"{world.editor_url()}/acties", {"what": "", "who": "", "goal": ""})
    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    assert "Schrijf op wat er moet gebeuren." in text and "Schrijf op wie het doet." in text


def test_an_action_is_marked_done_and_open_again(world: PlanWorld, petra: Visitor) -> None:
    action = _action(world, "Zwemles regelen")
    base = f"{world.editor_url()}/acties/{action.id}"
    assert petra.post(f"{base}/klaar").status_code == 302
    assert _action(world, "Zwemles regelen").done is True
    assert petra.post(f"{base}/open").status_code == 302
    assert _action(world, "Zwemles regelen").done is False


def test_editing_an_action_without_javascript(world: PlanWorld, petra: Visitor) -> None:
    action = _action(world, "Zwemles regelen")
    base = f"{world.editor_url()}/acties/{action.id}"
    assert 'value="Zwemles regelen"' in petra.text(f"{base}/bewerken")
    data = {"what": "Zwemles betalen", "who": "Tom", "due_date": "", "goal": str(action.goal_id)}
    response = petra.post(base, data)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#actie-{action.id}")
    changed = _action(world, "Zwemles betalen")
    assert (changed.id, changed.who, changed.due_date) == (action.id, "Tom", None)
    refused = petra.post(base, {**data, "what": ""})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [
        ("GET", "", None),  # cancel an inline edit
        ("GET", "/bewerken", None),  # open the inline form
        ("POST", "/klaar", {}),  # tick it done
        ("POST", "", {"what": "Zwemles betalen", "who": "Tom", "due_date": "", "goal": ""}),  # save the form
    ],
    ids=["show", "edit-form", "done", "save"],
)
def test_the_action_partials_render_for_htmx(world: PlanWorld, petra: Visitor, method: str, suffix: str, data) -> None:
    action = _action(world, "Zwemles regelen")
    path = f"{world.editor_url()}/acties/{action.id}{suffix}"
    response = petra.get(path, htmx=True) if method == "GET" else petra.post(path, data, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _is_partial(html) and f'id="actie-{action.id}"' in html


def test_an_action_of_another_family_is_404_in_this_editor(world: PlanWorld, petra: Visitor) -> None:
    world.run(
        drafting.add_action,
        world.ruud,
        world.other_family.id,
        what="Bijbaan zoeken",
        who="Mila",
        due_date=None,
        goal_id=None,
    )
    theirs = _action(world, "Bijbaan zoeken")
    assert petra.post(f"{world.editor_url()}/acties/{theirs.id}/klaar").status_code == 404
    assert _action(world, "Bijbaan zoeken").done is False


# --- involved, ZRM, basics -----------------------------------------------------------------------------------------


def test_adding_and_removing_someone_involved(world: PlanWorld, petra: Visitor) -> None:
    data = {"name": "Juf Anna", "role": "leerkracht", "organisation": "Basisschool De Wilg", "contact": "077 123"}
    assert petra.post(f"{world.editor_url()}/betrokkenen", data).status_code == 302
    anna = world.db.exec(select(Involved).where(Involved.name == "Juf Anna")).one()
    assert (anna.role, anna.organisation, anna.contact) == ("leerkracht", "Basisschool De Wilg", "077 123")
    assert petra.post(f"{world.editor_url()}/betrokkenen/{anna.id}/verwijderen").status_code == 302
    world.db.expire_all()
    assert world.db.exec(select(Involved).where(Involved.name == "Juf Anna")).first() is None
    assert petra.post(f"{world.editor_url()}/betrokkenen", {"name": "", "role": ""}).status_code == 400


def test_a_zrm_assessment_adds_to_the_history(world: PlanWorld, petra: Visitor) -> None:
    url = f"{world.editor_url()}/zrm"
    assert petra.post(url, {"assessed_on": TODAY.isoformat(), "zrm_financien": "3", "zrm_adl": "5"}).status_code == 302
    scores = world.db.exec(select(ZrmScore).where(ZrmScore.plan_id == _plan(world).id)).all()
    assert sorted((s.domain, s.score) for s in scores) == [
        ("adl", 5),
        ("financien", 2),
        ("financien", 3),
        ("huisvesting", 4),
    ]
    page = petra.text(world.editor_url())
    assert "4 scores in de geschiedenis." in page_text(page)
    assert '<option selected value="3">' in page or 'value="3" selected' in page  # the form shows the latest score


def test_a_zrm_assessment_needs_a_score_and_no_future_date(world: PlanWorld, petra: Visitor) -> None:
    url = f"{world.editor_url()}/zrm"
    none = petra.post(url, {"assessed_on": TODAY.isoformat()})
    assert none.status_code == 400 and "Kies minstens één score." in page_text(none.get_data(as_text=True))
    future = petra.post(url, {"assessed_on": (TODAY + timedelta(days=1)).isoformat(), "zrm_adl": "3"})
    assert future.status_code == 400
    assert "De datum van de ZRM-meting kan niet in de toekomst liggen." in page_text(future.get_data(as_text=True))
    assert len(world.db.exec(select(ZrmScore)).all()) == 2  # only the two of the world


def test_updating_the_situation_agreements_and_next_evaluation(world: PlanWorld, petra: Visitor) -> None:
    data = {"situation": "  Rustiger thuis.  ", "agreements": "Elke maand praten.", "next_evaluation": "2027-04-15"}
    assert petra.post(f"{world.editor_url()}/basis", data).status_code == 302
    plan = _plan(world)
    assert (plan.situation, plan.agreements, plan.next_evaluation.isoformat()) == (
        "Rustiger thuis.",
        "Elke maand praten.",
        "2027-04-15",
    )
    refused = petra.post(f"{world.editor_url()}/basis", {**data, "next_evaluation": "15-04-2027"})
    assert refused.status_code == 400


def test_an_empty_draft_can_be_opened_before_any_version(app, db) -> None:
    world = build_world(app, db, publish=False)
    text = page_text(sign_in(app, world.petra).text(world.editor_url()))
    assert "Er is nog geen versie gepubliceerd." in text
