"""Beheer forms. Messages are lazy so they follow the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

NAME_VALIDATORS = [
    DataRequired(_l("Vul de naam van de organisatie in.")),
    Length(max=200, message=_l("Deze naam is te lang. Hoogstens 200 tekens.")),
]


class RoutingOrganisationForm(FlaskForm):
    """An organisation that takes pleeggezin or gezinshuis sign-ups from the aanmeldpunt."""

    name = StringField(_l("Naam"), validators=NAME_VALIDATORS)
    kind = RadioField(
        _l("Welke aanmeldingen krijgt deze organisatie?"),
        choices=[
            SelectChoice("pleegzorg", _l("Pleeggezin")),
            SelectChoice("gezinshuis", _l("Gezinshuis")),
        ],
        validate_choice=False,
        validators=[InputRequired(_l("Kies pleeggezin of gezinshuis."))],
    )
    region = SelectField(_l("Regio"), choices=[], validate_choice=True)

    def validate_kind(self, field) -> None:
        if field.data not in ("pleegzorg", "gezinshuis"):
            raise ValidationError(_l("Kies pleeggezin of gezinshuis."))


class RenameForm(FlaskForm):
    name = StringField(_l("Nieuwe naam"), validators=NAME_VALIDATORS)


def region_choices(regions: list[str]) -> list[SelectChoice]:
    return [SelectChoice("", _l("Alle regio's"))] + [SelectChoice(region, region) for region in regions]
