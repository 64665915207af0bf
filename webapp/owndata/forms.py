"""Forms and labels of the own-data pages. Every message is plain Dutch (B1) and translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from webapp.forms import long_text_length
from webapp.models import RequestKind, RequestStatus

REQUEST_KIND_LABELS = {
    RequestKind.CORRECTIE: _l("Iets verbeteren"),
    RequestKind.VERNIETIGING: _l("Iets laten weghalen (vernietigen)"),
}
REQUEST_STATUS_LABELS = {
    RequestStatus.INGEDIEND: _l("Ingediend"),
    RequestStatus.IN_BEHANDELING: _l("In behandeling"),
    RequestStatus.AFGEROND: _l("Afgerond"),
    RequestStatus.AFGEWEZEN: _l("Afgewezen"),
}
# What the regisseur's button says for each step.
STEP_LABELS = {
    RequestStatus.IN_BEHANDELING: _l("Ik pak dit op"),
    RequestStatus.AFGEROND: _l("Afgerond: ik heb gedaan wat gevraagd is"),
    RequestStatus.AFGEWEZEN: _l("Afgewezen: het kan niet"),
}


def _optional_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class RequestForm(FlaskForm):
    family_id = SelectField(_l("Over welk gezin gaat het?"), coerce=_optional_int, validate_choice=False)
    kind = RadioField(
        _l("Wat wil je?"),
        choices=[SelectChoice(kind.value, label) for kind, label in REQUEST_KIND_LABELS.items()],
        validators=[InputRequired(_l("Kies wat je wilt: iets verbeteren of iets laten weghalen."))],
    )
    about = StringField(
        _l("Over welke gegevens gaat het?"),
        validators=[
            DataRequired(_l("Schrijf op over welke gegevens het gaat.")),
            Length(max=300, message=_l("Dit is te lang.")),
        ],
    )
    text = TextAreaField(
        _l("Wat vraag je? Schrijf het in je eigen woorden."),
        validators=[
            DataRequired(_l("Schrijf in je eigen woorden wat je vraagt.")),
            long_text_length(),
        ],
    )


class StepForm(FlaskForm):
    target = RadioField(
        _l("Wat is de volgende stap?"),
        choices=[SelectChoice(status.value, label) for status, label in STEP_LABELS.items()],
        validators=[InputRequired(_l("Kies de volgende stap."))],
    )
    note = TextAreaField(
        _l("Je antwoord aan de aanvrager"),
        validators=[long_text_length()],
    )


class DeleteAccountForm(FlaskForm):
    current_password = PasswordField(
        _l("Je wachtwoord"), validators=[InputRequired(_l("Vul je wachtwoord in.")), Length(max=512)]
    )
    understood = BooleanField(
        _l("Ik begrijp dat mijn account weg is en niet terug kan komen."),
        validators=[InputRequired(_l("Zet een vinkje als je het begrijpt."))],
    )
