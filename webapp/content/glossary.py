"""Care words explained in plain words. Templates link a term with the `term()` macro (templates/_terms.html)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    key: str
    word: LazyString
    meaning: LazyString


TERMS: tuple[Term, ...] = (
    Term(
        "gezinsplan",
        _l("gezinsplan"),
        _l(
            "Het plan van jullie gezin. Er staat in wat jullie willen bereiken, wie wat doet en wanneer. Het is jullie plan: jullie schrijven het samen met de regisseur."
        ),
    ),
    Term(
        "regisseur",
        _l("regisseur"),
        _l(
            "De vaste hulpverlener van jullie gezin (ook wel gezinscoach). Zij of hij houdt het plan bij, is jullie aanspreekpunt en zorgt dat iedereen doet wat is afgesproken."
        ),
    ),
    Term(
        "toekomstplan",
        _l("toekomstplan"),
        _l(
            "Jouw plan voor als je 18 wordt: wonen, school, werk, geld, vrienden en hulp. Je maakt het vanaf je 16e of 17e, samen met je ouders of pleegouders en je regisseur."
        ),
    ),
    Term(
        "zrm",
        _l("zelfredzaamheid (ZRM)"),
        _l(
            "Een manier om te kijken hoe het gaat op 11 onderwerpen, zoals geld, wonen en gezondheid. Per onderwerp een cijfer van 1 (het gaat helemaal niet) tot 5 (het gaat helemaal zelf)."
        ),
    ),
    Term(
        "evaluatie",
        _l("evaluatie"),
        _l("Een gesprek waarin jullie samen kijken hoe het gaat met het plan, en wat er anders moet."),
    ),
    Term(
        "betrokkenen",
        _l("betrokkenen"),
        _l(
            "De mensen en organisaties die meehelpen, bijvoorbeeld school, een hulpverlener of iemand uit jullie netwerk."
        ),
    ),
    Term(
        "versie",
        _l("versie"),
        _l(
            "Als het plan verandert, maakt de regisseur een nieuwe versie. Je kunt zien wat er veranderd is en zeggen of je het ermee eens bent."
        ),
    ),
    Term(
        "verlengde_jeugdhulp",
        _l("verlengde jeugdhulp"),
        _l(
            "Hulp die doorgaat na je 18e. Dat kan alleen als vóór je 18e al bekend is dat je die hulp nodig hebt. Pleegzorg kan doorgaan tot je 21e."
        ),
    ),
    Term(
        "vertrouwenspersoon",
        _l("vertrouwenspersoon"),
        _l("Iemand die onafhankelijk is en je helpt als je het niet eens bent met je hulp of een klacht hebt. Gratis."),
    ),
)

BY_KEY = {term.key: term for term in TERMS}
