"""What other features use of intake: the home page's part (a regisseur's new families, a gemeente coordinator's
families, a family's notice of a new regisseur) and the family page's part."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from webapp.auth import policy
from webapp.intake import handover, registration
from webapp.intake.handover import CoordinatorHome, RegisseurNotice
from webapp.models import Family, FamilyHandover, User


@dataclass(frozen=True)
class IntakeHome:
    notices: list[RegisseurNotice] = field(default_factory=list)
    coordinator: CoordinatorHome = field(default_factory=lambda: CoordinatorHome(False))
    can_register: bool = False
    without_plan: list[registration.FamilyName] = field(default_factory=list)


def home(db: Session, user: User) -> IntakeHome:
    """The home page's part (templates/families/_home_intake.html, asked for once by webapp/home/views.py): one
    statement for a family member (the notice), one for a gemeente coordinator, one for a regisseur."""
    if user.is_professional:
        register = policy.can_register_family(user)
        return IntakeHome(
            coordinator=handover.coordinator_home(db, user),
            can_register=register,
            without_plan=registration.registered_by(db, user) if register else [],
        )
    return IntakeHome(notices=handover.regisseur_notices(db, user))


@dataclass(frozen=True)
class FamilyPagePart:
    notice: RegisseurNotice | None
    open_question: FamilyHandover | None  # the regisseur's own question for another regisseur
    can_ask: bool


def family_page(db: Session, user: User, family: Family) -> FamilyPagePart:
    return FamilyPagePart(
        handover.notice_for_family(db, user, family),
        handover.open_question(db, user, family),
        policy.can_ask_for_handover(user, family),
    )
