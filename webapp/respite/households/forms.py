"""Forms of the household file (the coordinator's screening) and the volunteer's withdrawal. Plain Dutch (B1),
translated; each field says why it is asked where that is not obvious."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.respite.households.screening import REFERENCE_CONTEXTS

DATE_FORMAT = "%Y-%m-%d"


class DayField(DateField):
    """A date from the browser's date picker, with a clear message when it cannot be read."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators or [Optional()], format=DATE_FORMAT, **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Deze datum klopt niet. Kies een datum, bijvoorbeeld 12-11-2026."))) from error


class NumberField(IntegerField):
    """A whole number, with a clear message when it is not one."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Vul een heel getal in, bijvoorbeeld 3."))) from error


def _note(label, required: bool = False) -> TextAreaField:
    validators = [DataRequired(_l("Schrijf kort waarom."))] if required else [Optional()]
    return TextAreaField(label, validators=[*validators, Length(max=1000, message=_l("Hoogstens 1000 tekens."))])


class IntakeForm(FlaskForm):
    intake_done_on = DayField(_l("Eerste gesprek gehad op"))
    second_intake_on = DayField(_l("Tweede gesprek gehad op"))


class TrainingForm(FlaskForm):
    training_done_on = DayField(_l("Training gevolgd op"))


class VogForm(FlaskForm):
    """One adult's VOG: only dates. Made with `prefix=f"vog{adult.id}"` so each adult has its own fields."""

    vog_requested_on = DayField(_l("VOG aangevraagd op"))
    vog_received_on = DayField(_l("VOG gezien op"))


class AdultForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200, message=_l("Te lang."))]
    )
    birth_year = NumberField(_l("Geboortejaar"), validators=[Optional()])


def context_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies…"))] + [SelectChoice(code, label) for code, label in REFERENCE_CONTEXTS.items()]


CHECK_CHOICES = [SelectChoice("ja", _l("Goed: hij of zij raadt het gezin aan")), SelectChoice("nee", _l("Niet goed"))]


class ReferenceForm(FlaskForm):
    name = StringField(
        _l("Naam van de referentie"),
        validators=[DataRequired(_l("Vul de naam in.")), Length(max=200, message=_l("Te lang."))],
    )
    context = SelectField(
        _l("Waarvan kent deze persoon het gezin?"),
        choices=context_choices,
        validators=[DataRequired(_l("Kies waarvan deze persoon het gezin kent."))],
    )
    known_years = NumberField(
        _l("Hoeveel jaar kent deze persoon het gezin?"),
        validators=[
            InputRequired(_l("Vul in hoeveel jaar.")),
            NumberRange(min=0, max=100, message=_l("Vul een aantal jaren in.")),
        ],
    )
    is_relative = BooleanField(_l("Deze persoon is familie"))
    checked_on = DayField(_l("Gesproken op (als dat al gebeurd is)"))
    positive = RadioField(_l("Hoe was het gesprek?"), choices=CHECK_CHOICES, validators=[Optional()])


class ReferenceCheckForm(FlaskForm):
    """The talk with a reference. Made with `prefix=f"ref{reference.id}"`."""

    checked_on = DayField(_l("Gesproken op"))
    positive = RadioField(_l("Hoe was het gesprek?"), choices=CHECK_CHOICES, validators=[Optional()])


class ApproveForm(FlaskForm):
    age_min = NumberField(
        _l("Kinderen vanaf (jaar)"),
        validators=[InputRequired(_l("Vul een leeftijd in.")), NumberRange(0, 17, _l("Kies 0 tot en met 17."))],
    )
    age_max = NumberField(
        _l("Kinderen tot en met (jaar)"),
        validators=[InputRequired(_l("Vul een leeftijd in.")), NumberRange(0, 17, _l("Kies 0 tot en met 17."))],
    )
    children = NumberField(
        _l("Hoeveel kinderen tegelijk?"),
        validators=[InputRequired(_l("Vul een aantal in.")), NumberRange(1, 6, _l("Kies 1 tot en met 6."))],
    )
    note = _note(_l("Notitie bij het goedkeuren (niet verplicht)"))


class DeclineForm(FlaskForm):
    note = _note(_l("Waarom niet? Alleen coördinatoren lezen dit. Vertel het de vrijwilliger zelf."), required=True)


class StopForm(FlaskForm):
    note = _note(_l("Waarom stopt dit gezin? (niet verplicht)"))


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Nieuwe notitie"),
        validators=[
            DataRequired(_l("Schrijf eerst een notitie.")),
            Length(max=4000, message=_l("Je tekst is te lang. Hij mag hoogstens 4000 tekens hebben.")),
        ],
    )


class WithdrawForm(FlaskForm):
    note = TextAreaField(
        _l("Wil je zeggen waarom? Dat mag, het hoeft niet. Alleen de coördinator leest het."),
        validators=[Optional(), Length(max=1000, message=_l("Hoogstens 1000 tekens."))],
    )
