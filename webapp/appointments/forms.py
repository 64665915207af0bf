"""Forms for planning and answering appointments. Dates and times are Europe/Amsterdam wall-clock times."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.appointments.services import DURATIONS, Details
from webapp.labels import APPOINTMENT_KIND_LABELS
from webapp.models import Answer, AppointmentKind


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def kind_choices() -> list[SelectChoice]:
    # The intake is planned by the meldpunt of Steuntje in de rug, on its own page.
    return [
        SelectChoice(code.value, label)
        for code, label in APPOINTMENT_KIND_LABELS.items()
        if code != AppointmentKind.INTAKE
    ]


def duration_choices() -> list[SelectChoice]:
    return [SelectChoice(minutes, _l("%(num)s minuten", num=minutes)) for minutes in DURATIONS]


class AppointmentForm(FlaskForm):
    kind = SelectField(_l("Wat voor afspraak?"), choices=kind_choices, validators=[DataRequired()])
    title = StringField(
        _l("Waar gaat het over? (bij een andere afspraak)"),
        validators=[Optional(), Length(max=200, message=_l("Dit is te lang."))],
    )
    day = DateField(_l("Dag"), validators=[InputRequired(_l("Kies een dag."))])
    start = TimeField(_l("Begintijd"), validators=[InputRequired(_l("Kies een begintijd."))])
    duration = SelectField(_l("Hoe lang?"), choices=duration_choices, coerce=int, default=60)
    place = StringField(_l("Plek"), validators=[Optional(), Length(max=300, message=_l("Dit is te lang."))])
    video_url = StringField(
        _l("Of een link voor een videogesprek"),
        validators=[Optional(), Length(max=500, message=_l("Deze link is te lang."))],
    )
    participants = CheckboxesField(_l("Wie doen er mee?"), coerce=int, validators=[Optional()])

    def details(self) -> Details:
        return Details(
            kind=self.kind.data,
            starts_local=datetime.combine(self.day.data, self.start.data),
            duration_minutes=self.duration.data,
            title=self.title.data or "",
            place=self.place.data or "",
            video_url=self.video_url.data or "",
        )


class AnswerForm(FlaskForm):
    answer = RadioField(
        _l("Kom je?"),
        choices=[
            SelectChoice(Answer.BEVESTIGD.value, _l("Ik kom")),
            SelectChoice(Answer.AFGEWEZEN.value, _l("Ik kan niet")),
            SelectChoice(Answer.ANDERE_TIJD.value, _l("Ik stel een andere tijd voor")),
        ],
        validators=[InputRequired(_l("Kies een antwoord."))],
    )
    day = DateField(_l("Andere dag"), validators=[Optional()])
    start = TimeField(_l("Andere begintijd"), validators=[Optional()])

    def proposed(self) -> datetime | None:
        if self.answer.data != Answer.ANDERE_TIJD or self.day.data is None or self.start.data is None:
            return None
        return datetime.combine(self.day.data, self.start.data)
