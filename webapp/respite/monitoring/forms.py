"""The monitoring page's filter: a quarter and a gemeente (GET; no personal data in the URL)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, ValidationError


class FilterForm(FlaskForm):
    """Choices are set by the view from the meldpunt's own quarters and gemeenten."""

    class Meta:
        csrf = False

    kwartaal = SelectField(_l("Kwartaal"), validate_choice=False, default="")
    gemeente = SelectField(_l("Gemeente"), validate_choice=False, default="")

    def validate_kwartaal(self, field: SelectField) -> None:
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een kwartaal uit de lijst."))
