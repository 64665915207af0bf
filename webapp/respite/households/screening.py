"""The screening checklist of a volunteer household, as a pure function of the household and its rows.

Six things must be done before the coordinator may approve a household (Buurtgezinnen's and Home-Start's practice):

1. a first intake talk, 2. a second talk (at least two talks before approval),
3. a VOG (verklaring omtrent het gedrag) received for every adult of the household (OnsPlan keeps only the dates,
   never the document itself),
4. and 5. two references that count: not relatives, known to the household for at least two years, checked by the
   coordinator with a good outcome, and from two different contexts (e.g. work and neighbours),
6. the preparation training.

Every item carries one plain sentence for the coordinator and one for the volunteer ("je"), and for the volunteer
what is still needed ("één referentie"). Sentences are lazy translations; dates are formatted by the `fmt` the caller
passes (the page's locale), so the function needs no database and no request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln

from webapp.models import Household, HouseholdAdult, HouseholdReference

MIN_KNOWN_YEARS = 2
REFERENCES_NEEDED = 2

# Where a reference knows the household from: two references must come from two different contexts.
REFERENCE_CONTEXTS = {
    "werk": _l("Werk"),
    "buurt": _l("Buren of buurt"),
    "vereniging": _l("Vereniging, sport of club"),
    "school": _l("School of opvang van de kinderen"),
    "geloof": _l("Kerk, moskee of andere geloofsgemeenschap"),
    "vrijwilligerswerk": _l("Vrijwilligerswerk"),
    "vrienden": _l("Vrienden"),
    "anders": _l("Ergens anders van"),
}


def context_label(code: str) -> str:
    """The label of a context code; a context typed in elsewhere is shown as it was written."""
    label = REFERENCE_CONTEXTS.get(code)
    return str(label) if label is not None else code


def _same_context(code: str) -> str:
    return code.strip().casefold()


@dataclass(frozen=True)
class Item:
    code: str  # intake, intake2, vog, reference1, reference2, training
    title: object  # a lazy label
    done: bool
    sentence: object  # for the coordinator: what is done, or what is missing and why
    plain: object  # for the volunteer, in "je" form
    needed: object | None = None  # for the volunteer's "Nog nodig: ..." (None when done)


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]
    problems: tuple[object, ...] = field(default=())  # references that do not count, with the reason

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.done]

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)

    @property
    def still_needed(self) -> list[object]:
        """For the volunteer's "Nog nodig: ...": what is missing, the references counted together."""
        needed = [item.needed for item in self.missing if not item.code.startswith("reference")]
        references = sum(1 for item in self.missing if item.code.startswith("reference"))
        if references:
            needed.insert(
                len([item for item in self.missing if item.code in ("intake", "intake2", "vog")]),
                _ln("één referentie", "%(num)s referenties", references),
            )
        return needed


def reference_problem(reference: HouseholdReference) -> object | None:
    """Why a reference does not count (a lazy sentence), or None when it counts."""
    if reference.is_relative:
        return _l("%(name)s is familie. Familie telt niet als referentie.", name=reference.name)
    if reference.known_years is None or reference.known_years < MIN_KNOWN_YEARS:
        return _l(
            "%(name)s kent het gezin korter dan %(years)s jaar. Een referentie kent het gezin minstens %(years)s jaar.",
            name=reference.name,
            years=MIN_KNOWN_YEARS,
        )
    if reference.checked_on is None:
        return _l("%(name)s is nog niet gesproken.", name=reference.name)
    if reference.positive is not True:
        return _l("Het gesprek met %(name)s was niet positief.", name=reference.name)
    return None


def counting_references(references: Iterable[HouseholdReference]) -> list[HouseholdReference]:
    """The references that count, at most one per context, in the order they were added."""
    seen: set[str] = set()
    counted = []
    for reference in sorted(references, key=lambda r: r.id or 0):
        context = _same_context(reference.context)
        if reference_problem(reference) is None and context not in seen:
            seen.add(context)
            counted.append(reference)
    return counted


def checklist(
    household: Household,
    adults: Sequence[HouseholdAdult],
    references: Sequence[HouseholdReference],
    fmt: Callable[[date], str] = date.isoformat,
) -> Checklist:
    """The six screening items of one household, each done or not with a plain sentence."""
    items = [
        _intake(household.intake_done_on, fmt),
        _second_intake(household.intake_done_on, household.second_intake_on, fmt),
        _vog(adults, fmt),
        *_references(references, fmt),
        _training(household.training_done_on, fmt),
    ]
    problems = tuple(
        problem for problem in (reference_problem(r) for r in sorted(references, key=lambda r: r.id or 0)) if problem
    )
    return Checklist(tuple(items), problems + _same_context_problems(references))


def _intake(day: date | None, fmt) -> Item:
    title = _l("Eerste gesprek")
    if day:
        said = _l("Eerste gesprek gehad op %(date)s.", date=fmt(day))
        return Item("intake", title, True, said, said)
    return Item(
        "intake",
        title,
        False,
        _l("Het eerste gesprek is nog niet geweest."),
        _l("We maken een afspraak voor een eerste gesprek bij je thuis."),
        _l("een eerste gesprek"),
    )


def _second_intake(first: date | None, day: date | None, fmt) -> Item:
    title = _l("Tweede gesprek")
    if day:
        said = _l("Tweede gesprek gehad op %(date)s.", date=fmt(day))
        return Item("intake2", title, True, said, said)
    return Item(
        "intake2",
        title,
        False,
        _l("Het tweede gesprek is nog niet geweest. Er zijn minstens twee gesprekken nodig."),
        _l("Na het eerste gesprek komt er nog een tweede gesprek.")
        if first is None
        else _l("We maken nog een afspraak voor een tweede gesprek."),
        _l("een tweede gesprek"),
    )


def _vog(adults: Sequence[HouseholdAdult], fmt) -> Item:
    title = _l("VOG van elke volwassene")
    if not adults:
        return Item(
            "vog",
            title,
            False,
            _l(
                "Er staat nog geen volwassene bij dit gezin. Voeg de volwassenen toe; elke volwassene heeft een VOG nodig."
            ),
            _l("Elke volwassene in je huis heeft een VOG nodig."),
            _l("een VOG van elke volwassene in je huis"),
        )
    waiting = [adult for adult in adults if adult.vog_received_on is None]
    if not waiting:
        return Item(
            "vog",
            title,
            True,
            _l("Alle %(count)s VOG's zijn binnen.", count=len(adults)),
            _l("We hebben de VOG van iedereen in je huis. Dank je wel."),
        )
    parts = []
    for adult in waiting:
        if adult.vog_requested_on:
            parts.append(_l("%(name)s: aangevraagd op %(date)s", name=adult.name, date=fmt(adult.vog_requested_on)))
        else:
            parts.append(_l("%(name)s: nog niet aangevraagd", name=adult.name))
    plain = []
    for adult in waiting:
        if adult.vog_requested_on:
            plain.append(
                _l(
                    "We hebben de VOG van %(name)s aangevraagd op %(date)s. Je krijgt een e-mail om hem aan te "
                    "vragen; daarna komt hij thuis met de post. Stuur hem naar ons.",
                    name=adult.name,
                    date=fmt(adult.vog_requested_on),
                )
            )
        else:
            plain.append(_l("We vragen binnenkort een VOG aan voor %(name)s.", name=adult.name))
    return Item(
        "vog",
        title,
        False,
        _l(
            "%(received)s van %(count)s VOG's binnen. Nog niet binnen: %(list)s.",
            received=len(adults) - len(waiting),
            count=len(adults),
            list="; ".join(str(part) for part in parts),
        ),
        _Joined(plain),
        _l("een VOG van %(names)s", names=", ".join(adult.name for adult in waiting)),
    )


def _references(references: Sequence[HouseholdReference], fmt) -> list[Item]:
    counted = counting_references(references)
    items = []
    for number in range(1, REFERENCES_NEEDED + 1):
        code = f"reference{number}"
        title = _l("Referentie %(number)s", number=number)
        if len(counted) >= number:
            reference = counted[number - 1]
            said = _l(
                "%(name)s (%(context)s) is gesproken op %(date)s.",
                name=reference.name,
                context=context_label(reference.context),
                date=fmt(reference.checked_on),
            )
            items.append(Item(code, title, True, said, _l("Referentie %(number)s is klaar.", number=number)))
            continue
        sentence = (
            _l(
                "Nog een referentie nodig: iemand uit een andere kring dan %(context)s.",
                context=context_label(counted[0].context),
            )
            if counted
            else _l("Nog een referentie nodig: geen familie, kent het gezin minstens twee jaar.")
        )
        items.append(
            Item(
                code,
                title,
                False,
                sentence,
                _l(
                    "We bellen twee mensen die je goed kennen: geen familie, wel minstens twee jaar, bijvoorbeeld "
                    "van je werk en uit de buurt."
                ),
                _l("een referentie"),
            )
        )
    return items


def _same_context_problems(references: Sequence[HouseholdReference]) -> tuple[object, ...]:
    counted = {reference.id for reference in counting_references(references)}
    return tuple(
        _l(
            "%(name)s komt uit dezelfde kring (%(context)s) als een andere referentie. De twee referenties komen uit "
            "verschillende kringen.",
            name=reference.name,
            context=context_label(reference.context),
        )
        for reference in sorted(references, key=lambda r: r.id or 0)
        if reference.id not in counted and reference_problem(reference) is None
    )


def _training(day: date | None, fmt) -> Item:
    title = _l("Training")
    if day:
        said = _l("Training gevolgd op %(date)s.", date=fmt(day))
        return Item("training", title, True, said, said)
    return Item(
        "training",
        title,
        False,
        _l("De training is nog niet gevolgd."),
        _l("Je volgt een korte training: wat kun je verwachten, en wat doe je als het even moeilijk is."),
        _l("de training"),
    )


class _Joined:
    """Several lazy sentences shown as one (evaluated when shown, in the page's language)."""

    def __init__(self, parts: list) -> None:
        self.parts = parts

    def __str__(self) -> str:
        return " ".join(str(part) for part in self.parts)
