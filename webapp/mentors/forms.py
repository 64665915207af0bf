"""Forms of the JIM mentor flow. Every message is plain Dutch (B1) and translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from webapp.auth.forms import EMAIL_SHAPE
from webapp.auth.passwords import MAX_LENGTH
from webapp.forms import LanguageField, long_text_length
from webapp.labels import MENTOR_RELATION_LABELS


def relation_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies…"))] + [
        SelectChoice(code.value, label) for code, label in MENTOR_RELATION_LABELS.items()
    ]


class NominateForm(FlaskForm):
    name = StringField(
        _l("Naam van je mentor"),
        validators=[DataRequired(_l("Vul de naam in.")), Length(max=200, message=_l("Deze naam is te lang."))],
    )
    relation = SelectField(
        _l("Wie is deze persoon voor jou?"),
        choices=relation_choices,
        validators=[DataRequired(_l("Kies wie deze persoon voor je is."))],
    )
    contact = StringField(
        _l("Telefoonnummer of e-mailadres"),
        validators=[
            DataRequired(_l("Vul een telefoonnummer of e-mailadres in.")),
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    motivation = TextAreaField(
        _l("Waarom kies je deze persoon?"),
        validators=[
            DataRequired(_l("Schrijf in je eigen woorden waarom je deze persoon kiest.")),
            long_text_length(),
        ],
    )


class NewMentorAccountForm(FlaskForm):
    """A nominee without an account says yes: name, address and language; the password comes after the link
    mailed to that address (MentorPasswordForm)."""

    name = StringField(
        _l("Je naam"),
        validators=[DataRequired(_l("Vul je naam in.")), Length(max=200, message=_l("Deze naam is te lang."))],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul je e-mailadres in.")),
            EMAIL_SHAPE,
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    language = LanguageField(_l("In welke taal wil je OnsPlan gebruiken?"))


class MentorPasswordForm(FlaskForm):
    """The last step of a nominee's new account, reached through the link mailed to the address."""

    password = PasswordField(
        _l("Kies een wachtwoord"), validators=[InputRequired(_l("Kies een wachtwoord.")), Length(max=MAX_LENGTH * 4)]
    )
    confirm = PasswordField(
        _l("Typ het wachtwoord nog een keer"),
        validators=[InputRequired(_l("Typ het wachtwoord nog een keer.")), Length(max=MAX_LENGTH * 4)],
    )


class SupportForm(FlaskForm):
    supports = RadioField(
        _l("Steunt u deze keuze?"),
        choices=[
            SelectChoice("ja", _l("Ja, ik steun deze keuze")),
            SelectChoice("nee", _l("Nee, ik wil er eerst over praten")),
        ],
        validators=[InputRequired(_l("Kies ja of nee."))],
    )


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom niet? De jongere leest dit."),
        validators=[
            DataRequired(_l("Schrijf in een paar vriendelijke woorden waarom. De jongere leest dit.")),
            Length(max=1000, message=_l("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben.")),
        ],
    )
