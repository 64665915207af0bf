"""The 18-checklist: what a young person arranges around her 18th birthday, each with a plain why and how.

Due dates are relative to the 18th birthday (months before or after), so they move with the person.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: LazyString
    why: LazyString
    how: LazyString
    months_from_18: int  # negative: before the birthday


ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "digid",
        _l("DigiD aanvragen, met sms-controle"),
        _l("Met DigiD regel je zelf dingen met de overheid, zoals toeslagen, belasting en studiefinanciering."),
        _l("Vraag DigiD aan op digid.nl. Je krijgt een brief met een code thuis. Zet daarna de sms-controle aan."),
        -3,
    ),
    ChecklistItem(
        "berichtenbox",
        _l("Berichtenbox van MijnOverheid aanzetten"),
        _l("De overheid stuurt je post steeds vaker digitaal. Zo mis je geen belangrijke brief."),
        _l("Log in op mijn.overheid.nl met je DigiD en zet de Berichtenbox aan. Zet ook meldingen per e-mail aan."),
        -1,
    ),
    ChecklistItem(
        "studiefinanciering",
        _l("Studiefinanciering of tegemoetkoming scholieren aanvragen"),
        _l(
            "Zit je op school of ga je studeren? Dan kun je geld krijgen van DUO. Werk je? Dan regel je je inkomen op een andere manier."
        ),
        _l(
            "Vraag het 3 maanden voor je 18e verjaardag aan bij DUO met je DigiD. Geen school? Praat met je regisseur over ander inkomen."
        ),
        -3,
    ),
    ChecklistItem(
        "hulp_na_18",
        _l("Afspraken over hulp na je 18e"),
        _l(
            "Hulp na je 18e (verlengde jeugdhulp) kan alleen als vóór je 18e al bekend is dat je die hulp nodig hebt. Pleegzorg kan doorgaan tot je 21e."
        ),
        _l("Bespreek met je regisseur welke hulp je na je 18e nog wilt. Doe dat ruim voor je verjaardag."),
        -3,
    ),
    ChecklistItem(
        "zorgverzekering",
        _l("Zorgverzekering afsluiten (verplicht)"),
        _l("Vanaf je 18e moet je zelf een zorgverzekering hebben. Dat is verplicht in Nederland."),
        _l(
            "Kies een verzekering. Dat mag tot 4 maanden na je verjaardag, maar je betaalt vanaf je 18e. Doe het dus op tijd."
        ),
        0,
    ),
    ChecklistItem(
        "zorgtoeslag",
        _l("Zorgtoeslag aanvragen"),
        _l("Heb je weinig inkomen? Dan kun je geld krijgen voor je zorgverzekering."),
        _l("Vraag zorgtoeslag aan bij Dienst Toeslagen met je DigiD, zodra je je zorgverzekering hebt."),
        1,
    ),
    ChecklistItem(
        "bankrekening",
        _l("Je bankrekening wordt van jou alleen"),
        _l("Als je 18 wordt, verandert je jongerenrekening. Je ouders kunnen er dan niet meer bij."),
        _l("Vraag je bank wat er verandert. Kijk of betalingen die automatisch gaan nog goed staan."),
        0,
    ),
    ChecklistItem(
        "aansprakelijkheid",
        _l("Aansprakelijkheidsverzekering"),
        _l("Maak je per ongeluk iets kapot van iemand anders? Dan betaalt deze verzekering de schade."),
        _l("Vraag thuis of je nog meeverzekerd bent. Zo niet, sluit dan zelf een verzekering af. Die is niet duur."),
        0,
    ),
    ChecklistItem(
        "woningzoekende",
        _l("Inschrijven als woningzoekende"),
        _l("Wachten op een huurwoning duurt vaak jaren. Hoe eerder je je inschrijft, hoe eerder je aan de beurt bent."),
        _l("Schrijf je in bij de woningcorporatie in je regio, als het kan al voor je 18e. Je regisseur helpt je."),
        -6,
    ),
    ChecklistItem(
        "huurtoeslag",
        _l("Huurtoeslag aanvragen"),
        _l("Huur je zelf een woning en heb je weinig inkomen? Dan kun je huurtoeslag krijgen."),
        _l("Vraag huurtoeslag aan bij Dienst Toeslagen met je DigiD, zodra je een huurcontract hebt."),
        6,
    ),
    ChecklistItem(
        "huisarts_tandarts",
        _l("Huisarts en tandarts"),
        _l("Je hebt een eigen huisarts en tandarts nodig, ook als je verhuist."),
        _l("Kijk of je ingeschreven staat. Ga je verhuizen? Schrijf je dan in bij een huisarts in je nieuwe buurt."),
        0,
    ),
    ChecklistItem(
        "kinderbijslag",
        _l("Kinderbijslag stopt"),
        _l("Je (pleeg)ouders krijgen geen kinderbijslag meer voor jou als je 18 bent."),
        _l("Praat thuis over wat dat betekent voor geld en afspraken."),
        0,
    ),
)

BY_KEY = {item.key: item for item in ITEMS}


def eighteenth_birthday(birth_date: date) -> date:
    """The day she turns 18 (born on 29 February: 1 March, the day `clock.age_on` says 18, in non-leap years)."""
    try:
        return birth_date.replace(year=birth_date.year + 18)
    except ValueError:
        return date(birth_date.year + 18, 3, 1)


def due_date(item: ChecklistItem, birth_date: date) -> date:
    birthday = eighteenth_birthday(birth_date)
    month_index = birthday.month - 1 + item.months_from_18
    year, month = birthday.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(birthday.day, monthrange(year, month)[1]))
