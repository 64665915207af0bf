from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class DomainForm(FlaskForm):
    want_text = TextAreaField(_l("Wat wil ik?"), validators=[Length(max=2000)])
    now_text = TextAreaField(_l("Waar sta ik nu?"), validators=[Length(max=2000)])

    def about(self, youth_first_name: str, *, own: bool) -> DomainForm:
        """Labels in the youth's words for herself; with her name for anyone else (the regisseur)."""
        if not own:
            self.want_text.label.text = _("Wat wil %(name)s?", name=youth_first_name)
            self.now_text.label.text = _("Waar staat %(name)s nu?", name=youth_first_name)
        return self


class StepForm(FlaskForm):
    what = StringField(
        _l("Volgende stap"), validators=[DataRequired(message=_l("Schrijf op wat de stap is.")), Length(max=300)]
    )
    owner = StringField(
        _l("Wie doet het?"), validators=[DataRequired(message=_l("Schrijf op wie het doet.")), Length(max=200)]
    )
    due = DateField(_l("Wanneer?"), validators=[Optional()], format="%Y-%m-%d")
