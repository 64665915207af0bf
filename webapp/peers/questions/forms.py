"""Forms of the peer questions. The service checks the answers (webapp/peers/questions/services.py), so a form
that comes back keeps everything that was typed; the forms only carry the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.forms import language_choices
from webapp.peers.questions.services import TOPICS, PostData

OWN_NAME = "eigen"  # the radio choice "I type my own"


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, validate_choice=False, **kwargs)


class _PostForm(FlaskForm):
    body = TextAreaField(_l("Je tekst"))
    language = SelectField(_l("In welke taal schrijf je?"), choices=language_choices, validate_choice=False)
    # The identifying-details check: "keep" (post as it is) or "remove" (take the details out), after a warning.
    details = HiddenField()

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            if name and name in self._fields:
                self._fields[name].errors = [*self._fields[name].errors, message]


class QuestionForm(_PostForm):
    title = StringField(_l("Je vraag in een paar woorden"))
    body = TextAreaField(_l("Vertel meer over je vraag"))
    topics = CheckboxesField(
        _l("Over welk onderwerp gaat je vraag?"), choices=[SelectChoice(c, t) for c, t in TOPICS.items()]
    )

    def to_data(self) -> PostData:
        return PostData(
            title=self.title.data or "",
            body=self.body.data or "",
            topics=list(self.topics.data or []),
            language=self.language.data or "",
        )


class AnswerForm(_PostForm):
    body = TextAreaField(_l("Je antwoord"))

    def to_data(self) -> PostData:
        return PostData(body=self.body.data or "", language=self.language.data or "")


class NameForm(FlaskForm):
    """A new pseudonym, once: one of the suggestions or one she types."""

    choice = RadioField(_l("Kies een nieuwe schuilnaam"), validate_choice=False)
    own = StringField(_l("Of bedenk zelf een naam"))

    def with_suggestions(self, suggestions: list[str]) -> NameForm:
        self.choice.choices = [SelectChoice(s, s) for s in suggestions] + [
            SelectChoice(OWN_NAME, _l("Ik typ zelf een naam"))
        ]
        return self

    def chosen(self) -> str:
        if self.choice.data == OWN_NAME or (not self.choice.data and self.own.data):
            return self.own.data or ""
        return self.choice.data or ""


class FirstNameForm(FlaskForm):
    use_first_name = BooleanField(_l("Laat mijn voornaam zien in plaats van mijn schuilnaam"))
