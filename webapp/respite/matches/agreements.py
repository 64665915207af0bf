"""The afsprakenkaart of a match: written agreements in fixed sections, kept as numbered versions (AgreementCard).

Like the plan's akkoord: a version is agreed by both sides (the family: one of its carers; the steungezin: its
user). A new version starts with no agreement at all, and both see what changed per section (old -> new).
Religion and medicine are special data: the card's text is never put in a push, a log or a calendar file.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from webapp.models import AgreementCard, RespiteMatch

MAX_SECTION_LENGTH = 2000

# The sections in the order the card shows them: (title, what to write down).
SECTIONS: dict[str, tuple[object, object]] = {
    "days_times": (
        _l("Dagen en tijden"),
        _l(
            "Welke dagen, hoe vaak, van hoe laat tot hoe laat. Bijvoorbeeld: één weekend per maand, vrijdag 17.00 uur tot zondag 17.00 uur."
        ),
    ),
    "bringing": (
        _l("Brengen en halen"),
        _l("Wie brengt het kind, wie haalt het weer op, en waar."),
    ),
    "food": (
        _l("Eten en dieet"),
        _l("Wat het kind eet en niet eet. Ook allergieën of halal eten."),
    ),
    "religion": (
        _l("Geloof en gewoontes"),
        _l("Bidden, feestdagen, kleding of andere gewoontes waar het steungezin rekening mee houdt."),
    ),
    "medicine": (
        _l("Medicijnen"),
        _l("Welke medicijnen, hoeveel en hoe laat. Wie geeft ze."),
    ),
    "screens": (
        _l("Schermtijd en telefoon"),
        _l("Hoe lang mag het kind op een tablet of telefoon, en wanneer niet."),
    ),
    "photos": (
        _l("Foto's op sociale media"),
        _l("Mag het steungezin foto's van het kind maken? Mogen ze op internet? Meestal is het antwoord: nee."),
    ),
    "emergency": (
        _l("Bij nood: wie bellen we?"),
        _l("Wie belt het steungezin als er iets gebeurt, met telefoonnummers. En wie belt het gezin."),
    ),
    "costs": (
        _l("Kosten en vrijwilligersvergoeding"),
        _l("Wie betaalt uitjes, eten en reizen. Krijgt het steungezin een vergoeding van het meldpunt, en hoeveel."),
    ),
    "coordinator": (
        _l("Zo bereikt u de coördinator"),
        _l("Naam, telefoon en wanneer de coördinator te bereiken is. Bel bij twijfel altijd even."),
    ),
}


@dataclass(frozen=True)
class SectionChange:
    """One section that is different in a version than in the one before it (empty: nothing was written)."""

    code: str
    before: str
    after: str

    @property
    def title(self) -> str:
        return str(SECTIONS[self.code][0])


def clean(sections: dict[str, str]) -> dict[str, str]:
    """Only the known sections, with the text trimmed (an empty section is kept empty)."""
    return {code: (sections.get(code) or "").strip() for code in SECTIONS}


def compare(old: dict | None, new: dict) -> list[SectionChange]:
    """What changed from `old` to `new`, per section in card order (all written sections when there is no older
    version)."""
    old = old or {}
    return [
        SectionChange(code, (old.get(code) or ""), (new.get(code) or ""))
        for code in SECTIONS
        if (old.get(code) or "") != (new.get(code) or "")
    ]


def versions(db: Session, match: RespiteMatch) -> list[AgreementCard]:
    """Every version of the match's card, the newest first."""
    return list(
        db.exec(select(AgreementCard).where(AgreementCard.match_id == match.id).order_by(AgreementCard.version.desc()))
    )


def current(db: Session, match: RespiteMatch) -> AgreementCard | None:
    return db.exec(
        select(AgreementCard).where(AgreementCard.match_id == match.id).order_by(AgreementCard.version.desc())
    ).first()


def version(db: Session, match: RespiteMatch, number: int) -> AgreementCard | None:
    return db.exec(
        select(AgreementCard).where(AgreementCard.match_id == match.id, AgreementCard.version == number)
    ).first()


def agreed_by_both(card: AgreementCard | None) -> bool:
    return card is not None and card.family_agreed_at is not None and card.household_agreed_at is not None
