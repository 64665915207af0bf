"""Monitoring of Steuntje in de rug: figures per gemeente and quarter (requests, median days to the start, active
matches and the children they help, ended matches by reason, volunteers in screening and approved, pool health),
counted from the workflow's history with a fixed number of statements; small cells shown as "< 5" on the page, in the
CSV and by `flask respite-monitor`; a coordinator sees only her own meldpunt, everyone else gets 404.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from tests.conftest import browser, freeze_time, post_form
from tests.factories import PASSWORD, make_family, make_user
from tests.plan_factories import counted_queries
from webapp.models import (
    Family,
    Household,
    Organisation,
    Relation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    Role,
    User,
)
from webapp.models.respite import HouseholdStatus, MatchStatus, RequestStatus
from webapp.respite.choices import END_REASONS
from webapp.respite.monitoring import services
from webapp.respite.monitoring.services import SMALL, Quarter
from webapp.respite.workflow import HOUSEHOLD_TRANSITIONS, REQUEST_TRANSITIONS, move_household, move_request

R, H = RequestStatus, HouseholdStatus
NOW = datetime(2026, 11, 15, 11, 0, tzinfo=UTC)  # the fourth quarter of 2026


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


# --- building a small world through the real workflow ---------------------------------------------------------------


@dataclass
class World:
    app: Flask
    db: Session
    meldpunt: Organisation
    elsewhere: Organisation
    venlo: Organisation
    horst: Organisation
    beesel: Organisation
    maastricht: Organisation
    sanne: User  # coordinator of the meldpunt
    zoe: User  # coordinator of the other meldpunt
    family: Family
    parent: User
    cookies: dict = field(default_factory=dict)

    def request(
        self,
        gemeente: Organisation | None,
        steps: list[tuple[R, datetime]],
        *,
        children: int = 1,
        meldpunt: Organisation | None = None,
        created: datetime | None = None,
        end_reason: str = "",
    ) -> RespiteRequest:
        """A request taken through `steps` by the workflow itself, each at its moment."""
        first = steps[0][1] if steps else at(1, 1)
        request = RespiteRequest(
            family_id=self.family.id,
            meldpunt_id=(meldpunt or self.meldpunt).id,
            gemeente_id=gemeente.id if gemeente else None,
            created_at=created or first - timedelta(days=1),
            child_needs="Elif houdt van vaste tijden",  # special data: must never show up
        )
        self.db.add(request)
        self.db.commit()
        for _number in range(children):
            child = make_user(self.db, name="Kind Geheim", email=None)
            self.db.add(RespiteRequestChild(request_id=request.id, user_id=child.id))
        for target, moment in steps:
            actor = sorted(REQUEST_TRANSITIONS[(R(request.status), target)])[0]
            self._at(moment, lambda r=request, t=target, a=actor: move_request(self.db, r, t, a, None))
            if target is R.GESTOPT:
                request.end_reason = end_reason
        self.db.commit()
        return request

    def household(
        self,
        gemeente: Organisation | None,
        created: datetime,
        steps: list[tuple[H, datetime]] = (),
        *,
        kind: str = "steungezin",
        meldpunt: Organisation | None = None,
    ) -> Household:
        household = Household(
            meldpunt_id=(meldpunt or self.meldpunt).id,
            kind=kind,
            contact_name="Ria Geheim",
            email="ria.geheim@example.test",
            gemeente_id=gemeente.id if gemeente else None,
            created_at=created,
        )
        self.db.add(household)
        self.db.commit()
        for target, moment in steps:
            actor = sorted(HOUSEHOLD_TRANSITIONS[(H(household.status), target)])[0]
            self._at(moment, lambda h=household, t=target, a=actor: move_household(self.db, h, t, a, None))
        self.db.commit()
        return household

    def match(
        self, request: RespiteRequest, household: Household, accepted: datetime, ended: datetime | None, reason=""
    ) -> RespiteMatch:
        match = RespiteMatch(
            request_id=request.id,
            household_id=household.id,
            status=MatchStatus.BEEINDIGD if ended else MatchStatus.AKKOORD,
            proposed_at=accepted - timedelta(days=5),
            accepted_at=accepted,
            ended_at=ended,
            end_reason=reason,
        )
        self.db.add(match)
        self.db.commit()
        return match

    def _at(self, moment: datetime, step) -> None:
        freeze_time(self.app, moment)
        with self.app.app_context():
            step()
        freeze_time(self.app, NOW)

    def compute(self, meldpunt: Organisation | None = None):
        self.db.expire_all()
        with self.app.test_request_context():
            return services.compute(self.db, meldpunt or self.meldpunt)

    def report(self, meldpunt: Organisation | None = None, since: Quarter | None = None) -> services.Report:
        self.db.expire_all()
        with self.app.test_request_context():
            return services.report_for_meldpunt(self.db, meldpunt or self.meldpunt, since)

    def figures(self, meldpunt: Organisation | None = None) -> dict[tuple[str, str], services.Figures]:
        _quarters, _gemeenten, figures = self.compute(meldpunt)
        return {(f.quarter.code, "*" if f.total else f.gemeente.name): f for f in figures}

    def client(self, user: User) -> FlaskClient:
        if user.id not in self.cookies:
            client = self.app.test_client()
            assert post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 302
            if user.totp_secret:
                code = pyotp.TOTP(user.totp_secret).at(NOW)
                assert post_form(client, "/tweestaps/controle", {"code": code}).status_code == 302
            with client.session_transaction() as session:
                self.cookies[user.id] = dict(session)
        return browser(self.app, self.cookies[user.id])


def _coordinator(db: Session, organisation: Organisation, name: str) -> User:
    user = make_user(db, Role.COORDINATOR, name=name, totp_secret=pyotp.random_base32())
    user.organisation_id = organisation.id
    db.commit()
    return user


@pytest.fixture
def world(app: Flask, db: Session) -> World:
    freeze_time(app, NOW)
    meldpunt = Organisation(name="Meldpunt Noord", kind="meldpunt", region="Noord-Limburg")
    elsewhere = Organisation(name="Meldpunt Zuid", kind="meldpunt", region="Zuid-Limburg")
    venlo = Organisation(name="Venlo", kind="gemeente", region="Noord-Limburg")
    horst = Organisation(name="Horst aan de Maas", kind="gemeente", region="Noord-Limburg")
    beesel = Organisation(name="Beesel", kind="gemeente", region="Noord-Limburg")
    maastricht = Organisation(name="Maastricht", kind="gemeente", region="Zuid-Limburg")
    db.add_all([meldpunt, elsewhere, venlo, horst, beesel, maastricht])
    db.commit()
    parent = make_user(db, Role.OUDER, name="Ayşe Geheim")
    family = make_family(db, None, (parent, Relation.OUDER), name="Gezin Geheim")
    return World(
        app,
        db,
        meldpunt,
        elsewhere,
        venlo,
        horst,
        beesel,
        maastricht,
        _coordinator(db, meldpunt, "Sanne"),
        _coordinator(db, elsewhere, "Zoë"),
        family,
        parent,
    )


FULL_TRIAL = [(R.NIEUW, at(1, 10)), (R.INTAKE, at(1, 20)), (R.ZOEKEN, at(2, 1)), (R.VOORGESTELD, at(2, 10))]


def known_dataset(w: World) -> dict[str, object]:
    """Venlo: A started its trial in Q1 (50 days after asking), went on, and stopped in Q3 because the family
    moved; B started in Q2 (59 days); C still waits. Horst: E waits since Q2. Volunteers: one approved in Q1 and one
    in screening who stopped in Q3 (Venlo), one approved in Q2 (Horst); a pleeggezin sign-up and a household
    without any step do not count."""
    a = w.request(
        w.venlo,
        [
            *FULL_TRIAL,
            (R.KENNISMAKING, at(2, 20)),
            (R.PROEFPERIODE, at(3, 1)),
            (R.LOPEND, at(5, 1)),
            (R.GESTOPT, at(8, 10)),
        ],
        children=2,
        end_reason="verhuisd",
    )
    b = w.request(
        w.venlo,
        [
            (R.NIEUW, at(2, 1)),
            (R.INTAKE, at(2, 5)),
            (R.ZOEKEN, at(2, 10)),
            (R.VOORGESTELD, at(3, 1)),
            (R.KENNISMAKING, at(3, 15)),
            (R.PROEFPERIODE, at(4, 1)),
        ],
    )
    w.request(w.venlo, [(R.NIEUW, at(2, 15)), (R.INTAKE, at(2, 20)), (R.ZOEKEN, at(3, 1))])
    w.request(w.venlo, [])  # a draft: the meldpunt does not see it
    w.request(w.horst, [(R.NIEUW, at(4, 5))])
    h1 = w.household(w.venlo, at(1, 5), [(H.SCREENING, at(2, 1)), (H.GOEDGEKEURD, at(3, 15))])
    h2 = w.household(w.venlo, at(3, 1), [(H.SCREENING, at(3, 10)), (H.GESTOPT, at(7, 1))])
    w.household(w.venlo, at(2, 1), kind="pleeggezin")
    w.household(w.venlo, at(5, 1), kind="steunouder")  # signed up, nothing more yet
    w.household(w.horst, at(4, 10), [(H.SCREENING, at(4, 20)), (H.GOEDGEKEURD, at(5, 20))])
    w.match(a, h1, at(2, 20), at(8, 10), "verhuisd")
    w.match(b, h2, at(3, 15), None)
    return {"a": a, "b": b}


def counts(f: services.Figures) -> tuple:
    return (f.requests, f.started, f.median_days, f.active, f.children, f.ended, f.screening, f.approved, f.waiting)


# --- each figure on a small known dataset -------------------------------------------------------------------------


def test_each_figure_per_gemeente_and_quarter_on_a_known_dataset(world: World) -> None:
    known_dataset(world)
    figures = world.figures()
    #              requests started median active children ended screening approved waiting
    assert counts(figures[("2026Q1", "Venlo")]) == (3, 1, 50.0, 1, 2, 0, 1, 1, 1)
    assert counts(figures[("2026Q2", "Venlo")]) == (0, 1, 59.0, 2, 3, 0, 1, 1, 1)
    assert counts(figures[("2026Q3", "Venlo")]) == (0, 0, None, 1, 1, 1, 0, 1, 1)
    assert counts(figures[("2026Q4", "Venlo")]) == (0, 0, None, 1, 1, 0, 0, 1, 1)
    assert counts(figures[("2026Q1", "Horst aan de Maas")]) == (0, 0, None, 0, 0, 0, 0, 0, 0)
    assert counts(figures[("2026Q2", "Horst aan de Maas")]) == (1, 0, None, 0, 0, 0, 0, 1, 1)
    assert counts(figures[("2026Q3", "Horst aan de Maas")]) == (0, 0, None, 0, 0, 0, 0, 1, 1)
    # Beesel is in the meldpunt's region: listed, with nothing in it.
    assert counts(figures[("2026Q2", "Beesel")]) == (0, 0, None, 0, 0, 0, 0, 0, 0)
    # All gemeenten together.
    assert counts(figures[("2026Q2", "*")]) == (1, 1, 59.0, 2, 3, 0, 1, 2, 2)
    # Quarters run from the first with data to the current one; Maastricht is another region's.
    assert sorted({q for q, _g in figures}) == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert {g for _q, g in figures} == {"Venlo", "Horst aan de Maas", "Beesel", "*"}


def test_an_ended_match_is_counted_in_its_quarter_with_its_reason(world: World) -> None:
    known_dataset(world)
    figures = world.figures()
    assert figures[("2026Q3", "Venlo")].end_reasons == {**dict.fromkeys(END_REASONS, 0), "verhuisd": 1}
    assert sum(figures[("2026Q2", "Venlo")].end_reasons.values()) == 0


def test_a_stopped_request_gives_its_reason_when_the_match_has_none(world: World) -> None:
    request = world.request(
        world.venlo,
        [*FULL_TRIAL, (R.KENNISMAKING, at(2, 20)), (R.PROEFPERIODE, at(3, 1)), (R.GESTOPT, at(3, 20))],
        end_reason="klik",
    )
    household = world.household(world.venlo, at(1, 5), [(H.SCREENING, at(1, 6)), (H.GOEDGEKEURD, at(1, 7))])
    world.match(request, household, at(2, 20), at(3, 20))  # no reason of its own
    f = world.figures()[("2026Q1", "Venlo")]
    assert (f.ended, f.end_reasons["klik"], f.active, f.started) == (1, 1, 0, 1)


def test_a_declined_proposal_is_not_an_ended_match(world: World) -> None:
    request = world.request(world.venlo, FULL_TRIAL)
    household = world.household(world.venlo, at(1, 5))
    proposal = RespiteMatch(
        request_id=request.id, household_id=household.id, status=MatchStatus.AFGEWEZEN, ended_at=at(2, 12)
    )
    world.db.add(proposal)
    world.db.commit()
    assert world.figures()[("2026Q1", "Venlo")].ended == 0


def test_a_match_that_went_back_to_zoeken_is_no_longer_active_but_waiting(world: World) -> None:
    world.request(
        world.venlo, [*FULL_TRIAL, (R.KENNISMAKING, at(2, 20)), (R.PROEFPERIODE, at(3, 1)), (R.ZOEKEN, at(5, 1))]
    )
    figures = world.figures()
    assert (figures[("2026Q1", "Venlo")].active, figures[("2026Q1", "Venlo")].waiting) == (1, 0)
    assert (figures[("2026Q2", "Venlo")].active, figures[("2026Q2", "Venlo")].waiting) == (0, 1)


def test_the_median_of_an_even_number_of_starts_is_the_mean_of_the_middle_two(world: World) -> None:
    for days in (10, 25):
        world.request(
            world.venlo,
            [
                (R.NIEUW, at(4, 1)),
                (R.INTAKE, at(4, 2)),
                (R.ZOEKEN, at(4, 3)),
                (R.VOORGESTELD, at(4, 4)),
                (R.KENNISMAKING, at(4, 5)),
                (R.PROEFPERIODE, at(4, 1) + timedelta(days=days)),
            ],
        )
    f = world.figures()[("2026Q2", "Venlo")]
    assert (f.started, f.median_days) == (2, 17.5)


def test_quarters_follow_amsterdam_time(world: World) -> None:
    # 31 March 22:30 UTC is 1 April 00:30 in Amsterdam: the second quarter.
    world.request(world.venlo, [(R.NIEUW, datetime(2026, 3, 31, 22, 30, tzinfo=UTC))])
    world.request(world.venlo, [(R.NIEUW, datetime(2026, 3, 31, 21, 30, tzinfo=UTC))])
    figures = world.figures()
    assert (figures[("2026Q1", "Venlo")].requests, figures[("2026Q2", "Venlo")].requests) == (1, 1)
    assert figures[("2026Q1", "Venlo")].waiting == 1  # the later one was not there yet at the end of Q1


def test_pool_health_is_approved_households_per_waiting_request(world: World) -> None:
    for day in range(1, 8):
        world.household(world.venlo, at(1, day), [(H.SCREENING, at(1, 10)), (H.GOEDGEKEURD, at(1, 20))])
    world.request(world.venlo, [(R.NIEUW, at(2, 1))])
    world.request(world.venlo, [(R.NIEUW, at(2, 2)), (R.INTAKE, at(2, 3))])
    figures = world.figures()
    assert figures[("2026Q1", "Venlo")].pool == 3.5  # 7 approved, 2 waiting
    assert figures[("2026Q1", "Beesel")].pool is None  # nobody waits


def test_a_request_without_a_gemeente_is_counted_as_unknown(world: World) -> None:
    world.request(None, [(R.NIEUW, at(2, 1))])
    figures = world.figures()
    assert figures[("2026Q1", "")].requests == 1
    assert figures[("2026Q1", "*")].requests == 1


def test_the_figures_hold_counts_only(world: World) -> None:
    known_dataset(world)
    report = world.report()
    text = services.csv_text(report.rows) + repr(report)
    for secret in ("Geheim", "Elif", "ria.geheim", "vaste tijden"):
        assert secret not in text


# --- small cells --------------------------------------------------------------------------------------------------


def test_counts_of_one_to_four_are_shown_as_less_than_five() -> None:
    assert [services.small(n) for n in (0, 1, 2, 3, 4, 5, 6, 40)] == [0, SMALL, SMALL, SMALL, SMALL, 5, 6, 40]


def test_small_cells_are_hidden_in_the_rows_and_a_median_of_few_starts_is_not_shown(world: World) -> None:
    known_dataset(world)
    for day in range(1, 6):
        world.request(world.horst, [(R.NIEUW, at(7, day))])
    report = world.report()
    rows = {(r.quarter.code, "*" if r.total else r.gemeente.name): r for r in report.rows}
    venlo_q1 = rows[("2026Q1", "Venlo")]
    assert (venlo_q1.requests, venlo_q1.started, venlo_q1.active, venlo_q1.children) == (SMALL,) * 4
    assert (venlo_q1.median_days, venlo_q1.median_hidden) == (None, True)
    assert rows[("2026Q3", "Venlo")].end_reasons == tuple(
        (code, SMALL if code == "verhuisd" else 0) for code in END_REASONS
    )
    assert rows[("2026Q3", "Horst aan de Maas")].requests == 5
    assert rows[("2026Q1", "Beesel")].requests == 0
    assert rows[("2026Q1", "Venlo")].pool == 1.0


def test_a_median_over_five_or_more_starts_is_shown(world: World) -> None:
    for days in (10, 11, 20, 25, 30, 31):
        world.request(
            world.venlo,
            [
                (R.NIEUW, at(4, 1)),
                (R.INTAKE, at(4, 2)),
                (R.ZOEKEN, at(4, 3)),
                (R.VOORGESTELD, at(4, 4)),
                (R.KENNISMAKING, at(4, 5)),
                (R.PROEFPERIODE, at(4, 1) + timedelta(days=days)),
            ],
        )
    report = world.report()
    row = next(r for r in report.select(Quarter(2026, 2)) if r.gemeente.name == "Venlo")
    assert (row.started, row.median_days, row.active, row.children) == (6, 22.5, 6, 6)


# --- statements ---------------------------------------------------------------------------------------------------


def _busy_world(world: World, size: int) -> None:
    for number in range(size):
        gemeente = (world.venlo, world.horst, None)[number % 3]
        request = world.request(
            gemeente,
            [*FULL_TRIAL, (R.KENNISMAKING, at(2, 20)), (R.PROEFPERIODE, at(3, 1)), (R.GESTOPT, at(6, 1))],
            children=2,
            end_reason="klik",
        )
        household = world.household(gemeente, at(1, 5), [(H.SCREENING, at(1, 6)), (H.GOEDGEKEURD, at(1, 7))])
        world.match(request, household, at(2, 20), at(6, 1), "klik")


@pytest.mark.parametrize("size", [3, 30])
def test_the_figures_take_a_fixed_number_of_statements(world: World, size: int) -> None:
    _busy_world(world, size)
    world.db.expire_all()
    assert world.meldpunt.region  # loaded before counting
    with world.app.test_request_context(), counted_queries(world.app) as statements:
        report = services.report_for_meldpunt(world.db, world.meldpunt)
    assert len(statements) == 7, statements
    total = next(r for r in report.select(Quarter(2026, 2)) if r.total)
    assert total.ended == (SMALL if size < 5 else size)


# --- the page, the CSV and the command ----------------------------------------------------------------------------


def test_the_coordinator_sees_her_figures_with_charts_and_the_privacy_rule(world: World) -> None:
    known_dataset(world)
    page = world.client(world.sanne).get("/meldpunt/monitoring")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Monitoring Steuntje in de rug" in html
    assert "&lt; 5" in html and "herkennen" in html  # the rule is explained
    assert html.count('class="chart" role="img"') == 3 and '<title id="chart-pool-title">' in html and "<desc" in html
    assert "doel: 5" in html and 'stroke-dasharray="4 3"' in html  # the reference line
    assert "style=" not in html and "<script>" not in html
    assert "Lees de grafiek als tekst" in html
    for name in ("Venlo", "Horst aan de Maas", "Beesel"):
        assert name in html
    assert "Maastricht" not in html
    for secret in ("Geheim", "vaste tijden"):
        assert secret not in html


def test_the_reasons_chart_shows_why_matches_ended_in_the_chosen_quarter(world: World) -> None:
    known_dataset(world)
    html = world.client(world.sanne).get("/meldpunt/monitoring?kwartaal=2026Q3").get_data(as_text=True)
    assert html.count('class="chart" role="img"') == 4
    chart = html[html.index('id="chart-reasons-title"') :]
    assert "Waarom matches stopten in 2026 kwartaal 3" in chart
    assert '<text x="0" y="213">Verhuisd: <tspan font-weight="700">&lt; 5</tspan></text>' in chart
    assert 'class="zrm__bar"' not in chart[: chart.index("</svg>")]  # a small cell gets no bar
    assert "<li>Verhuisd: &lt; 5</li>" in html  # the text alternative


def test_the_filter_shows_one_quarter_and_one_gemeente(world: World) -> None:
    known_dataset(world)
    client = world.client(world.sanne)
    html = client.get(f"/meldpunt/monitoring?kwartaal=2026Q2&gemeente={world.horst.id}").get_data(as_text=True)
    assert 'id="q-2026Q2"' in html and 'id="q-2026Q1"' not in html
    table = html[html.index('id="q-2026Q2"') :]
    assert "Horst aan de Maas" in table and '<th scope="row">Venlo' not in table
    assert f"monitoring.csv?kwartaal=2026Q2&amp;gemeente={world.horst.id}" in html


def test_a_quarter_that_is_not_in_the_list_is_refused_with_a_message(world: World) -> None:
    known_dataset(world)
    response = world.client(world.sanne).get("/meldpunt/monitoring?kwartaal=1999Q9")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kies een kwartaal uit de lijst." in html and 'aria-invalid="true"' in html
    assert world.client(world.sanne).get("/meldpunt/monitoring.csv?kwartaal=zomer").status_code == 400


def test_the_csv_has_a_header_and_a_row_per_gemeente_and_quarter(world: World) -> None:
    known_dataset(world)
    response = world.client(world.sanne).get("/meldpunt/monitoring.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == list(services.CSV_HEADER)
    assert rows[0][:4] == ["kwartaal", "gemeente", "aanvragen", "gestart"]
    assert "reden_verhuisd" in rows[0] and rows[0][-1] == "goedgekeurd_per_wachtende_aanvraag"
    body = {(r[0], r[1]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert len(rows) == 1 + 4 * 4  # four quarters × (three gemeenten + all together)
    venlo_q3 = body[("2026Q3", "Venlo")]
    assert (venlo_q3["aanvragen"], venlo_q3["beeindigde_matches"], venlo_q3["reden_verhuisd"]) == ("0", "< 5", "< 5")
    assert (venlo_q3["mediaan_dagen_tot_start"], venlo_q3["goedgekeurd_per_wachtende_aanvraag"]) == ("", "1")
    assert body[("2026Q2", "Beesel")]["goedgekeurd_per_wachtende_aanvraag"] == ""
    assert body[("2026Q1", "alle gemeenten")]["aanvragen"] == "< 5"


def test_the_csv_follows_the_filter(world: World) -> None:
    known_dataset(world)
    text = world.client(world.sanne).get(f"/meldpunt/monitoring.csv?kwartaal=2026Q2&gemeente={world.venlo.id}")
    rows = list(csv.reader(io.StringIO(text.get_data(as_text=True))))
    assert [(r[0], r[1]) for r in rows[1:]] == [("2026Q2", "Venlo")]


def test_another_meldpunts_coordinator_sees_nothing_of_this_one(world: World) -> None:
    known_dataset(world)
    world.request(world.maastricht, [(R.NIEUW, at(9, 1))], meldpunt=world.elsewhere)
    client = world.client(world.zoe)
    html = client.get("/meldpunt/monitoring").get_data(as_text=True)
    assert "Maastricht" in html
    for name in ("Venlo", "Horst aan de Maas", "Beesel", "Meldpunt Noord"):
        assert name not in html
    rows = list(csv.reader(io.StringIO(client.get("/meldpunt/monitoring.csv").get_data(as_text=True))))
    assert {r[1] for r in rows[1:]} == {"Maastricht"}
    assert {r[0] for r in rows[1:]} == {"2026Q3", "2026Q4"}  # her own data starts in Q3
    assert client.get(f"/meldpunt/monitoring?gemeente={world.venlo.id}").status_code == 404
    assert client.get(f"/meldpunt/monitoring.csv?gemeente={world.venlo.id}").status_code == 404
    assert client.get("/meldpunt/monitoring?gemeente=venlo").status_code == 404


@pytest.mark.parametrize("role", [Role.OUDER, Role.STEUNGEZIN, Role.JONGERE])
def test_families_and_volunteers_get_404(world: World, role: Role) -> None:
    known_dataset(world)
    client = world.client(make_user(world.db, role))
    assert client.get("/meldpunt/monitoring").status_code == 404
    assert client.get("/meldpunt/monitoring.csv").status_code == 404


def test_professionals_who_are_not_a_meldpunts_coordinator_get_404(world: World) -> None:
    regisseur = make_user(world.db, Role.REGISSEUR, totp_secret=pyotp.random_base32())
    regisseur.organisation_id = world.meldpunt.id  # even working at the meldpunt's address
    gemeente_coordinator = _coordinator(world.db, world.venlo, "Coördinator zonder meldpunt")
    world.db.commit()
    for user in (regisseur, gemeente_coordinator):
        assert world.client(user).get("/meldpunt/monitoring").status_code == 404
    assert world.app.test_client().get("/meldpunt/monitoring.csv").status_code == 302  # to the login page


def test_a_meldpunt_without_data_says_so(world: World) -> None:
    empty = Organisation(name="Meldpunt Leeg", kind="meldpunt", region="")
    world.db.add(empty)
    world.db.commit()
    html = world.client(_coordinator(world.db, empty, "Leeg")).get("/meldpunt/monitoring").get_data(as_text=True)
    assert "Er zijn nog geen cijfers" in html


def test_the_command_prints_the_csv(world: World) -> None:
    known_dataset(world)
    runner = world.app.test_cli_runner()
    result = runner.invoke(args=["respite-monitor", "--meldpunt", str(world.meldpunt.id), "--from", "2026Q3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ",".join(services.CSV_HEADER)
    assert [line.split(",")[:2] for line in lines[1:]] == [
        [q, g] for q in ("2026Q3", "2026Q4") for g in ("Beesel", "Horst aan de Maas", "Venlo", "alle gemeenten")
    ]
    page_csv = services.csv_text(world.report(since=Quarter(2026, 3)).rows)
    assert result.output == page_csv
    assert "Geheim" not in result.output


def test_the_command_without_a_meldpunt_counts_every_meldpunt(world: World) -> None:
    known_dataset(world)
    world.request(world.maastricht, [(R.NIEUW, at(9, 1))], meldpunt=world.elsewhere)
    result = world.app.test_cli_runner().invoke(args=["respite-monitor"])
    assert result.exit_code == 0, result.output
    assert {line.split(",")[1] for line in result.output.splitlines()[1:]} == {
        "Venlo",
        "Horst aan de Maas",
        "Maastricht",
        "alle gemeenten",
    }


def test_the_command_refuses_a_bad_quarter_or_an_unknown_meldpunt(world: World) -> None:
    runner = world.app.test_cli_runner()
    bad = runner.invoke(args=["respite-monitor", "--from", "zomer"])
    assert bad.exit_code != 0 and "2026Q1" in bad.output
    unknown = runner.invoke(args=["respite-monitor", "--meldpunt", str(world.venlo.id)])
    assert unknown.exit_code != 0 and "No meldpunt" in unknown.output


def test_quarters_parse_and_count_on() -> None:
    assert Quarter.parse("2026Q1") == Quarter.parse("2026-K1") == Quarter(2026, 1)
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 2).start == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    for bad in ("2026Q5", "Q1", "", "2026"):
        with pytest.raises(ValueError):
            Quarter.parse(bad)
