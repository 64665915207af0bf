"""Who sees which goals of the gezinsplan, table-driven, and 404 on every plan route for everyone outside the family.

The rules (webapp/auth/policy.py): family goals and goals about a parent are for the whole family; a child's goals
are for the child, her carers (parent with gezag, foster parent) and the regisseur; from 16 the youth decides what
her carers see (nothing until she has chosen), per goal if she likes. Siblings and a parent without gezag don't see
a child's goals. Anyone outside the family gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlmodel import select
from werkzeug.exceptions import NotFound

from tests.conftest import freeze_time
from tests.plan_factories import GOAL_TITLES, TODAY, PlanWorld, build_world, sign_in
from webapp.clock import from_local
from webapp.models import Action, Involved, Plan, PlanResponse
from webapp.plans import services
from webapp.toekomstplan import services as future

T = GOAL_TITLES
FAMILY_WIDE = {T["family"], T["eva"]}  # about the whole family, and about a parent
SARA = {T["sara_school"], T["sara_feelings"]}
ALL = set(T.values())


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


# --- who sees which goal (Sara, 17, has not chosen yet) ----------------------------------------------------------

#            viewer      goals seen (None: 404)
VIEWERS = [
    ("petra", ALL),  # the family's regisseur sees everything
    ("eva", FAMILY_WIDE | {T["lina"], T["noah"]}),  # mother with gezag: the under-16s, not Sara (not asked yet)
    ("ingrid", FAMILY_WIDE | {T["lina"], T["noah"]}),  # foster mother: the same as a parent with gezag
    ("tom", FAMILY_WIDE),  # father without gezag: none of the children's goals
    ("sara", FAMILY_WIDE | SARA),  # 17: her own goals, not her siblings'
    ("noah", FAMILY_WIDE | {T["noah"]}),  # 14: his own goal
    ("lina", FAMILY_WIDE | {T["lina"]}),  # 10: her own goal
    ("ruud", None),  # another regisseur
    ("anouk", None),  # a parent in another family
    ("mila", None),  # a youth in another family
    ("outsider", None),  # someone without a family
]


@pytest.mark.parametrize(("viewer", "expected"), VIEWERS, ids=[v for v, _ in VIEWERS])
def test_each_person_sees_the_goals_the_rules_allow(world: PlanWorld, viewer: str, expected: set[str] | None) -> None:
    user = getattr(world, viewer)
    if expected is None:
        with pytest.raises(NotFound):
            world.visible_goals(user)
    else:
        assert world.visible_goals(user) == expected


# --- what a 16+ youth chooses decides what her carers see -------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    name: str
    goals: bool | None  # None: she has not chosen yet
    overrides: tuple[tuple[str, bool | None], ...] = ()
    carers_see: frozenset[str] = frozenset()


CHOICES = [
    Choice("not asked yet", None),
    Choice("shares her goals", True, carers_see=frozenset(SARA)),
    Choice("keeps her goals to herself", False),
    Choice("only the toekomstplan", False),
    Choice("shares but hides one goal", True, (("sara_feelings", False),), frozenset({T["sara_school"]})),
    Choice("keeps them but shows one goal", False, (("sara_school", True),), frozenset({T["sara_school"]})),
    Choice("an override set back to her general choice", True, (("sara_feelings", None),), frozenset(SARA)),
]


@pytest.mark.parametrize("choice", CHOICES, ids=[c.name for c in CHOICES])
def test_a_youth_of_16_decides_what_her_carers_see_of_her_goals(world: PlanWorld, choice: Choice) -> None:
    if choice.goals is not None:
        world.share(world.sara, goals=choice.goals, toekomstplan=choice.name == "only the toekomstplan")
    for key, with_family in choice.overrides:
        world.share_goal(world.sara, world.goals[key], False if with_family is None else with_family)
        if with_family is None:
            world.share_goal(world.sara, world.goals[key], None)
    for carer in (world.eva, world.ingrid):
        assert world.visible_goals(carer) & SARA == choice.carers_see, carer.name
    assert world.visible_goals(world.tom) & SARA == set()  # without gezag: never
    assert world.visible_goals(world.noah) & SARA == set()  # a sibling: never
    assert world.visible_goals(world.sara) & SARA == SARA  # she always sees her own
    assert world.visible_goals(world.petra) == ALL  # the regisseur always sees all


# --- birthdays change the rules; nothing in the data changes ------------------------------------------------------
# Sara was born on 2009-06-01: she turned 16 on 2025-06-01.

# Birthdays are Dutch calendar days: a minute before and after midnight in Amsterdam (21:59 and 22:01 UTC in summer).
BEFORE_16 = from_local(datetime(2025, 5, 31, 23, 59))
ON_16 = from_local(datetime(2025, 6, 1, 0, 1))


@pytest.mark.parametrize(
    ("shares", "moment", "carers_see_her_goals"),
    [
        (None, BEFORE_16, True),  # 15: her carers see her goals, nobody asks her
        (None, ON_16, False),  # 16 and not asked yet: nothing is shared
        (False, BEFORE_16, True),  # a "no" she gave early only counts from 16
        (False, ON_16, False),
        (True, BEFORE_16, True),
        (True, ON_16, True),
    ],
    ids=["15-no-choice", "16-no-choice", "15-said-no", "16-said-no", "15-said-yes", "16-said-yes"],
)
def test_the_16th_birthday_hands_the_choice_to_the_youth(
    app, world: PlanWorld, shares: bool | None, moment: datetime, carers_see_her_goals: bool
) -> None:
    if shares is not None:
        world.share(world.sara, goals=shares)
    freeze_time(app, moment)
    seen = world.visible_goals(world.eva) & SARA
    assert seen == (SARA if carers_see_her_goals else set())


def test_the_plan_page_follows_the_birthday_too(app, world: PlanWorld) -> None:
    freeze_time(app, BEFORE_16)
    eva = sign_in(app, world.eva)
    assert T["sara_school"] in eva.text(world.plan_url())
    freeze_time(app, ON_16)
    page = eva.text(world.plan_url())
    assert T["sara_school"] not in page
    assert T["noah"] in page


def test_a_youth_without_a_known_birth_date_is_treated_as_a_minor(world: PlanWorld) -> None:
    world.sara.birth_date = None
    world.db.commit()
    assert world.visible_goals(world.eva) & SARA == SARA
    assert world.visible_goals(world.tom) & SARA == set()


# --- the same rules on the pages: plan, print and "what changed" -------------------------------------------------


def test_the_pages_show_a_carer_only_the_goals_she_may_see(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    url = world.plan_url()
    for page in (eva.text(url), eva.text(f"{url}/print"), eva.text(f"{url}/versie/1/veranderingen")):
        assert T["family"] in page and T["lina"] in page and T["noah"] in page
        assert T["sara_school"] not in page and T["sara_feelings"] not in page
        assert "Afspraak bij de huisarts maken" not in page  # an action under Sara's hidden goal
    noah = sign_in(app, world.noah)
    page = noah.text(url)
    assert T["noah"] in page and T["lina"] not in page and T["sara_school"] not in page


def test_the_regisseur_sees_every_goal_on_the_family_page(app, world: PlanWorld) -> None:
    page = sign_in(app, world.petra).text(world.plan_url())
    assert all(title in page for title in ALL)


# --- 404 on every object route for everyone outside the family ---------------------------------------------------


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str
    data: dict | None = None
    owner: str = "petra"  # someone who may use it: the same request answers them (not 404)


def _object_routes(world: PlanWorld) -> list[Route]:
    """Every route that shows or changes a family's plan, toekomstplan or sharing choice, with valid input."""
    db = world.db
    db.expire_all()
    plan = db.exec(select(Plan).where(Plan.family_id == world.family.id)).one()
    action = db.exec(select(Action).where(Action.plan_id == plan.id)).first()
    involved = db.exec(select(Involved).where(Involved.plan_id == plan.id)).first()
    response = world.run(services.answer, world.eva, world.family.id, 1, agrees=False, comment="Te snel")
    step = world.run(
        future.add_step, world.sara, world.sara.id, "wonen", what="Kamers bekijken", owner="Sara", due=None
    )
    goal = world.goals["noah"].id  # the editor's routes change it (into a family goal)
    own_goal = world.goals["sara_feelings"].id
    p = world.plan_url()
    e = world.editor_url()
    t = f"/toekomstplan/{world.sara.id}"
    goal_form = {"title": "Nieuw doel", "about": "", "status": "bezig", "target_date": ""}
    action_form = {"what": "Bellen", "who": "Petra", "due_date": "", "goal": ""}
    return [
        Route("plans.show", "GET", p, owner="eva"),
        Route("plans.print_view", "GET", f"{p}/print", owner="eva"),
        Route("plans.changes", "GET", f"{p}/versie/1/veranderingen", owner="eva"),
        Route("plans.answer", "POST", f"{p}/versie/1/antwoord", {"agrees": "ja", "comment": ""}, owner="eva"),
        Route("plans.access_log", "GET", f"{p}/wie-heeft-gekeken", owner="eva"),
        Route("plan_editor.edit", "GET", e),
        Route("plan_editor.basics", "POST", f"{e}/basis", {"situation": "Rustig", "next_evaluation": "2027-04-01"}),
        Route("plan_editor.add_goal", "POST", f"{e}/doelen", goal_form),
        Route("plan_editor.goal", "GET", f"{e}/doelen/{goal}"),
        Route("plan_editor.edit_goal", "GET", f"{e}/doelen/{goal}/bewerken"),
        Route("plan_editor.save_goal", "POST", f"{e}/doelen/{goal}", goal_form),
        Route("plan_editor.add_note", "POST", f"{e}/doelen/{goal}/notities", {"text": "Gaat goed"}),
        Route("plan_editor.add_action", "POST", f"{e}/acties", action_form),
        Route("plan_editor.action", "GET", f"{e}/acties/{action.id}"),
        Route("plan_editor.edit_action", "GET", f"{e}/acties/{action.id}/bewerken"),
        Route("plan_editor.save_action", "POST", f"{e}/acties/{action.id}", action_form),
        Route("plan_editor.set_action", "POST", f"{e}/acties/{action.id}/klaar"),
        Route("plan_editor.set_action", "POST", f"{e}/acties/{action.id}/open"),
        Route("plan_editor.add_involved", "POST", f"{e}/betrokkenen", {"name": "Juf Anna", "role": "juf"}),
        Route("plan_editor.involved_about", "POST", f"{e}/betrokkenen/{involved.id}/over", {"about": ""}),
        Route("plan_editor.remove_involved", "POST", f"{e}/betrokkenen/{involved.id}/verwijderen"),
        Route("plan_editor.zrm", "POST", f"{e}/zrm", {"assessed_on": TODAY.isoformat(), "zrm_financien": "3"}),
        Route("plan_editor.zrm_earlier", "POST", f"{e}/zrm/eerder", {"about": ""}),
        Route("plan_editor.publish", "POST", f"{e}/publiceren", {"summary": "Versie twee"}),
        Route("plan_editor.handled", "POST", f"{e}/antwoorden/{response.id}/afgehandeld"),
        Route("toekomstplan.show", "GET", t, owner="sara"),
        Route("toekomstplan.tick", "POST", f"{t}/checklist/digid", {"done": "1"}, owner="sara"),
        Route("toekomstplan.save_domain", "POST", f"{t}/domein/wonen", {"wonen-want_text": "Kamer"}, owner="sara"),
        Route("toekomstplan.add_step", "POST", f"{t}/domein/wonen/stappen", {"what": "Bel", "owner": "Sara"}, "sara"),
        Route("toekomstplan.set_step", "POST", f"{t}/stappen/{step.id}/klaar", owner="sara"),
        Route("sharing.goal", "POST", f"/delen/doel/{own_goal}", {"with_family": "nee"}, owner="sara"),
    ]


def _send(visitor, route: Route, *, htmx: bool = False):
    if route.method == "GET":
        return visitor.get(route.path, htmx=htmx)
    return visitor.post(route.path, route.data, htmx=htmx)


def test_every_plan_route_answers_404_to_everyone_outside_the_family(app, world: PlanWorld) -> None:
    world.share(world.sara)  # so her own pages open for her instead of asking first
    world.share(world.mila)
    routes = _object_routes(world)
    outsiders = [sign_in(app, getattr(world, name)) for name in ("outsider", "anouk", "mila", "ruud")]
    for visitor in outsiders:
        for route in routes:
            for htmx in (False, True):
                response = _send(visitor, route, htmx=htmx)
                assert response.status_code == 404, (visitor.user.name, route.method, route.path, htmx)
    # The same requests work for the people they are for, so the 404s above are refusals, not broken requests.
    owners = {name: sign_in(app, getattr(world, name)) for name in {r.owner for r in routes}}
    for route in routes:
        response = _send(owners[route.owner], route)
        assert response.status_code in (200, 302), (route.owner, route.method, route.path, response.status_code)


def test_the_table_above_covers_every_plan_route(app, world: PlanWorld) -> None:
    covered = {route.endpoint for route in _object_routes(world)}
    blueprints = ("plans.", "plan_editor.", "toekomstplan.")
    existing = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith(blueprints)} | {
        "sharing.goal"
    }
    assert existing == covered


def test_family_members_cannot_use_the_editor(app, world: PlanWorld) -> None:
    routes = [r for r in _object_routes(world) if r.endpoint.startswith("plan_editor.")]
    for name in ("eva", "tom", "ingrid", "sara"):
        visitor = sign_in(app, getattr(world, name))
        for route in routes:
            assert _send(visitor, route).status_code == 404, (name, route.method, route.path)


def test_version_numbers_that_do_not_exist_answer_404(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    p = world.plan_url()
    assert eva.get(f"{p}/versie/2/veranderingen").status_code == 404
    assert eva.post(f"{p}/versie/2/antwoord", {"agrees": "ja"}).status_code == 404
    assert eva.get("/gezinnen/999999/plan").status_code == 404


def test_version_zero_does_not_exist(app, db) -> None:
    world = build_world(app, db, publish=False)
    eva = sign_in(app, world.eva)
    assert eva.get(f"{world.plan_url()}/versie/0/veranderingen").status_code == 404  # before any version too
    world.publish("Eerste versie")
    assert eva.get(f"{world.plan_url()}/versie/0/veranderingen").status_code == 404


def test_the_regisseur_does_not_answer_for_the_family(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    assert petra.post(f"{world.plan_url()}/versie/1/antwoord", {"agrees": "ja"}).status_code == 404
    assert world.db.exec(select(PlanResponse)).all() == []
