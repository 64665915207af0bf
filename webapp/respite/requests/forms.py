"""Forms of the family's hulpvraag. The service checks the answers (webapp/respite/requests/services.py), so a draft
keeps whatever was typed; the form only carries the fields and turns them into `RequestData` and back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.respite import choices
from webapp.respite.requests.services import Child, RequestData

ANSWER_YES, ANSWER_NO, ANSWER_ANY = "ja", "nee", "maakt-niet-uit"


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, validate_choice=False, **kwargs)


def _choice_field(label, table: dict) -> CheckboxesField:
    return CheckboxesField(label, choices=[SelectChoice(code, text) for code, text in table.items()])


def _yes_no_any(label, yes, no, any_) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(ANSWER_YES, yes), SelectChoice(ANSWER_NO, no), SelectChoice(ANSWER_ANY, any_)],
        default=ANSWER_ANY,
        validate_choice=False,
    )


def _to_bool(answer: str | None) -> bool | None:
    return {ANSWER_YES: True, ANSWER_NO: False}.get(answer or "")


def _from_bool(value: bool | None) -> str:
    return ANSWER_ANY if value is None else (ANSWER_YES if value else ANSWER_NO)


class RequestForm(FlaskForm):
    children = CheckboxesField(_l("Voor welk kind vraag je hulp?"))
    help_kinds = _choice_field(_l("Wat voor hulp zoek je?"), choices.HELP_KINDS)
    days = _choice_field(_l("Op welke dagen?"), choices.DAYS)
    parts_of_day = _choice_field(_l("Welk deel van de dag?"), choices.PARTS_OF_DAY)
    times_note = StringField(_l("Iets over de tijden (mag leeg)"))
    woonplaats = StringField(_l("Waar wonen jullie?"))
    transport = RadioField(
        _l("Hoe komt je kind bij het steungezin?"),
        choices=[SelectChoice(code, text) for code, text in choices.TRANSPORT.items()],
        validate_choice=False,
    )
    max_distance_km = StringField(_l("Hoe ver mag het steungezin hoogstens wonen? (in kilometers, mag leeg)"))
    child_needs = TextAreaField(_l("Wat heeft je kind nodig? (mag leeg)"))
    needs_choices = _choice_field(_l("Past een van deze bij je kind? (mag leeg)"), choices.NEEDS)
    home_languages = _choice_field(_l("Welke talen spreken jullie thuis?"), choices.LANGUAGES)
    values_choices = _choice_field(_l("Wat vinden jullie belangrijk? (mag leeg)"), choices.VALUES)
    values_note = TextAreaField(_l("Wil je daar iets over vertellen? (mag leeg)"))
    pets_ok = _yes_no_any(
        _l("Mag het steungezin een huisdier hebben?"),
        _l("Ja, dat is goed"),
        _l("Nee, liever geen huisdier"),
        _l("Maakt niet uit"),
    )
    allergies = StringField(_l("Allergieën (mag leeg)"))
    siblings_together = _yes_no_any(
        _l("Moeten de kinderen samen naar hetzelfde steungezin?"),
        _l("Ja, samen"),
        _l("Nee, het mag ook apart"),
        _l("Maakt niet uit"),
    )

    def for_family(self, children: list[Child]) -> RequestForm:
        """The family's own children as the choices (also those without an account)."""
        self.children.choices = [
            SelectChoice(
                str(child.id),
                _l("%(name)s (%(age)s jaar)", name=child.first_name, age=child.age)
                if child.age is not None
                else child.first_name,
            )
            for child in children
        ]
        return self

    def to_data(self) -> tuple[RequestData, dict[str, str]]:
        """The answers as `RequestData`, and a message for what cannot even be read (a distance that is no number)."""
        errors: dict[str, str] = {}
        distance_text = (self.max_distance_km.data or "").strip().removesuffix("km").strip()
        distance = None
        if distance_text:
            if distance_text.isdigit() and len(distance_text) <= 4:
                distance = int(distance_text)
            else:
                errors["max_distance_km"] = str(_l("Vul een getal in, bijvoorbeeld 10."))
        children = [int(c) for c in self.children.data or [] if c.isdigit() and len(c) <= 18]
        if len(children) != len(self.children.data or []):
            errors["children"] = str(_l("Kies alleen kinderen uit jullie gezin."))
        data = RequestData(
            children=children,
            help_kinds=list(self.help_kinds.data or []),
            days=list(self.days.data or []),
            parts_of_day=list(self.parts_of_day.data or []),
            times_note=self.times_note.data or "",
            woonplaats=self.woonplaats.data or "",
            transport=self.transport.data or "",
            max_distance_km=distance,
            child_needs=self.child_needs.data or "",
            needs_choices=list(self.needs_choices.data or []),
            home_languages=list(self.home_languages.data or []),
            values_choices=list(self.values_choices.data or []),
            values_note=self.values_note.data or "",
            pets_ok=_to_bool(self.pets_ok.data),
            allergies=self.allergies.data or "",
            siblings_together=_to_bool(self.siblings_together.data),
        )
        return data, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message next to its field (messages for the whole form are shown by the page)."""
        for name, message in errors.items():
            if name and name in self._fields:
                self._fields[name].errors = [*self._fields[name].errors, message]


def form_data(data: RequestData) -> dict:
    """A request's answers as the form's initial data."""
    return {
        "children": [str(c) for c in data.children],
        "help_kinds": data.help_kinds,
        "days": data.days,
        "parts_of_day": data.parts_of_day,
        "times_note": data.times_note,
        "woonplaats": data.woonplaats,
        "transport": data.transport or None,
        "max_distance_km": "" if data.max_distance_km is None else str(data.max_distance_km),
        "child_needs": data.child_needs,
        "needs_choices": data.needs_choices,
        "home_languages": data.home_languages,
        "values_choices": data.values_choices,
        "values_note": data.values_note,
        "pets_ok": _from_bool(data.pets_ok),
        "allergies": data.allergies,
        "siblings_together": _from_bool(data.siblings_together),
    }


class ShareForm(FlaskForm):
    share = RadioField(
        _l("Mag jullie regisseur zien hoe het met deze aanvraag gaat?"),
        choices=[
            SelectChoice(ANSWER_YES, _l("Ja, dat mag")),
            SelectChoice(ANSWER_NO, _l("Nee, liever niet")),
        ],
        validate_choice=False,
    )


class StopForm(FlaskForm):
    reason = RadioField(
        _l("Waarom stop je?"),
        choices=[SelectChoice(code, text) for code, text in choices.END_REASONS.items() if code != "steungezin_stopt"],
        validate_choice=False,
    )
    note = TextAreaField(_l("Wil je er iets over vertellen? (mag leeg, behalve bij 'Een andere reden')"))
