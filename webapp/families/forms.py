from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from webapp.auth.forms import EMAIL_REQUIRED, EMAIL_SHAPE
from webapp.forms import LanguageField
from webapp.labels import RELATION_LABELS
from webapp.models import Relation


class InviteForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[InputRequired(message=_l("Vul een naam in.")), Length(max=200)])
    email = EmailField(_l("E-mailadres"), validators=[EMAIL_REQUIRED, EMAIL_SHAPE, Length(max=254)])
    relation = SelectField(
        _l("Wie is dit in het gezin?"),
        choices=[SelectChoice(value.value, label) for value, label in RELATION_LABELS.items()],
        validators=[InputRequired()],
    )
    birth_date = DateField(
        _l("Geboortedatum (voor jongeren)"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    language = LanguageField(_l("Taal van de uitnodiging"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.relation.data == Relation.JONGERE.value and self.birth_date.data is None and not self.birth_date.errors:
            self.birth_date.errors = [_l("Vul de geboortedatum in: daarmee weet OnsPlan wie wat mag zien.")]
            return False
        return valid
