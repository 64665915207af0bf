"""Forms of the follow-up: start the trial, the check-in, the evaluation, the review, stopping and the goodbye.
Every message is plain Dutch (B1) and translated."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.respite import choices
from webapp.respite.followup.services import FACE_ICONS, FACES, OUTCOMES

NOTE_LENGTH = Length(max=1000, message=_l("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben."))


def face_choices() -> list[SelectChoice]:
    """Three faces with their words (the emoji alone says too little to a screen reader or a tired eye)."""
    return [SelectChoice(str(value), f"{FACE_ICONS[value]} {label}") for value, label in FACES.items()]


def reason_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies…"))] + [SelectChoice(code, label) for code, label in choices.END_REASONS.items()]


class StartTrialForm(FlaskForm):
    starts_on = DateField(_l("Eerste dag van de proefperiode"), validators=[Optional()])
    ends_on = DateField(_l("Laatste dag van de proefperiode"), validators=[Optional()])


class CheckInForm(FlaskForm):
    face = RadioField(_l("Hoe gaat het?"), choices=face_choices, validators=[InputRequired(_l("Kies hoe het gaat."))])
    child_face = RadioField(
        _l("Hoe vindt uw kind het? (mag leeg blijven)"), choices=face_choices, validators=[Optional()]
    )
    note = TextAreaField(_l("Wilt u nog iets vertellen? (mag leeg blijven)"), validators=[Optional(), NOTE_LENGTH])


class EvaluationForm(FlaskForm):
    outcome = RadioField(
        _l("Wat is er besloten?"),
        choices=[SelectChoice(code, label) for code, label in OUTCOMES.items()],
        validators=[InputRequired(_l("Kies wat jullie hebben besloten."))],
    )
    reason = SelectField(_l("Reden (als het niet doorgaat)"), choices=reason_choices, validators=[Optional()])
    note = TextAreaField(_l("Wat is er besproken?"), validators=[Optional(), NOTE_LENGTH])


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Wat is er besproken?"), validators=[Optional(), NOTE_LENGTH])


class EndForm(FlaskForm):
    """Stopping (either side) and the goodbye (the coordinator): a reason and, if wanted, a few words."""

    reason = SelectField(
        _l("Waarom stopt het?"), choices=reason_choices, validators=[DataRequired(_l("Kies een reden."))]
    )
    note = TextAreaField(_l("Wilt u er iets over vertellen? (mag leeg blijven)"), validators=[Optional(), NOTE_LENGTH])


class EvaluationAppointmentForm(FlaskForm):
    """The evaluation talk: the family's parents and the steungezin are invited, the coordinator takes part."""

    day = DateField(_l("Dag"), validators=[InputRequired(_l("Kies een dag."))])
    start = TimeField(_l("Begintijd"), validators=[InputRequired(_l("Kies een begintijd."))])
    place = StringField(
        _l("Plek of link voor een videogesprek"),
        validators=[
            DataRequired(_l("Vul een plek in of een link voor een videogesprek.")),
            Length(max=300, message=_l("Dit is te lang.")),
        ],
    )

    def starts_local(self) -> datetime:
        return datetime.combine(self.day.data, self.start.data)
