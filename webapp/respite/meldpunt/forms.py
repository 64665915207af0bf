"""Forms of the meldpunt's request page. Every message is plain Dutch (B1) and translated."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.appointments.forms import CheckboxesField, InterpreterLanguageField, duration_choices
from webapp.labels import APPOINTMENT_KIND_LABELS
from webapp.respite import choices
from webapp.respite.meldpunt.services import MAX_END_NOTE, MAX_NOTE, PLAN_KINDS


class StopForm(FlaskForm):
    reason = RadioField(
        _l("Waarom stopt de aanvraag?"),
        choices=[SelectChoice(code, label) for code, label in choices.END_REASONS.items()],
        validators=[InputRequired(_l("Kies waarom de aanvraag stopt."))],
    )
    note = TextAreaField(
        _l("Uitleg (het gezin leest dit)"),
        validators=[Optional(), Length(max=MAX_END_NOTE, message=_l("Deze uitleg is te lang."))],
    )


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Nieuwe notitie"),
        validators=[
            DataRequired(_l("Schrijf eerst je notitie.")),
            Length(max=MAX_NOTE, message=_l("Deze notitie is te lang.")),
        ],
    )


def plan_kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind.value, APPOINTMENT_KIND_LABELS[kind]) for kind in PLAN_KINDS]


class PlanForm(FlaskForm):
    """The intake (or kennismaking, evaluation) with the family; the participants are set by the view."""

    kind = SelectField(_l("Wat voor afspraak?"), choices=plan_kind_choices, validators=[DataRequired()])
    day = DateField(_l("Dag"), validators=[InputRequired(_l("Kies een dag."))])
    start = TimeField(_l("Begintijd"), validators=[InputRequired(_l("Kies een begintijd."))])
    duration = SelectField(_l("Hoe lang?"), choices=duration_choices, coerce=int, default=60)
    place = StringField(
        _l("Plek of link voor een videogesprek"),
        validators=[
            DataRequired(_l("Vul een plek in of een link voor een videogesprek.")),
            Length(max=300, message=_l("Dit is te lang.")),
        ],
    )
    interpreter_language = InterpreterLanguageField()  # the view offers the family's languages first
    participants = CheckboxesField(_l("Wie doen er mee?"), coerce=int, validators=[Optional()])

    def starts_local(self) -> datetime:
        return datetime.combine(self.day.data, self.start.data)
