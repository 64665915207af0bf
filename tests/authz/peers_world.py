"""Vraag het een andere pleegouder and Informatie in the authorization world, built through the parts' own services.

Per side (A and B):
- members in both spaces: the family's foster parent in Pleegouders, its sharing 17-year-old (a foster youth) in
  Jongeren, and an ervaringsdeskundige (an account of her own, invited by the side's moderator and said yes);
- in each space the member's questions in every status: published (approved by the side's moderator), in review (a
  new member's post), rejected (with a note to the writer), hidden (by a moderator) and deleted (by the writer); under
  the published question a published answer of the expert and one still in review of another member;
- a flag and a follow of the expert on the published question; an expert invitation still open (to
  the foster parent, for Pleegouders); a crisis word the side's moderator added;
- two identity requests of the side's moderator: one open, one that the other side's moderator approved;
- plan part translations: the family's foster parent reads Turkish, and the regisseur translated the family's goal
  and the situation text (with an interpreter).
Side A's moderator is the matrix's moderator actor; side B gets a moderator of its own. One article for the
redacteur (the matrix's redacteur actor): Dutch in two versions, a Turkish translation made from the first (out of
date) with a draft after it, and 'Ik begrijp dit niet' feedback on the article and a glossary term.

Texts only moderators may read (posts not published, notes, reasons) are kept in `Household.moderated` as well as in
the secrets: a moderator reads them by design, nobody else ever does. The published posts are for every member of
the space and are no secret; the real name behind a pseudonym is one for everybody (the people's names are secrets).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyotp
from sqlmodel import select

from tests.content_factories import DUTCH, TURKISH
from tests.factories import make_user
from webapp.content import library
from webapp.content.articles import services as articles
from webapp.models import IdentityRequest, PeerMember, PeerWord, Role, User
from webapp.models.content import Article
from webapp.peers.moderation import services as moderation
from webapp.peers.questions import services as questions
from webapp.peers.questions.services import PostData
from webapp.plans import translations

if TYPE_CHECKING:
    from tests.authz.world import Household, World

NAMES = {
    "A": {
        "marker": "Appelbloesem",
        "expert": "Anouk Ervaringhof",
        "word": "appelverdriet",
    },
    "B": {
        "marker": "Zwaluwnest",
        "expert": "Bregtje Ervaringsveld",
        "word": "zwaluwverdriet",
    },
}
MODERATOR_B = "Benno Bovenkamp"  # moderators know each other's names: not a secret of the family
ARTICLE = "wat-is-een-jim"
TERM = "regisseur"  # a glossary key with feedback
SEARCH_WORD = "zakgeld"  # in every question of every side and status: search must find only the published ones
STATUSES = ("published", "in_review", "rejected", "hidden", "deleted")


def build_side(world: World, f: Household, moderator: User, other_moderator: User) -> None:
    """The side's peer members, posts, flag, follow, invitation, word, identity requests and plan translations."""
    db, names = world.db, NAMES[f.letter]
    expert = make_user(db, Role.MENTOR, name=names["expert"], email=f"expert@{f.family.name.lower()}.test")
    f.people["peer_expert"] = expert
    f.keep(expert.name, expert.name.split()[0], expert.email)
    invite = world.run(
        moderation.invite_expert, moderator, expert.email, "pleegouders", f"Ervaren pleegmoeder {names['marker']}"
    )
    world.run(moderation.answer_invitation, expert, invite.id, True)
    f.moderated.append(f"Ervaren pleegmoeder {names['marker']}")
    authors = {"pleegouders": f.people["foster"], "jongeren": f.people["youth_17_sharing"]}
    for space, author in authors.items():
        f.ids[f"peer_{space}"] = _posts(world, f, space, author, moderator)
    f.ids["peer_members"] = [_member(world, authors[s], s).id for s in authors]
    f.ids["peer_expert_member"] = _member(world, expert, "pleegouders").id
    _answers(world, f, moderator, expert)
    published = f.ids["peer_pleegouders"]["published"]
    world.run(moderation.flag, expert, published, "herkenbaar")
    world.run(questions.follow, expert, "pleegouders", published, True)
    open_invite = world.run(
        moderation.invite_expert, moderator, f.people["foster"].email, "pleegouders", f"Uitnodiging {names['marker']}"
    )
    # The moderators see the e-mail address one of them typed beside an open invitation (never beside a pseudonym).
    f.moderated.extend((f"Uitnodiging {names['marker']}", f.people["foster"].email))
    f.ids["peer_invitations"] = [open_invite.id, invite.id]
    world.run(moderation.add_word, moderator, "nl", names["word"])
    f.ids["peer_word"] = world.db.exec(select(PeerWord.id).where(PeerWord.phrase == names["word"])).one()
    _identity_requests(world, f, moderator, other_moderator)
    _plan_translations(world, f)


def _member(world: World, user: User, space: str) -> PeerMember:
    return world.db.exec(select(PeerMember).where(PeerMember.user_id == user.id, PeerMember.space == space)).one()


def _text(f: Household, space: str, status: str) -> tuple[str, str]:
    marker = NAMES[f.letter]["marker"]
    return (
        f"Vraag {marker} {space} {status}: hoeveel {SEARCH_WORD} geven jullie?",
        f"Tekst {marker} {space} {status}: wij twijfelen over het {SEARCH_WORD} per week.",
    )


def _ask(world: World, user: User, space: str, title: str, body: str) -> int:
    data = PostData(body=body, language="nl", title=title, topics=["geld"])
    return world.run(questions.ask, user, space, data).id


def _posts(world: World, f: Household, space: str, author: User, moderator: User) -> dict[str, int]:
    """One question of `author` in each status (a new member's questions wait for a moderator)."""
    ids = {}
    for status in STATUSES:
        title, body = _text(f, space, status)
        post_id = _ask(world, author, space, title, body)
        if status in ("published", "hidden"):
            world.run(moderation.act, moderator, post_id, "approve")
        if status == "rejected":
            note = f"Afgewezen {NAMES[f.letter]['marker']} {space}: haal de naam van de school weg"
            world.run(moderation.act, moderator, post_id, "reject", reason="Een schoolnaam", note=note)
            f.moderated.append(note)
        if status == "hidden":
            world.run(moderation.act, moderator, post_id, "hide", reason=f"Verborgen {NAMES[f.letter]['marker']}")
        if status == "deleted":
            world.run(questions.delete, author, space, post_id, post_id)
        if status != "published":
            f.moderated.extend((title, body))
        ids[status] = post_id
    return ids


def _answers(world: World, f: Household, moderator: User, expert: User) -> None:
    """Under the published Pleegouders question: the expert's answer (approved, published) and one of the side's
    steungezin still waiting for a moderator."""
    marker, question = NAMES[f.letter]["marker"], f.ids["peer_pleegouders"]["published"]
    published = world.run(
        questions.answer, expert, "pleegouders", question, PostData(body=f"Antwoord {marker}: tien euro", language="nl")
    )
    world.run(moderation.act, moderator, published.id, "approve")
    waiting_text = f"Wachtend antwoord {marker}: vijf euro en een spaarpot"
    waiting = world.run(
        questions.answer, f.people["steungezin"], "pleegouders", question, PostData(body=waiting_text, language="nl")
    )
    f.moderated.append(waiting_text)
    f.ids["peer_answer_published"], f.ids["peer_answer_waiting"] = published.id, waiting.id


def _identity_requests(world: World, f: Household, moderator: User, other_moderator: User) -> None:
    marker = NAMES[f.letter]["marker"]
    foster_member, youth_member = f.ids["peer_members"]
    reasons = (
        f"Identiteit {marker}: zij noemde een schoolnaam en een leeftijd",
        f"Identiteit {marker}: hij schreef over weglopen, wij willen de regisseur bellen",
    )
    open_request = world.run(moderation.request_identity, moderator, foster_member, reasons[0])
    approved = world.run(moderation.request_identity, moderator, youth_member, reasons[1])
    world.run(moderation.decide_identity, other_moderator, approved.id, True)
    f.moderated.extend(reasons)
    f.ids["peer_identity_requests"] = [open_request.id, approved.id]
    assert world.db.get(IdentityRequest, approved.id).approved is True


def _plan_translations(world: World, f: Household) -> None:
    """The foster parent reads Turkish; the regisseur translated the family's goal and the situation text."""
    foster, regisseur = f.people["foster"], world.professionals[f"regisseur_{f.letter.lower()}"]
    foster.language = "tr"
    world.db.add(foster)
    world.db.commit()
    surname = f.family.name
    texts = {
        ("doel", str(f.goals["family"].id)): f"{surname} ailesi her pazar birlikte yemek yer",
        ("situatie", "gezin"): f"{surname} durumu: taşınma zordu",
    }
    for (slug, ref), text in texts.items():
        world.run(translations.save, regisseur, f.family.id, slug, ref, "tr", text=text, interpreter=f"Tolk {surname}")
        f.keep(text)
    f.keep(f"Tolk {surname}")
    f.ids["translated_goal"] = f.goals["family"].id


def build_moderator_b(world: World) -> User:
    moderator = make_user(world.db, Role.MODERATOR, name=MODERATOR_B, totp_secret=pyotp.random_base32())
    world.professionals["moderator_b"] = moderator
    return moderator


def build_content(world: World) -> None:
    """The article, its versions and feedback (the redacteur's objects: public texts, no family's words)."""
    db = world.db
    article = Article(slug=ARTICLE, audiences=["jongere-12-15", "jongere-16-plus"])
    db.add(article)
    db.flush()
    library.add_version(db, article, "nl", DUTCH, publish=True)
    library.add_version(db, article, "tr", TURKISH, publish=True)
    library.add_version(
        db, article, "nl", {**DUTCH, "what_it_means": "Je kiest zelf wie, samen met je regisseur."}, publish=True
    )
    library.add_version(db, article, "tr", {**TURKISH, "summary": "JIM, güvendiğin bir yetişkindir."}, publish=False)
    db.commit()
    world.run(articles.article_not_understood, ARTICLE, "tr", "Kimi seçeceğine")
    world.run(articles.term_not_understood, TERM, "ar", None)
