"""Issue 13, items 7 and 8: lists that say enough (agenda, messages, access log, back links) and plainer words
(versions, goal dates, care words, the toekomstplan for other readers, mentor relations, the preview of what changed
before publishing), and the plan's answer form right after what changed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.conftest import freeze_time
from tests.factories import login, make_family, make_regisseur, make_user
from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import NOW, PlanWorld, build_world, counted_queries, page_text, sign_in
from webapp.audit import services as audit
from webapp.messages import services as messages
from webapp.messages.reads import message_list
from webapp.models import AuditAction, AuditEvent, Conversation, ConversationKind, GoalStatus, Relation, Role
from webapp.plans import drafting

# --- the plan page: the answer where it is seen --------------------------------------------------------------------


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def words(html: str) -> str:
    """The page's text with no space before punctuation (page_text puts one where a <bdi> ends)."""
    return re.sub(r"\s+([.,:?…])", r"\1", page_text(html))


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_answer_form_comes_right_after_what_changed_and_before_the_rest_of_the_plan(app, world) -> None:
    html = _main(sign_in(app, world.eva).text(world.plan_url()))
    version = html.index('id="versie-title"')
    changes_link = html.index(f"{world.plan_url()}/versie/1/veranderingen")
    answer = html.index('<section class="card" id="jouw-antwoord"')
    goals = html.index('id="doelen-title"')
    assert version < changes_link < answer < goals
    assert html.count('id="jouw-antwoord"') == 1
    assert "van deze versie?" in page_text(html[answer:goals])  # Eva reads "u", a youth "jij"


def test_the_answer_block_is_not_on_the_print_view_nor_for_the_regisseur(app, world) -> None:
    assert 'id="jouw-antwoord"' not in sign_in(app, world.eva).text(f"{world.plan_url()}/print")
    assert 'id="jouw-antwoord"' not in sign_in(app, world.petra).text(world.plan_url())


def test_answering_without_javascript_lands_on_the_answer_block(app, world) -> None:
    response = sign_in(app, world.eva).post(f"{world.plan_url()}/versie/1/antwoord", {"agrees": "ja"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#jouw-antwoord")


def test_the_changes_page_leads_back_to_the_answer_block(app, world) -> None:
    html = sign_in(app, world.eva).text(f"{world.plan_url()}/versie/1/veranderingen")
    assert f'href="{world.plan_url()}#jouw-antwoord"' in html


# --- words: versions and dates ---------------------------------------------------------------------------------------


def test_a_version_reads_number_comma_date_never_number_of_date(app, world) -> None:
    eva = sign_in(app, world.eva)
    plan = page_text(eva.text(world.plan_url()))
    changes = page_text(eva.text(f"{world.plan_url()}/versie/1/veranderingen"))
    editor = page_text(sign_in(app, world.petra).text(world.editor_url()))
    assert "Versie 1, 1 maart 2027" in plan
    assert "Versie 1, 1 maart 2027, vergeleken met de versie daarvoor." in changes
    assert "Nu zichtbaar: versie 1, 1 maart 2027." in editor
    for text in (plan, changes, editor):
        assert not re.search(r"[Vv]ersie \d+ van", text)


def _set_target(world: PlanWorld, key: str, status: GoalStatus, target: date) -> None:
    goal = world.goals[key]
    world.run(
        drafting.save_goal,
        world.petra,
        world.family.id,
        goal.id,
        title=goal.title,
        about_user_id=goal.about_user_id,
        status=status,
        target_date=target,
    )


def test_a_goal_date_says_doel_while_working_and_doel_was_once_reached(app, world) -> None:
    _set_target(world, "family", GoalStatus.BUSY, date(2027, 6, 20))
    _set_target(world, "lina", GoalStatus.REACHED, date(2027, 2, 10))
    world.publish("Data bij de doelen.")
    text = page_text(sign_in(app, world.eva).text(world.plan_url()))
    assert "doel: 20 juni 2027" in text
    assert "gehaald · doel was 10 februari 2027" in text
    assert "klaar op" not in text
    editor = page_text(sign_in(app, world.petra).text(world.editor_url()))
    assert "doel: 20 juni 2027" in editor and "klaar op" not in editor


def test_care_words_are_said_plainly_with_the_word_explained(app, world) -> None:
    html = sign_in(app, world.eva).text(world.plan_url())
    text = page_text(html)
    assert "Hoe zelfstandig gaat het?" in text and "(ZRM)" not in text
    assert "Per onderwerp een cijfer van 1 tot 5." in text
    assert "Wie helpen er mee?" in text and "Wie helpen er mee (betrokkenen)" not in text
    assert 'href="/uitleg#uitleg-zrm"' in html and 'href="/uitleg#uitleg-betrokkenen"' in html


# --- the regisseur sees what changed before she publishes -------------------------------------------------------------


def _preview(html: str) -> str:
    match = re.search(r'<div class="publish-preview" id="voorbeeld-veranderingen">(.*?)</div>', html, re.S)
    assert match, "no preview of the changes on the editor"
    return page_text(match.group(1))


def test_the_editor_shows_the_changes_the_family_will_see_before_publishing(app, world) -> None:
    petra = sign_in(app, world.petra)
    assert "Er is nog niets veranderd sinds versie 1." in _preview(petra.text(world.editor_url()))
    world.goal("Noah fietst zelf naar school", world.noah)
    world.run(
        drafting.add_involved,
        world.petra,
        world.family.id,
        name="Meester Jan",
        role="leraar",
        organisation="",
        contact="",
    )
    preview = _preview(petra.text(world.editor_url()))
    assert "Vergeleken met versie 1." in preview
    assert "Nieuw doel: Noah fietst zelf naar school" in preview
    assert "Helpt nu mee: Meester Jan" in preview
    world.publish("Noah fietst en meester Jan helpt.")
    changes = page_text(sign_in(app, world.eva).text(f"{world.plan_url()}/versie/2/veranderingen"))
    assert "Nieuw doel: Noah fietst zelf naar school" in changes and "Helpt nu mee: Meester Jan" in changes
    assert "Er is nog niets veranderd sinds versie 2." in _preview(petra.text(world.editor_url()))


def test_before_the_first_version_the_preview_says_everything_is_new(app, db) -> None:
    world = build_world(app, db, publish=False)
    preview = _preview(sign_in(app, world.petra).text(world.editor_url()))
    assert "Dit is de eerste versie: alles is nieuw." in preview
    assert "Nieuw doel: Lina leert zwemmen" in preview


def test_the_preview_is_the_regisseurs_only(app, world) -> None:
    assert sign_in(app, world.eva).get(world.editor_url()).status_code == 404
    assert sign_in(app, world.ruud).get(world.editor_url()).status_code == 404
    with pytest.raises(Exception) as refused:
        world.run(drafting.pending_changes, world.ruud, world.family.id)
    assert getattr(refused.value, "code", None) == 404


# --- the access log groups repeated views ------------------------------------------------------------------------------


def _read_plan_at(world: PlanWorld, moment: datetime, who=None) -> None:
    freeze_time(world.app, moment)
    plan = world.run(lambda db: drafting.editable_plan(db, world.petra, world.family.id)[1])
    world.run(audit.record, who or world.petra, AuditAction.READ, world.family, "gezinsplan", plan.id)


def _log_groups(html: str) -> list[str]:
    found = re.search(r'<ol class="list log">(.*?)</ol>', html, re.S)
    return [page_text(item) for item in re.findall(r"<li\b.*?</li>", found.group(1), re.S)] if found else []


def test_the_access_log_groups_one_persons_views_per_day_with_each_time_one_tap_away(app, world) -> None:
    for hour in (8, 9, 12, 15, 16, 17, 18):  # 7 views on 2 March (Amsterdam: one hour later)
        _read_plan_at(world, datetime(2027, 3, 2, hour, 5, tzinfo=UTC))
    _read_plan_at(world, datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
    _read_plan_at(world, datetime(2027, 3, 2, 10, 0, tzinfo=UTC), who=world.ruud)  # another person: own line
    freeze_time(app, datetime(2027, 3, 4, 9, 0, tzinfo=UTC))
    html = sign_in(app, world.eva).text(f"{world.plan_url()}/wie-heeft-gekeken?since=2027-03-02")
    groups = [g for g in _log_groups(html) if "heeft het gezinsplan bekeken" in g]
    assert len(groups) == 3
    single, many, ruud = groups
    assert "Petra Jansen" in single and "3 mrt 2027" in single and "keer" not in single
    assert "Petra Jansen" in many and "7 keer op 2 maart" in many
    assert "Ruud Smit" in ruud and "keer" not in ruud
    details = re.search(r'<details class="log__details">(.*?)</details>', html, re.S).group(1)
    assert "Laat elke keer zien" in details
    assert [t for t in re.findall(r"<time [^>]*>([^<]+)</time>", details)] == [
        "19:05",
        "18:05",
        "17:05",
        "16:05",
        "13:05",
        "10:05",
        "09:05",
    ]


def test_grouping_uses_the_familys_day_not_utc(app, world) -> None:
    late = AuditEvent(
        occurred_at=datetime(2027, 3, 1, 23, 30, tzinfo=UTC),  # 2 March, 00:30 in Amsterdam
        action="read",
        object_type="gezinsplan",
        family_id=world.family.id,
        actor_id=world.petra.id,
        actor_name="Petra Jansen",
        actor_role="regisseur",
    )
    early = AuditEvent(**{**late.model_dump(), "occurred_at": datetime(2027, 3, 2, 8, 0, tzinfo=UTC)})
    before = AuditEvent(**{**late.model_dump(), "occurred_at": datetime(2027, 3, 1, 22, 30, tzinfo=UTC)})
    change = AuditEvent(**{**late.model_dump(), "action": "change"})
    with app.app_context():
        groups = audit.grouped([early, late, change, before])
    assert [(g.day, g.count) for g in groups] == [(date(2027, 3, 2), 2), (date(2027, 3, 2), 1), (date(2027, 3, 1), 1)]
    assert groups[0].latest is early


# --- the agenda: where and with whom -----------------------------------------------------------------------------------


@pytest.fixture
def jim(app, db) -> JimWorld:
    return build_jim_world(app, db)


def _agenda_items(html: str) -> list[str]:
    found = re.search(r'<ul class="list appointments">(.*?)</ul>', html, re.S)
    return [words(item) for item in re.findall(r"<li\b.*?</li>", found.group(1), re.S)] if found else []


def test_an_agenda_entry_says_where_and_with_whom_by_first_name(app, jim) -> None:
    jim.propose(jim.petra, [jim.sara, jim.eva], place="Buurthuis De Brug")
    jim.propose(
        jim.petra,
        [jim.sara],
        local=datetime(2027, 3, 12, 10, 0),
        kind="evaluatie",
        place="Gemeentehuis",
        video_url="https://video.example.test/kamer",
    )
    jim.propose(
        jim.petra,
        [jim.sara],
        local=datetime(2027, 3, 15, 10, 0),
        kind="evaluatie",
        place="",
        video_url="https://video.example.test/kamer",
    )
    first, second, third = _agenda_items(sign_in(app, jim.sara).text("/afspraken"))
    assert "Waar: Buurthuis De Brug" in first
    assert "Met: Eva, Petra" in first and "Sara" not in first.split("Met:")[1]
    assert "Waar: Gemeentehuis · of via video" in second and "Met: Petra" in second
    assert "Waar: via video" in third
    petra = _agenda_items(sign_in(app, jim.petra).text("/afspraken"))
    assert "Met: Eva, Sara" in petra[0]


def test_the_agenda_asks_the_same_number_of_statements_for_one_or_many_entries(app, jim) -> None:
    sara = sign_in(app, jim.sara)
    jim.propose(jim.petra, [jim.sara, jim.eva])
    sara.text("/afspraken")  # warm up: the first page of a session loads more
    with counted_queries(app) as one:
        sara.text("/afspraken")
    for day in range(11, 17):
        jim.propose(jim.petra, [jim.sara, jim.eva, jim.noah], local=datetime(2027, 3, day, 15, 0))
    with counted_queries(app) as many:
        html = sara.text("/afspraken")
    assert len(_agenda_items(html)) == 7
    assert len(many) == len(one)


# --- the message list: first words, time and who reads along ------------------------------------------------------


@pytest.fixture
def talk(app, db):
    freeze_time(app, NOW)
    petra = make_regisseur(db, name="Petra Jansen")
    samira = make_user(db, Role.JONGERE, name="Samira Haddou")
    marleen = make_user(db, Role.PLEEGOUDER, name="Marleen Hendriks")
    family = make_family(db, petra, (samira, Relation.JONGERE), (marleen, Relation.PLEEGOUDER), name="Haddou")
    stranger = make_user(db, Role.OUDER, name="Kees Vreemd")
    make_family(db, make_regisseur(db, name="Ruud Smit"), (stranger, Relation.OUDER), name="Vreemd")
    return {"petra": petra, "samira": samira, "marleen": marleen, "stranger": stranger, "family": family}


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _send(app, db, user, kind: str, body: str, moment: datetime, key: str) -> None:
    freeze_time(app, moment)
    with app.test_request_context():
        for summary in messages.conversations(db, user):
            if summary.conversation.kind == kind:
                messages.send(db, user, summary.conversation.id, body, key)
        db.commit()


def _list_items(html: str) -> list[str]:
    found = re.search(r'<ul class="list conversations">(.*?)</ul>', html, re.S)
    return [item for item in re.findall(r"<li\b.*?</li>", found.group(1), re.S)] if found else []


LONG = "Ik wil graag praten over school, want het gaat niet zo goed en ik weet niet wat ik moet doen"


def test_the_list_shows_the_last_messages_first_words_its_time_and_who_reads_along(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Zullen we zaterdag bellen?", NOW, "a")
    _send(app, db, talk["marleen"], ConversationKind.FAMILY, LONG, NOW + timedelta(minutes=5), "b")
    _send(app, db, talk["samira"], ConversationKind.PRIVATE, "Alleen voor Petra", NOW - timedelta(days=3), "c")
    freeze_time(app, NOW + timedelta(hours=1))
    items = _list_items(_client(app, talk["samira"]).get("/berichten").get_data(as_text=True))
    family = next(i for i in items if "Gezin Haddou" in i)
    private = next(i for i in items if "privé" in i)
    text = words(family)
    assert "Marleen: Ik wil graag praten over school, want het gaat niet zo goed…" in text
    assert LONG not in text
    assert '<span dir="auto">Ik wil graag' in family
    assert '<time datetime="2027-03-01T10:05:00+00:00">11:05</time>' in family  # today: the time (Amsterdam)
    assert "Met: Marleen, Petra" in text
    assert "Jij: Alleen voor Petra" in words(private)
    assert ">26 februari</time>" in private  # another day: the date
    assert "Met: Petra" in words(private) and "Marleen" not in words(private)


def test_a_conversation_without_messages_says_so(app, talk) -> None:
    items = _list_items(_client(app, talk["samira"]).get("/berichten").get_data(as_text=True))
    assert items and all("Nog geen berichten" in page_text(item) for item in items)


def test_the_regisseur_sees_who_wrote_and_when_but_not_the_words_unlogged(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.PRIVATE, "Ik heb een vraag over thuis", NOW, "d")
    freeze_time(app, NOW + timedelta(minutes=30))
    before = db.exec(select(AuditEvent).where(AuditEvent.family_id == talk["family"].id)).all()
    html = sign_in(app, talk["petra"]).text("/berichten")
    item = next(i for i in _list_items(html) if "Privé: Samira Haddou" in words(i))
    assert "Laatste bericht van Samira" in page_text(item)
    assert "Ik heb een vraag" not in html
    after = db.exec(select(AuditEvent).where(AuditEvent.family_id == talk["family"].id)).all()
    assert len(after) == len(before)  # the list reads no message text, so nothing to log


def test_no_one_sees_the_first_words_of_a_conversation_they_may_not_read(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.PRIVATE, "Geheim voor Petra", NOW, "e")
    for person in ("marleen", "stranger"):
        html = _client(app, talk[person]).get("/berichten").get_data(as_text=True)
        assert "Geheim voor Petra" not in html


def test_the_previews_come_with_the_list_in_three_statements_however_long(app, db, talk) -> None:
    for n in range(4):
        _send(app, db, talk["samira"], ConversationKind.FAMILY, f"Bericht {n}", NOW + timedelta(minutes=n), f"f{n}")
        _send(app, db, talk["marleen"], ConversationKind.PRIVATE, f"Vraag {n}", NOW + timedelta(minutes=n), f"g{n}")
    with app.test_request_context():
        messages.conversations(db, talk["petra"])  # made on first use: the list below only reads
        with counted_queries(app) as statements:
            summaries, previews = message_list(db, talk["petra"])
        assert len(statements) == 3  # the check for a missing conversation, the list, the families' members
        family = next(s for s in summaries if s.conversation.kind == ConversationKind.FAMILY)
        assert previews[family.conversation.id].author == "Samira"
        assert previews[family.conversation.id].people == ["Marleen", "Samira"]


def test_a_file_without_words_is_named_as_a_file(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.PRIVATE, "x", NOW, "h")
    conversation = db.exec(
        select(Conversation).where(
            Conversation.kind == ConversationKind.PRIVATE, Conversation.person_id == talk["samira"].id
        )
    ).one()
    freeze_time(app, NOW + timedelta(minutes=1))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with app.test_request_context():
        messages.send(db, talk["samira"], conversation.id, "", "i", ("brief.pdf", pdf))
        db.commit()
    html = _client(app, talk["samira"]).get("/berichten").get_data(as_text=True)
    item = next(i for i in _list_items(html) if "privé" in i)
    assert "Jij: een foto of bestand" in page_text(item)


# --- back links --------------------------------------------------------------------------------------------------------


def _back_link(html: str) -> tuple[str, str]:
    main = _main(html)
    match = re.search(r'<p class="back-link"><a href="([^"]+)">(.*?)</a></p>', main, re.S)
    assert match, "no back link"
    assert main.index('<p class="back-link">') < main.index("<h1"), "the back link is not at the top"
    return match.group(1), page_text(match.group(2))


def test_help_glossary_sharing_and_the_mentor_form_have_the_same_back_link_at_the_top(app, world) -> None:
    world.share(world.sara)
    sara = sign_in(app, world.sara)
    assert _back_link(sara.text("/hulp")) == ("/", "← Terug naar de startpagina")
    assert _back_link(sara.text("/uitleg")) == ("/", "← Terug naar de startpagina")
    assert _back_link(sara.text("/mentor/kiezen")) == ("/mentor", "← Terug naar Mijn mentor")
    plan_link = re.search(r'href="(/delen\?next=[^"]+)"', sara.text(world.plan_url())).group(1)
    assert _back_link(sara.text(plan_link.replace("&amp;", "&"))) == (world.plan_url(), "← Terug naar het plan")
    assert _back_link(sara.text("/delen")) == ("/home", "← Terug naar de startpagina")
    assert _back_link(sara.text("/delen?next=//evil.example")) == ("/home", "← Terug naar de startpagina")
    assert _back_link(sara.text(f"{world.plan_url()}/wie-heeft-gekeken")) == (world.plan_url(), "← Terug naar het plan")


def test_the_help_page_without_an_account_leads_back_to_the_start(client) -> None:
    assert _back_link(client.get("/hulp").get_data(as_text=True)) == ("/", "← Terug naar de startpagina")


# --- the toekomstplan for a reader who is not the youth -------------------------------------------------------------


def test_the_toekomstplan_names_the_youth_for_her_foster_mother_and_says_je_to_her(app, world) -> None:
    world.share(world.sara)
    url = f"/toekomstplan/{world.sara.id}"
    own = page_text(sign_in(app, world.sara).text(url))
    assert "Na je 18e verandert er veel" in own and "Wat wil ik?" in own
    for reader in (world.ingrid, world.petra):
        text = words(sign_in(app, reader).text(url))
        assert "Na de 18e verjaardag verandert er veel voor Sara" in text
        assert "Dit is de lijst van Sara." in text
        assert "Wat wil Sara?" in text and "Waar staat Sara nu?" in text
        assert "Na je 18e" not in text and "Wat wil ik?" not in text and "Waar sta ik nu?" not in text
        assert "Regel dit vóór" not in text


# --- the mentor relation list ----------------------------------------------------------------------------------------


def test_a_youth_can_name_a_brother_sister_or_cousin_as_mentor(app, world) -> None:
    sara = sign_in(app, world.sara)
    html = sara.text("/mentor/kiezen")
    assert '<option value="broer_zus">broer of zus</option>' in html
    assert '<option value="neef_nicht">neef of nicht</option>' in html
    response = sara.post(
        "/mentor/kiezen",
        {"name": "Yusuf de Vries", "relation": "neef_nicht", "contact": "06 11111111", "motivation": "Hij snapt me."},
    )
    assert response.status_code in (200, 302)
    assert "Yusuf" in page_text(sara.text("/mentor"))


def test_an_unknown_relation_is_refused_with_what_was_typed_kept(app, world) -> None:
    sara = sign_in(app, world.sara)
    response = sara.post(
        "/mentor/kiezen", {"name": "Yusuf de Vries", "relation": "achterneef", "contact": "06 11111111"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Yusuf de Vries"' in html and 'class="error"' in html


def test_a_message_sent_after_midnight_in_venlo_is_from_today_before_utc_midnight(app, db, talk) -> None:
    """00:15 in Venlo is 23:15 UTC the day before: the list compared UTC's date with Amsterdam's, and showed a
    message of a quarter of an hour ago with yesterday's date until 01:00."""
    _send(
        app,
        db,
        talk["samira"],
        ConversationKind.FAMILY,
        "Ben je nog wakker?",
        datetime(2026, 12, 2, 23, 15, tzinfo=UTC),
        "m",
    )
    freeze_time(app, datetime(2026, 12, 2, 23, 30, tzinfo=UTC))
    with app.test_request_context():
        summaries, previews = message_list(db, talk["marleen"])
    family = next(s for s in summaries if s.conversation.kind == ConversationKind.FAMILY)
    assert previews[family.conversation.id].today
