"""The search box of a space."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import Length


class SearchForm(FlaskForm):
    q = StringField(_l("Waar zoek je naar?"), validators=[Length(max=200, message=_l("Gebruik hoogstens 200 tekens."))])
    pagina = HiddenField(default="1")

    def page(self) -> int:
        value = (self.pagina.data or "").strip()
        return int(value) if value.isdigit() and len(value) <= 5 else 1
