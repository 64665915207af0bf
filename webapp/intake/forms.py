"""Forms for registering a family and for a handover. Rows of members are plain sub-forms (no JavaScript needed:
"Nog iemand toevoegen" posts the form and it comes back with one empty row more)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from webapp.clock import today
from webapp.forms import LanguageField
from webapp.labels import RELATION_LABELS
from webapp.models import Relation

FIRST_ROWS = 3  # empty rows on a new form
MAX_ROWS = 12
EMAIL_SHAPE = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Dit lijkt geen e-mailadres. Kijk of er een @ in staat.")
)


class MemberForm(Form):
    """One person of the family. A row left empty is skipped."""

    name = StringField(_l("Naam"), validators=[Optional(), Length(max=200)])
    relation = SelectField(
        _l("Wie is dit in het gezin?"),
        choices=[SelectChoice(value.value, label) for value, label in RELATION_LABELS.items()],
        default=Relation.JONGERE.value,
    )
    birth_date = DateField(_l("Geboortedatum"), validators=[Optional()], format="%Y-%m-%d")
    has_authority = BooleanField(_l("Heeft gezag (beslist mee over het kind)"))
    email = EmailField(
        _l("E-mailadres (alleen als deze persoon nu een account krijgt)"),
        validators=[Optional(), EMAIL_SHAPE, Length(max=254)],
    )
    language = LanguageField(_l("Taal van de uitnodiging"))

    def is_empty(self) -> bool:
        return not ((self.name.data or "").strip() or (self.email.data or "").strip() or self.birth_date.data)

    def validate_row(self) -> bool:
        """Rules that need more than one field; the errors go next to the field they are about."""
        if self.is_empty():
            return True
        ok = True
        if not (self.name.data or "").strip():
            self.name.errors = [*self.name.errors, _l("Vul een naam in.")]
            ok = False
        if self.relation.data == Relation.JONGERE.value and self.birth_date.data is None and not self.birth_date.errors:
            self.birth_date.errors = [_l("Vul de geboortedatum in: daarmee weet OnsPlan wie wat mag zien.")]
            ok = False
        if self.birth_date.data is not None and self.birth_date.data > today():
            self.birth_date.errors = [_l("Deze datum ligt in de toekomst.")]
            ok = False
        return ok


def _id_or_none(value) -> int | None:
    """A chosen id, or None for "nothing chosen" and anything that is not a number (the view says what is wrong)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class RegisterFamilyForm(FlaskForm):
    name = StringField(
        _l("Naam van het gezin"),
        validators=[InputRequired(message=_l("Vul de naam van het gezin in.")), Length(max=200)],
    )
    gemeente = SelectField(_l("Gemeente"), coerce=_id_or_none, validate_choice=False)
    members = FieldList(FormField(MemberForm), min_entries=FIRST_ROWS, max_entries=MAX_ROWS)

    def for_gemeenten(self, gemeenten) -> RegisterFamilyForm:
        self.gemeente.choices = [(g.id, g.name) for g in gemeenten]
        if len(gemeenten) == 1 and self.gemeente.data is None:
            self.gemeente.data = gemeenten[0].id
        return self

    def add_row(self) -> None:
        if len(self.members.entries) < MAX_ROWS:
            self.members.append_entry()

    def filled_rows(self) -> list[MemberForm]:
        return [entry.form for entry in self.members.entries if not entry.form.is_empty()]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        for entry in self.members.entries:  # a row left empty is skipped, whatever its selects say
            if entry.form.is_empty():
                for row_field in entry.form:
                    row_field.errors = []
        self.members.errors = [entry.form.errors for entry in self.members.entries]
        valid = not any(f.errors for name, f in self._fields.items() if name != "members") and not any(
            row_field.errors for entry in self.members.entries for row_field in entry.form
        )
        if self.gemeente.data not in {value for value, _label in self.gemeente.choices or []}:
            self.gemeente.errors = [*self.gemeente.errors, _l("Kies een gemeente.")]
            valid = False
        for entry in self.members.entries:
            valid = entry.form.validate_row() and valid
        rows = self.filled_rows()
        if not rows:
            self.members.entries[0].form.name.errors = [_l("Vul minstens één persoon van het gezin in.")]
            valid = False
        seen: set[str] = set()
        for row in rows:
            email = (row.email.data or "").strip().lower()
            if email and email in seen:
                row.email.errors = [*row.email.errors, _l("Dit e-mailadres staat er al bij iemand anders.")]
                valid = False
            seen.add(email)
        return valid


class HandoverForm(FlaskForm):
    regisseur = SelectField(_l("Nieuwe regisseur"), coerce=_id_or_none, validate_choice=False)
    reason = TextAreaField(
        _l("Waarom gaat het gezin naar een andere regisseur?"),
        validators=[InputRequired(message=_l("Schrijf kort waarom.")), Length(max=1000)],
    )

    def for_candidates(self, candidates) -> HandoverForm:
        self.regisseur.choices = [("", _l("Kies een regisseur")), *((c.id, c.name) for c in candidates)]
        return self

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.regisseur.data is None and not self.regisseur.errors:
            self.regisseur.errors = [_l("Kies een regisseur.")]
            valid = False
        return valid


class AskHandoverForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom moet het gezin naar een andere regisseur?"),
        validators=[InputRequired(message=_l("Schrijf kort waarom.")), Length(max=1000)],
    )
