"""The formal and informal "you": parents, mentors and professionals read "u" (Dutch) and "siz" (Turkish); young
people read "je" and "sen". The rule is in webapp/i18n/address.py; these tests use the real catalogues."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po

from tests.factories import make_user
from tests.plan_factories import PlanWorld, build_world, page_text, sign_in
from webapp.clock import today
from webapp.i18n import address
from webapp.i18n.address import (
    FORMAL,
    INFORMAL,
    REGISTER_LANGUAGES,
    addressed,
    addressed_plural,
    contexts,
    lazy_addressed,
    register,
)
from webapp.models import Role

ANSWER_TITLE = "Wat vind jij van deze versie?"


def born(years: int) -> date:
    """A birth date: `years` old since the end of last month (call inside the app: the app's clock)."""
    now = today()
    return date(now.year - years, now.month, 1) - timedelta(days=1)


def _person(*roles: Role, birth_date: date | None = None, address_form: str = ""):
    return SimpleNamespace(
        is_authenticated=True, role_set=frozenset(roles), birth_date=birth_date, address_form=address_form
    )


# --- the rule ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.OUDER, Role.PLEEGOUDER, Role.STEUNGEZIN, Role.MENTOR, Role.REGISSEUR, Role.COORDINATOR]
)
def test_adults_in_every_other_role_are_addressed_formally(app, role) -> None:
    with app.app_context():
        assert register(_person(role)) == FORMAL


def test_a_young_person_is_addressed_informally_also_after_18(app) -> None:
    with app.app_context():
        assert register(_person(Role.JONGERE, birth_date=born(15))) == INFORMAL
        assert register(_person(Role.JONGERE, birth_date=born(20))) == INFORMAL
        assert register(_person(Role.JONGERE)) == INFORMAL


def test_a_young_mother_who_is_also_a_jongere_keeps_je(app) -> None:
    with app.app_context():
        assert register(_person(Role.JONGERE, Role.OUDER, birth_date=born(19))) == INFORMAL


def test_anyone_under_18_is_addressed_informally_whatever_the_role(app) -> None:
    with app.app_context():
        assert register(_person(Role.OUDER, birth_date=born(17))) == INFORMAL
        assert register(_person(Role.OUDER, birth_date=born(18))) == FORMAL


def test_a_visitor_who_is_not_logged_in_reads_the_neutral_text(app) -> None:
    with app.app_context():
        assert register(SimpleNamespace(is_authenticated=False, role_set=frozenset({Role.OUDER}))) == INFORMAL


def test_the_formal_entry_is_tried_only_in_the_languages_that_have_one(app) -> None:
    parent = _person(Role.OUDER, address_form="v")
    with app.app_context():
        assert {"nl", "tr"} == REGISTER_LANGUAGES
        assert contexts(parent, "nl") == ("u", "v")
        assert contexts(parent, "tr") == ("u", "v")
        assert contexts(parent, "ar") == ("v",)  # Arabic: gender, no polite "you"
        assert contexts(_person(Role.OUDER), "pl") == ()
        assert contexts(_person(Role.JONGERE, address_form="m"), "nl") == ("m",)


# --- the real catalogues ----------------------------------------------------------------------------------------


def _in(app, language: str):
    return app.test_request_context(headers={"Accept-Language": language})


def test_a_dutch_parent_reads_u_and_a_dutch_youth_reads_je(app) -> None:
    with _in(app, "nl"):
        assert addressed(ANSWER_TITLE, _person(Role.OUDER)) == "Wat vindt u van deze versie?"
        assert addressed(ANSWER_TITLE, _person(Role.JONGERE)) == ANSWER_TITLE


def test_a_dutch_text_without_a_formal_form_stays_the_source(app) -> None:
    with _in(app, "nl"):
        assert addressed("Een zin die niemand vertaalde.", _person(Role.OUDER)) == "Een zin die niemand vertaalde."


def test_a_turkish_parent_reads_siz_and_a_turkish_youth_reads_sen(app) -> None:
    with _in(app, "tr"):
        assert addressed(ANSWER_TITLE, _person(Role.OUDER)) == "Bu sürüm hakkında ne düşünüyorsunuz?"
        assert addressed(ANSWER_TITLE, _person(Role.JONGERE)) == "Bu sürüm hakkında ne düşünüyorsun?"


def test_the_turkish_suicide_line_says_sen_to_a_young_person_and_siz_to_a_parent(app) -> None:
    text = "Denk je aan zelfmoord? Bel of chat met 113. Gratis en anoniem, dag en nacht."
    with _in(app, "tr"):
        assert addressed(text, _person(Role.JONGERE)).startswith("İntiharı mı düşünüyorsun?")
        assert addressed(text, _person(Role.JONGERE, address_form="v")).startswith("İntiharı mı düşünüyorsun?")
        assert addressed(text, _person(Role.OUDER)).startswith("İntiharı mı düşünüyorsunuz?")


def _arabic(text: str, context: str | None) -> str:
    with (Path(__file__).resolve().parent.parent / "translations/ar/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    return catalog.get(text, context=context).string


def test_gender_still_wins_in_arabic_for_samira_and_for_an_arabic_mother(app) -> None:
    feminine, masculine = _arabic(ANSWER_TITLE, "v"), _arabic(ANSWER_TITLE, "m")
    assert feminine != masculine
    with _in(app, "ar"):
        assert addressed(ANSWER_TITLE, _person(Role.JONGERE, birth_date=born(17), address_form="v")) == feminine
        assert addressed(ANSWER_TITLE, _person(Role.OUDER, address_form="v")) == feminine
        assert addressed(ANSWER_TITLE, _person(Role.OUDER)) == _arabic(ANSWER_TITLE, None)


def test_a_number_reaches_a_parent_in_the_formal_form(app) -> None:
    one, many = "Er wacht %(num)d voorstel op je antwoord.", "Er wachten %(num)d voorstellen op je antwoord."
    with _in(app, "nl"):
        assert addressed_plural(one, many, 1, _person(Role.STEUNGEZIN)) == "Er wacht 1 voorstel op uw antwoord."
        assert addressed_plural(one, many, 3, _person(Role.STEUNGEZIN)) == "Er wachten 3 voorstellen op uw antwoord."
        assert addressed_plural(one, many, 3, _person(Role.JONGERE)) == "Er wachten 3 voorstellen op je antwoord."
    with _in(app, "tr"):
        assert addressed_plural(one, many, 2, _person(Role.OUDER)) == "2 öneri cevabınızı bekliyor."


def test_a_form_label_is_translated_for_whoever_reads_it(app, monkeypatch) -> None:
    label = lazy_addressed("Ben je het eens met deze versie?")
    with _in(app, "nl"):
        monkeypatch.setattr(address, "current_user", _person(Role.OUDER))
        assert str(label) == "Bent u het eens met deze versie?"
    with _in(app, "nl"):
        monkeypatch.setattr(address, "current_user", _person(Role.JONGERE))
        assert str(label) == "Ben je het eens met deze versie?"


# --- the extractor ----------------------------------------------------------------------------------------------


def test_the_extractor_gives_plural_and_label_texts_a_formal_entry_too() -> None:
    source = io.BytesIO(
        b'label = lazy_addressed("Je bericht")\n'
        b'text = addressed_plural("Er wacht %(num)d vraag op je.", "Er wachten %(num)d vragen op je.", n)\n'
    )
    found = [(funcname, message) for _line, funcname, message, _c in address.extract_python(source, ["_"], [], {})]
    assert ("pgettext", ("u", "Je bericht")) in found
    assert ("npgettext", ("u", "Er wacht %(num)d vraag op je.", "Er wachten %(num)d vragen op je.")) in found
    assert ("ngettext", ("Er wacht %(num)d vraag op je.", "Er wachten %(num)d vragen op je.")) in found


# --- on the plan page -------------------------------------------------------------------------------------------


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def _plan_as(app, world: PlanWorld, person) -> str:
    return page_text(sign_in(app, person).text(world.plan_url()))


def test_on_the_same_plan_page_eva_reads_u_and_noah_reads_je(app, world: PlanWorld) -> None:
    eva = _plan_as(app, world, world.eva)
    noah = _plan_as(app, world, world.noah)
    assert "Wat vindt u van deze versie?" in eva
    assert "Bent u het eens met deze versie?" in eva
    assert "Wat vind jij van deze versie?" not in eva
    assert "Wat vind jij van deze versie?" in noah
    assert "Ben je het eens met deze versie?" in noah
    assert "Wat vindt u" not in noah


def test_in_turkish_ayse_reads_siz_and_emre_reads_sen_on_the_same_plan_page(app, db, world: PlanWorld) -> None:
    world.eva.language = "tr"  # Ayşe, a mother who reads Turkish
    world.noah.language = "tr"  # Emre, 14
    db.commit()
    ayse = _plan_as(app, world, world.eva)
    emre = _plan_as(app, world, world.noah)
    assert "Bu sürüm hakkında ne düşünüyorsunuz?" in ayse
    assert "Bu sürüme katılıyor musunuz?" in ayse
    assert "ne düşünüyorsun?" not in ayse
    assert "Bu sürüm hakkında ne düşünüyorsun?" in emre
    assert "Bu sürüme katılıyor musun?" in emre
    assert "düşünüyorsunuz" not in emre


def test_the_answer_flash_thanks_a_parent_formally(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    eva.post(f"{world.plan_url()}/versie/1/antwoord", {"agrees": "ja", "comment": ""})
    text = page_text(eva.text(world.plan_url()))
    assert "Dank u wel. Uw regisseur ziet uw antwoord." in text
    assert "Uw antwoord: akkoord" in text


def test_a_visitor_reads_the_help_page_as_before(client) -> None:
    text = page_text(client.get("/hulp", headers={"Accept-Language": "nl"}).get_data(as_text=True))
    assert "Niet eens met je hulp? De vertrouwenspersoon" in text


def test_a_parent_reads_the_help_page_formally(app, db) -> None:
    mother = make_user(db, Role.OUDER, birth_date=date(1985, 5, 1))
    text = page_text(sign_in(app, mother).text("/hulp"))
    assert "Niet eens met uw hulp? De vertrouwenspersoon" in text
    assert "Denkt u aan zelfmoord?" in text
