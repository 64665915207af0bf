"""The fixed answers of Steuntje in de rug, shared by the family's request, the volunteer's sign-up and matching.

Codes are stored; labels are translated when shown. One table per question, so the forms, the matching reasons and
the monitoring all speak the same words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

HELP_KINDS = {
    "dagdeel_week": _l("Een dagdeel per week"),
    "dag_week": _l("Een dag per week"),
    "dag_twee_weken": _l("Een dag per twee weken"),
    "weekend_maand": _l("Een weekend per maand"),
    "vakantie": _l("Een paar dagen in de vakantie"),
}

DAYS = {
    "ma": _l("maandag"),
    "di": _l("dinsdag"),
    "wo": _l("woensdag"),
    "do": _l("donderdag"),
    "vr": _l("vrijdag"),
    "za": _l("zaterdag"),
    "zo": _l("zondag"),
}

PARTS_OF_DAY = {
    "ochtend": _l("ochtend"),
    "middag": _l("middag"),
    "avond": _l("avond"),
    "nacht": _l("nacht (logeren)"),
}

TRANSPORT = {
    "eigen": _l("We brengen en halen zelf"),
    "ophalen": _l("Het steungezin moet ophalen en terugbrengen"),
}

# What a child may need; never a diagnosis asked, only what helps the steungezin to prepare.
NEEDS = {
    "autisme": _l("Autisme of veel behoefte aan vaste structuur"),
    "adhd": _l("Druk gedrag of moeite met concentreren"),
    "beperking": _l("Een lichamelijke of verstandelijke beperking"),
    "medisch": _l("Medische zorg of medicijnen"),
    "jong": _l("Een baby of peuter"),
}

# Experience a volunteer household can offer (the same codes as NEEDS, so they can be matched).
EXPERIENCE = NEEDS

LANGUAGES = {
    "nl": _l("Nederlands"),
    "tr": _l("Turks"),
    "ar": _l("Arabisch"),
    "pl": _l("Pools"),
    "uk": _l("Oekraïens"),
    "en": _l("Engels"),
    "fa": _l("Farsi"),
    "ti": _l("Tigrinya"),
    "de": _l("Duits"),
    "li": _l("Limburgs"),
}

# What matters to a family (optional): religion and customs, food.
VALUES = {
    "halal": _l("Halal eten"),
    "geen_varkensvlees": _l("Geen varkensvlees"),
    "vegetarisch": _l("Vegetarisch eten"),
    "geloof": _l("Ruimte voor ons geloof (bidden, feestdagen)"),
    "rookvrij": _l("Een huis waar niet gerookt wordt"),
}

# Food a household can offer (the same codes where they match VALUES).
FOOD = {
    "halal": _l("Halal eten"),
    "geen_varkensvlees": _l("Geen varkensvlees"),
    "vegetarisch": _l("Vegetarisch eten"),
    "dieet": _l("Een dieet of allergie volgen"),
}

HOUSEHOLD_KINDS = {
    "steungezin": _l("Steungezin: een gezin dat een kind een dag of weekend opvangt"),
    "steunouder": _l("Steunouder: een volwassene alleen die een kind opvangt"),
    "pleeggezin": _l("Pleeggezin: een kind (ook langer) bij ons laten wonen"),
    "gezinshuis": _l("Gezinshuis: als beroep kinderen in ons gezin opnemen"),
}

END_REASONS = {
    "doel_bereikt": _l("Het doel is bereikt"),
    "gezin_stopt": _l("Het gezin wil stoppen"),
    "steungezin_stopt": _l("Het steungezin stopt"),
    "klik": _l("Het klikte niet"),
    "verhuisd": _l("Verhuisd"),
    "andere_hulp": _l("Andere hulp gevonden of nodig"),
    "anders": _l("Een andere reden"),
}

DECLINE_REASONS = {
    "afstand": _l("De afstand is te groot"),
    "dagen": _l("De dagen passen niet"),
    "klik": _l("Het voelt niet goed"),
    "zorg": _l("De zorg die nodig is past niet"),
    "anders": _l("Een andere reden"),
}


def labels(table: dict, codes: list[str]) -> list[str]:
    """The translated labels of stored codes, in the table's order (unknown codes are skipped)."""
    return [str(label) for code, label in table.items() if code in codes]


def choices(table: dict) -> list[tuple[str, object]]:
    """(code, lazy label) pairs for a WTForms field."""
    return list(table.items())
