"""Who may enter which space, and the member row (with its pseudonym) made on first entry.

The rule itself is `policy.may_enter_space`; this module gathers the facts it needs from the database: whether a
jongere lives or lived in a foster family (a family of hers with a pleegouder member) and whether a moderator admitted
her as ervaringsdeskundige in a space. A member's real name is never shown to other members: `display_name` gives
her pseudonym, or her first name when she chose that.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import today, utcnow
from webapp.models import FamilyMember, PeerMember, Relation, Role, User
from webapp.models.peers import Space
from webapp.peers.questions import pseudonyms

SPACES: tuple[str, ...] = (Space.PLEEGOUDERS.value, Space.JONGEREN.value)


@dataclass(frozen=True)
class Facts:
    foster_youth: bool
    expert_spaces: frozenset[str]


def is_foster_youth(db: Session, user: User) -> bool:
    """A jongere in a family (now or before: the membership stays) that has a pleegouder member."""
    if user.id is None or not user.has_role(Role.JONGERE):
        return False
    carer = aliased(FamilyMember)
    return (
        db.exec(
            select(FamilyMember.id)
            .join(carer, carer.family_id == FamilyMember.family_id)
            .where(
                FamilyMember.user_id == user.id,
                FamilyMember.relation == Relation.JONGERE,
                carer.relation == Relation.PLEEGOUDER,
            )
            .limit(1)
        ).first()
        is not None
    )


def family_first_names(db: Session, user: User) -> list[str]:
    """The first names of everyone in this person's families, hers included."""
    mine = select(FamilyMember.family_id).where(FamilyMember.user_id == user.id)
    names = db.exec(
        select(User.name).join(FamilyMember, FamilyMember.user_id == User.id).where(FamilyMember.family_id.in_(mine))
    ).all()
    return sorted({name.split(" ", 1)[0] for name in [user.name, *names] if name})


def facts(db: Session, user: User) -> Facts:
    expert = db.exec(select(PeerMember.space).where(PeerMember.user_id == user.id, PeerMember.is_expert)).all()
    return Facts(foster_youth=is_foster_youth(db, user), expert_spaces=frozenset(expert))


def may_enter(db: Session, user: User, space: str, known: Facts | None = None) -> bool:
    if space not in SPACES or not getattr(user, "is_authenticated", False):
        return False
    known = known or facts(db, user)
    return policy.may_enter_space(
        user, space, today(), foster_youth=known.foster_youth, expert_in_space=space in known.expert_spaces
    )


def spaces_for(db: Session, user: User) -> list[str]:
    """The spaces this person may enter, Pleegouders first (a moderator: both)."""
    if not getattr(user, "is_authenticated", False):
        return []
    known = facts(db, user)
    return [space for space in SPACES if may_enter(db, user, space, known)]


def require_space(db: Session, user: User, space: str) -> None:
    """404 for a space this person may not enter (or that does not exist)."""
    if not may_enter(db, user, space):
        raise NotFound


def _taken(db: Session, space: str) -> set[str]:
    return set(db.exec(select(PeerMember.pseudonym).where(PeerMember.space == space)).all())


def member_for(db: Session, user: User, space: str, create: bool = False) -> PeerMember | None:
    """This person's member row in `space`; with `create`, made on first entry with a new pseudonym (404 if she may
    not enter the space). The caller commits."""
    member = db.exec(select(PeerMember).where(PeerMember.user_id == user.id, PeerMember.space == space)).first()
    if member is not None or not create:
        return member
    require_space(db, user, space)
    member = PeerMember(
        user_id=user.id,
        space=space,
        pseudonym=pseudonyms.generate(_taken(db, space), pseudonyms.own_names(user.name, user.email)),
    )
    db.add(member)
    db.flush()
    return member


def display_name(member: PeerMember | None, user_first_name: str | None = None) -> str:
    """What other members read as the writer: the pseudonym, or the first name if she chose that (and it is
    known). Never the full name."""
    if member is None:
        return ""
    if member.use_first_name and user_first_name:
        return user_first_name.split(" ", 1)[0]
    return member.pseudonym


def name_suggestions(db: Session, user: User, space: str, count: int = 4) -> list[str]:
    return pseudonyms.suggestions(_taken(db, space), pseudonyms.own_names(user.name, user.email), count)


class NameInvalid(ValueError):
    """A pseudonym this member cannot take: a translated message."""


class NameAlreadyChanged(Exception):
    """The pseudonym was changed once already (answered 409)."""


def change_pseudonym(db: Session, user: User, member: PeerMember, new_name: str) -> None:
    """Once: a new pseudonym, unique in the space and not containing her own name. The caller commits."""
    if member.user_id != user.id:
        raise NotFound
    if member.pseudonym_changed_at is not None:
        raise NameAlreadyChanged
    new_name = pseudonyms.clean(new_name)
    taken = _taken(db, member.space) - {member.pseudonym}
    message = pseudonyms.problem(new_name, pseudonyms.own_names(user.name, user.email), taken)
    if message:
        raise NameInvalid(message)
    if new_name != member.pseudonym:
        member.pseudonym = new_name
        member.pseudonym_changed_at = utcnow()
        db.add(member)


def set_use_first_name(db: Session, user: User, member: PeerMember, use: bool) -> None:
    if member.user_id != user.id:
        raise NotFound
    member.use_first_name = use
    db.add(member)
