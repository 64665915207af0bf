"""Forms of a proposal and its match: the answer, withdrawing, the kennismaking and the afsprakenkaart. Every message is
plain Dutch (B1) and translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.respite import choices
from webapp.respite.matches.agreements import MAX_SECTION_LENGTH, SECTIONS

TOO_LONG = _l("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben.")


def _reason_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies…"))] + [
        SelectChoice(code, label) for code, label in choices.DECLINE_REASONS.items()
    ]


class AnswerForm(FlaskForm):
    answer = RadioField(
        _l("Wilt u kennismaken?"),
        choices=[
            SelectChoice("ja", _l("Ja, we willen kennismaken")),
            SelectChoice("nee", _l("Nee, dit past niet")),
        ],
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
    reason = SelectField(_l("Zegt u nee? Waarom past het niet?"), choices=_reason_choices, validators=[Optional()])
    note = TextAreaField(
        _l("Wilt u er iets bij schrijven? (mag leeg blijven)"),
        validators=[Length(max=1000, message=TOO_LONG)],
    )


class WithdrawForm(FlaskForm):
    note = TextAreaField(
        _l("Waarom trekt u het voorstel in? (alleen voor coördinatoren)"),
        validators=[Length(max=1000, message=TOO_LONG)],
    )


class KennismakingForm(FlaskForm):
    day = DateField(_l("Datum"), validators=[InputRequired(_l("Kies een datum."))])
    time = TimeField(_l("Tijd"), validators=[InputRequired(_l("Kies een tijd."))])
    place = StringField(
        _l("Waar?"),
        validators=[
            DataRequired(_l("Schrijf op waar jullie elkaar zien. Bijvoorbeeld: bij het gezin thuis.")),
            Length(max=300, message=_l("Dit is te lang.")),
        ],
    )


class AgreementForm(FlaskForm):
    """One text box per section of the afsprakenkaart (agreements.SECTIONS)."""


for _code, (_title, _hint) in SECTIONS.items():
    setattr(
        AgreementForm,
        _code,
        TextAreaField(
            _title,
            description=_hint,
            validators=[
                Length(
                    max=MAX_SECTION_LENGTH,
                    message=_l(
                        "Deze tekst is te lang. Hij mag hoogstens %(max)s tekens hebben.", max=MAX_SECTION_LENGTH
                    ),
                )
            ],
        ),
    )
