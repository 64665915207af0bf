from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class DomainForm(FlaskForm):
    want_text = TextAreaField(_l("Wat wil ik?"), validators=[Length(max=2000)])
    now_text = TextAreaField(_l("Waar sta ik nu?"), validators=[Length(max=2000)])


class StepForm(FlaskForm):
    what = StringField(
        _l("Volgende stap"), validators=[DataRequired(message=_l("Schrijf op wat de stap is.")), Length(max=300)]
    )
    owner = StringField(
        _l("Wie doet het?"), validators=[DataRequired(message=_l("Schrijf op wie het doet.")), Length(max=200)]
    )
    due = DateField(_l("Wanneer?"), validators=[Optional()], format="%Y-%m-%d")
