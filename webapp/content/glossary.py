"""Care words explained in plain words. Templates link a term with the `term()` macro (templates/_terms.html).

Every care word the interface uses has an entry here (tests/test_content_reading.py checks every `term('key', ...)` in
the templates). `word` is the Dutch word as people say it in meetings (the msgid, so Dutch is always at hand: the page
shows it beside the explanation in another language); `article` is the slug of the Informatie article about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    key: str
    word: LazyString
    meaning: LazyString
    article: str = ""  # slug of the article in /informatie that explains more (shown only when it is published)


TERMS: tuple[Term, ...] = (
    Term(
        "gezinsplan",
        _l("gezinsplan"),
        _l(
            "Het plan van jullie gezin. Er staat in wat jullie willen bereiken, wie wat doet en wanneer. Het is jullie plan: jullie schrijven het samen met de regisseur."
        ),
        article="1g1p-regisseur",
    ),
    Term(
        "regisseur",
        _l("regisseur"),
        _l(
            "De vaste hulpverlener van jullie gezin (ook wel gezinscoach). Zij of hij houdt het plan bij, is jullie aanspreekpunt en zorgt dat iedereen doet wat is afgesproken."
        ),
        article="1g1p-regisseur",
    ),
    Term(
        "toekomstplan",
        _l("toekomstplan"),
        _l(
            "Jouw plan voor als je 18 wordt: wonen, school, werk, geld, vrienden en hulp. Je maakt het vanaf je 16e of 17e, samen met je ouders of pleegouders en je regisseur."
        ),
        article="18-worden",
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
        article="18-worden",
    ),
    Term(
        "vertrouwenspersoon",
        _l("vertrouwenspersoon"),
        _l("Iemand die onafhankelijk is en je helpt als je het niet eens bent met je hulp of een klacht hebt. Gratis."),
        article="je-rechten",
    ),
    Term(
        "jim",
        _l("JIM"),
        _l(
            "JIM betekent Jouw Ingebrachte Mentor. Dat is een volwassene die jij zelf kiest, bijvoorbeeld een tante, een buurman of je trainer. Je JIM helpt jou en praat mee met je hulpverleners. Jij beslist wie het wordt."
        ),
        article="jim-mentor",
    ),
    Term(
        "jim_overleg",
        _l("JIM-overleg"),
        _l(
            "Een gesprek met jou, je JIM, je ouders of pleegouders en je regisseur. Jullie praten over hoe het gaat en wat er nodig is. Jij en je JIM zitten er altijd bij."
        ),
        article="jim-mentor",
    ),
    Term(
        "jim_evaluatie",
        _l("evaluatie (met je JIM)"),
        _l(
            "Ongeveer elke twee maanden kijken jij, je JIM en je regisseur samen terug. Gaat het goed met je JIM? Wil je iets anders? Jij mag zeggen wat je ervan vindt."
        ),
        article="jim-mentor",
    ),
    Term(
        "steungezin",
        _l("steungezin"),
        _l(
            "Een gezin van vrijwilligers dat jullie helpt, bijvoorbeeld één weekend per maand of een middag per week. Het kind is dan bij hen. Zo hebben ouders even rust. Een steungezin krijgt geen geld voor de hulp."
        ),
        article="steuntje-in-de-rug",
    ),
    Term(
        "steuntje",
        _l("Steuntje in de rug"),
        _l(
            "Hulp voor gezinnen die het druk hebben of weinig mensen om zich heen hebben. Een vrijwilliger of een steungezin neemt de zorg een paar uur of een weekend over. Je vraagt het aan bij het meldpunt. Het is gratis."
        ),
        article="steuntje-in-de-rug",
    ),
    Term(
        "meldpunt",
        _l("meldpunt"),
        _l(
            "De plek waar je Steuntje in de rug aanvraagt. Een coördinator leest je vraag, komt kennismaken en zoekt een vrijwilliger of steungezin dat bij jullie past."
        ),
        article="steuntje-in-de-rug",
    ),
    Term(
        "afsprakenkaart",
        _l("afsprakenkaart"),
        _l(
            "Een kaart met de afspraken tussen jullie gezin en het steungezin. Bijvoorbeeld: wanneer en hoe vaak, wie brengt en haalt, wat het kind eet, en wie je belt als er iets is."
        ),
        article="steuntje-in-de-rug",
    ),
    Term(
        "vog",
        _l("VOG"),
        _l(
            "VOG betekent Verklaring Omtrent het Gedrag. Het is een papier van de overheid. Het laat zien dat iemand niets heeft gedaan waardoor hij of zij niet met kinderen mag werken. Vrijwilligers die op kinderen passen, hebben een VOG nodig."
        ),
    ),
    Term(
        "akkoord",
        _l("akkoord"),
        _l(
            "Akkoord geven betekent: zeggen dat je het eens bent. Bijvoorbeeld met een nieuwe versie van het plan. Ben je het niet eens, of snap je iets niet? Dan zeg je dat. Je hoeft niet meteen akkoord te geven."
        ),
    ),
    Term(
        "pleegzorg",
        _l("pleegzorg"),
        _l(
            "Een kind woont een tijd bij een ander gezin: het pleeggezin. Soms kort, soms tot het kind volwassen is. Pleegouders krijgen hulp van een pleegzorgbegeleider en een vergoeding voor de kosten."
        ),
        article="pleegouder-zijn",
    ),
    Term(
        "verlengde_pleegzorg",
        _l("verlengde pleegzorg"),
        _l(
            "Pleegzorg stopt niet als je 18 wordt. Je mag tot je 21e in je pleeggezin blijven wonen, als jij en je pleegouders dat willen."
        ),
        article="18-worden",
    ),
    Term(
        "gezinshuis",
        _l("gezinshuis"),
        _l(
            "Een gewoon huis waar gezinshuisouders wonen met hun eigen gezin en een paar kinderen die niet thuis kunnen wonen. De gezinshuisouders hebben dit als werk geleerd."
        ),
        article="pleegouder-zijn",
    ),
    Term(
        "woningcorporatie",
        _l("woningcorporatie"),
        _l(
            "Een organisatie die huizen verhuurt voor een lage huur. Je moet je inschrijven en vaak jaren wachten. Schrijf je daarom vroeg in, het liefst al op je 18e."
        ),
        article="18-worden",
    ),
    Term(
        "keukentafelgesprek",
        _l("keukentafelgesprek"),
        _l(
            "Een gesprek met iemand van de gemeente over welke hulp jullie nodig hebben. Het gesprek is vaak bij jullie thuis, aan tafel. Je mag iemand meenemen die je vertrouwt, en een tolk vragen."
        ),
        article="keukentafelgesprek",
    ),
    Term(
        "veilig_thuis",
        _l("Veilig Thuis"),
        _l(
            "Een organisatie voor vragen en zorgen over geweld thuis. Je kunt ze gratis bellen op 0800-2000, dag en nacht. Je mag anoniem bellen. Ze luisteren, geven advies en helpen om het thuis veilig te maken."
        ),
        article="veilig-thuis",
    ),
    Term(
        "akj",
        _l("AKJ-vertrouwenspersoon"),
        _l(
            "Een vertrouwenspersoon van het AKJ (Advies- en Klachtenbureau Jeugdzorg). Hij of zij werkt niet voor je hulpverlener en niet voor de gemeente. Je kunt er terecht met vragen of een klacht over je hulp. Gratis."
        ),
        article="je-rechten",
    ),
    Term(
        "ervaringsdeskundige",
        _l("ervaringsdeskundige"),
        _l(
            "Iemand die zelf hetzelfde heeft meegemaakt, bijvoorbeeld als pleegouder of als jongere in de jeugdhulp. Hij of zij helpt anderen met wat hij of zij zelf heeft geleerd."
        ),
    ),
    Term(
        "schuilnaam",
        _l("schuilnaam"),
        _l(
            "Een andere naam die je gebruikt in plaats van je echte naam. Andere mensen zien dan niet wie je bent. In de vragen aan andere pleegouders en jongeren gebruik je een schuilnaam."
        ),
    ),
)

BY_KEY = {term.key: term for term in TERMS}


def dutch_words() -> dict[str, str]:
    """Each entry's word in Dutch, as it is said in meetings (shown beside the explanation in another language)."""
    with force_locale("nl"):
        return {term.key: str(term.word) for term in TERMS}
