"""Forms for planning and answering appointments. Dates and times are Europe/Amsterdam wall-clock times."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.appointments.services import DURATIONS, INTERPRETER_LANGUAGES, Details
from webapp.i18n import lazy_addressed
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


def interpreter_choices(first: list[str] | tuple[str, ...] = (), none_label: str | None = None) -> list[SelectChoice]:
    """The choices of an interpreter's language: "Geen tolk" (or `none_label`), then the family's languages
    (`first`, from services.family_languages), then the others by name in the reader's language."""
    first = [code for code in first if code in INTERPRETER_LANGUAGES]
    rest = sorted(
        (code for code in INTERPRETER_LANGUAGES if code not in first),
        key=lambda code: str(INTERPRETER_LANGUAGES[code]).casefold(),
    )
    family_group = str(_l("Talen van het gezin")) if first else None
    other_group = str(_l("Andere talen")) if first else None
    return (
        [SelectChoice("", none_label or _l("Geen tolk"))]
        + [SelectChoice(code, INTERPRETER_LANGUAGES[code], optgroup=family_group) for code in first]
        + [SelectChoice(code, INTERPRETER_LANGUAGES[code], optgroup=other_group) for code in rest]
    )


class InterpreterLanguageField(SelectField):
    """The interpreter's language; the view puts the family's languages first with `offer(codes)`."""

    def __init__(self, label=None, **kwargs) -> None:
        kwargs.setdefault("default", "")
        super().__init__(label or _l("Tolk nodig?"), choices=interpreter_choices, **kwargs)

    def offer(self, first: list[str] | tuple[str, ...], none_label: str | None = None) -> None:
        self.choices = interpreter_choices(first, none_label)

    def pre_validate(self, form) -> None:
        if (self.data or "") and self.data not in INTERPRETER_LANGUAGES:
            raise ValidationError(_l("Kies de taal van de tolk uit de lijst."))


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
    interpreter_language = InterpreterLanguageField()
    participants = CheckboxesField(_l("Wie doen er mee?"), coerce=int, validators=[Optional()])

    def details(self) -> Details:
        return Details(
            kind=self.kind.data,
            starts_local=datetime.combine(self.day.data, self.start.data),
            duration_minutes=self.duration.data,
            title=self.title.data or "",
            place=self.place.data or "",
            video_url=self.video_url.data or "",
            interpreter_language=self.interpreter_language.data or "",
        )


class InterpreterForm(FlaskForm):
    """On the appointment page: a family member asks for an interpreter, the organiser arranges or changes it."""

    language = InterpreterLanguageField(_l("Taal van de tolk"), validators=[InputRequired(_l("Kies een taal."))])


class AnswerForm(FlaskForm):
    answer = RadioField(
        lazy_addressed("Kom je?"),
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
