"""Forms of the moderation: flags by members, the moderators' actions (each with a reason), suspensions, identity
look-ups, word lists and ervaringsdeskundigen. Every message is plain Dutch (B1) and translated."""

from __future__ import annotations

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.auth.forms import EMAIL_SHAPE
from webapp.forms import LANGUAGE_NAMES
from webapp.peers.moderation import wordlists

REASON_MAX = 1000
NOTE_MAX = 1000

FLAG_REASONS = {
    "herkenbaar": _l("Er staat een naam, school of plek in"),
    "kwetsend": _l("Het is onaardig of kwetsend"),
    "zorg": _l("Ik maak me zorgen om de schrijver"),
    "reclame": _l("Het is reclame of spam"),
    "anders": _l("Iets anders"),
}

SPACE_LABELS = {"pleegouders": _l("Pleegouders"), "jongeren": _l("Jongeren")}


def _reason(label=None, required: bool = True):
    return TextAreaField(
        label or _l("Waarom? (voor de andere moderatoren)"),
        validators=[
            (
                DataRequired(_l("Schrijf kort waarom. Andere moderatoren lezen dit in het logboek."))
                if required
                else Optional()
            ),
            Length(max=REASON_MAX, message=_l("Dit is te lang. Hoogstens 1000 tekens.")),
        ],
    )


class FlagForm(FlaskForm):
    reason = RadioField(
        _l("Wat is er mis met dit bericht?"),
        choices=lambda: [SelectChoice(code, label) for code, label in FLAG_REASONS.items()],
        validators=[Optional()],
    )


class ApproveForm(FlaskForm):
    reason = _reason(_l("Opmerking voor het logboek (mag leeg)"), required=False)


class ReasonForm(FlaskForm):
    """Hide, restore, lock, unlock: only a reason."""

    reason = _reason()


class RejectForm(FlaskForm):
    note = TextAreaField(
        _l("Uitleg voor de schrijver"),
        validators=[
            DataRequired(_l("Schrijf een korte uitleg voor de schrijver. Alleen zij leest die.")),
            Length(max=NOTE_MAX, message=_l("Dit is te lang. Hoogstens 1000 tekens.")),
        ],
    )
    reason = _reason()


class RedactForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[Optional(), Length(max=200, message=_l("Deze titel is te lang."))])
    body = TextAreaField(
        _l("Tekst"),
        validators=[
            DataRequired(_l("De tekst mag niet leeg zijn.")),
            Length(max=5000, message=_l("Dit is te lang. Hoogstens 5000 tekens.")),
        ],
    )
    note = TextAreaField(
        _l("Uitleg voor de schrijver (mag leeg)"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Dit is te lang. Hoogstens 1000 tekens."))],
    )
    reason = _reason()


def suspend_choices() -> list[SelectChoice]:
    return [
        SelectChoice("1", _l("1 dag")),
        SelectChoice("3", _l("3 dagen")),
        SelectChoice("7", _l("1 week")),
        SelectChoice("14", _l("2 weken")),
        SelectChoice("30", _l("30 dagen")),
        SelectChoice("0", _l("Schorsing opheffen")),
    ]


class SuspendForm(FlaskForm):
    days = SelectField(_l("Hoe lang?"), choices=suspend_choices, validators=[InputRequired(_l("Kies hoe lang."))])
    note = TextAreaField(
        _l("Uitleg voor het lid (mag leeg)"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Dit is te lang. Hoogstens 1000 tekens."))],
    )
    reason = _reason()


class IdentityRequestForm(FlaskForm):
    reason = _reason(_l("Waarom moet je weten wie dit is?"))


class DecideForm(FlaskForm):
    decision = RadioField(
        _l("Jouw besluit"),
        choices=lambda: [SelectChoice("ja", _l("Ja, de vrager mag de naam zien")), SelectChoice("nee", _l("Nee"))],
        validators=[InputRequired(_l("Kies ja of nee."))],
    )


def _own_name(code: str) -> str:
    """The language named in itself; a list language the interface does not offer yet (fa) by Babel's name."""
    return LANGUAGE_NAMES.get(code) or Locale.parse(code).get_display_name(code) or code


def list_language_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies…"))] + [
        SelectChoice(code, _own_name(code), render_kw={"lang": code}) for code in wordlists.LIST_LANGUAGES
    ]


class WordForm(FlaskForm):
    language = SelectField(_l("Taal"), choices=list_language_choices, validators=[DataRequired(_l("Kies een taal."))])
    phrase = StringField(
        _l("Woord of korte zin"),
        validators=[
            DataRequired(_l("Vul een woord of zin in.")),
            Length(max=wordlists.MAX_PHRASE, message=_l("Dit is te lang. Hoogstens 100 tekens.")),
        ],
    )


def space_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies…"))] + [SelectChoice(code, label) for code, label in SPACE_LABELS.items()]


class ExpertForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van haar of zijn account"),
        validators=[
            DataRequired(_l("Vul het e-mailadres in.")),
            EMAIL_SHAPE,
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    space = SelectField(_l("In welke groep?"), choices=space_choices, validators=[DataRequired(_l("Kies een groep."))])
    reason = _reason(_l("Waarom is deze persoon ervaringsdeskundige? (voor de moderatoren)"))


class InvitationAnswerForm(FlaskForm):
    answer = RadioField(
        _l("Wil je ervaringsdeskundige zijn?"),
        choices=lambda: [SelectChoice("ja", _l("Ja, dat wil ik")), SelectChoice("nee", _l("Nee, liever niet"))],
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
