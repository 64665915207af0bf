"""Forms of the gezinsplan (family answers, the regisseur's editor)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.i18n import lazy_addressed
from webapp.labels import GOAL_STATUS_LABELS, ZRM_LABELS, ZRM_SCORE_LABELS
from webapp.models import Family, GoalStatus, ZrmDomain

DATE_FORMAT = "%Y-%m-%d"


class AnswerForm(FlaskForm):
    agrees = RadioField(
        lazy_addressed("Ben je het eens met deze versie?"),
        choices=[SelectChoice("ja", _l("Akkoord")), SelectChoice("nee", _l("Niet akkoord"))],
        validators=[InputRequired(message=_l("Kies akkoord of niet akkoord."))],
    )
    comment = TextAreaField(
        lazy_addressed("Wil je iets zeggen? (niet verplicht bij akkoord)"), validators=[Length(max=2000)]
    )


class BasicsForm(FlaskForm):
    """The whole family's texts and the evaluation date; `basics_form` adds the same two texts per person."""

    situation = TextAreaField(_l("Hoe gaat het nu? (in gewone woorden)"), validators=[Length(max=4000)])
    agreements = TextAreaField(_l("Afspraken"), validators=[Length(max=4000)])
    next_evaluation = DateField(_l("Volgende evaluatie"), validators=[Optional()], format=DATE_FORMAT)

    person_ids: tuple[int, ...] = ()
    has_earlier: bool = False

    def person_fields(self, user_id: int) -> tuple:
        return self[f"situation_{user_id}"], self[f"agreements_{user_id}"]

    def earlier_fields(self) -> tuple:
        return (self["situation_eerder"], self["agreements_eerder"]) if self.has_earlier else ()

    def about_people(self) -> dict[int, tuple[str, str]]:
        """Per person her two texts; a person whose fields were not sent at all is left as it is."""
        result = {}
        for user_id in self.person_ids:
            situation, agreements = self.person_fields(user_id)
            if situation.raw_data or agreements.raw_data:
                result[user_id] = (situation.data or "", agreements.data or "")
        return result

    def earlier(self) -> tuple[str, str] | None:
        fields = self.earlier_fields()
        return (fields[0].data or "", fields[1].data or "") if fields else None


def basics_form(family: Family, *, has_earlier: bool, **kwargs) -> BasicsForm:
    """A BasicsForm with "how is it going" and agreements for each family member (and the texts from before parts
    said whom they are about, while there are any): every text is one part of the plan, about one person."""
    fields: dict = {"person_ids": tuple(m.user_id for m in family.members), "has_earlier": has_earlier}
    for member in family.members:
        name = member.user.first_name
        fields[f"situation_{member.user_id}"] = TextAreaField(
            _l("Hoe gaat het met %(name)s?", name=name), validators=[Length(max=4000)]
        )
        fields[f"agreements_{member.user_id}"] = TextAreaField(
            _l("Afspraken over %(name)s", name=name), validators=[Length(max=4000)]
        )
    if has_earlier:
        fields["situation_eerder"] = TextAreaField(_l("Hoe gaat het nu? (oude tekst)"), validators=[Length(max=4000)])
        fields["agreements_eerder"] = TextAreaField(_l("Afspraken (oude tekst)"), validators=[Length(max=4000)])
    form_class = type("FamilyBasicsForm", (BasicsForm,), fields)
    return form_class(**kwargs)


def about_choices(family: Family) -> list[SelectChoice]:
    return [SelectChoice("", _l("het hele gezin"))] + [
        SelectChoice(str(m.user_id), m.user.name) for m in family.members
    ]


def chosen_id(field: SelectField) -> int | None:
    """The id picked in a select whose blank choice means none. Optional() lets a blank value (" ") through without
    the choice check, so blank is stripped here."""
    return int(field.data) if (field.data or "").strip() else None


class AboutMixin:
    """An "about" choice: the whole family ("") or one person of it. Call `for_family` before validating."""

    about: SelectField

    def for_family(self, family: Family):
        self.about.choices = about_choices(family)
        return self

    @property
    def about_user_id(self) -> int | None:
        return chosen_id(self.about)  # blank is the whole family


class AboutForm(AboutMixin, FlaskForm):
    """Say whom an existing part is about (someone involved, or the ZRM scores from before parts said so)."""

    about = SelectField(_l("Over wie gaat dit?"), validators=[Optional()])


class GoalForm(AboutMixin, FlaskForm):
    title = StringField(
        _l("Doel, in de woorden van het gezin"),
        validators=[DataRequired(message=_l("Schrijf het doel op.")), Length(max=300)],
    )
    about = SelectField(_l("Over wie gaat dit doel?"), validators=[Optional()])
    status = SelectField(
        _l("Hoe staat het ervoor?"),
        choices=[SelectChoice(s.value, label) for s, label in GOAL_STATUS_LABELS.items()],
        default=GoalStatus.NEW.value,
    )
    target_date = DateField(_l("Wanneer willen jullie dit bereiken?"), validators=[Optional()], format=DATE_FORMAT)


# Texts use DataRequired, not InputRequired: only spaces is no text (the services strip it, and stored '' as a note).


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Hoe gaat het met dit doel?"),
        validators=[DataRequired(message=_l("Schrijf een korte notitie.")), Length(max=2000)],
    )


class ActionForm(FlaskForm):
    what = StringField(
        _l("Wat moet er gebeuren?"),
        validators=[DataRequired(message=_l("Schrijf op wat er moet gebeuren.")), Length(max=300)],
    )
    who = StringField(
        _l("Wie doet het?"), validators=[DataRequired(message=_l("Schrijf op wie het doet.")), Length(max=200)]
    )
    due_date = DateField(_l("Wanneer klaar?"), validators=[Optional()], format=DATE_FORMAT)
    goal = SelectField(_l("Bij welk doel?"), validators=[Optional()])

    def for_goals(self, goals) -> ActionForm:
        self.goal.choices = [SelectChoice("", _l("geen doel"))] + [SelectChoice(str(g.id), g.title) for g in goals]
        return self

    @property
    def goal_id(self) -> int | None:
        return chosen_id(self.goal)  # blank is no goal


class InvolvedForm(AboutMixin, FlaskForm):
    about = SelectField(_l("Voor wie helpt deze persoon?"), validators=[Optional()])
    name = StringField(_l("Naam"), validators=[DataRequired(message=_l("Vul een naam in.")), Length(max=200)])
    role = StringField(
        _l("Wat doet deze persoon voor het gezin?"),
        validators=[DataRequired(message=_l("Vul in wat deze persoon doet.")), Length(max=200)],
    )
    organisation = StringField(_l("Organisatie"), validators=[Optional(), Length(max=200)])
    contact = StringField(_l("Telefoon of e-mail"), validators=[Optional(), Length(max=200)])


class ZrmForm(AboutMixin, FlaskForm):
    about = SelectField(_l("Over wie gaat deze meting?"), validators=[Optional()])
    assessed_on = DateField(
        _l("Datum van het gesprek"), validators=[InputRequired(message=_l("Vul de datum in."))], format=DATE_FORMAT
    )

    def scores(self) -> dict[ZrmDomain, int]:
        return {
            domain: int(self[f"zrm_{domain.value}"].data) for domain in ZrmDomain if self[f"zrm_{domain.value}"].data
        }


for _domain in ZrmDomain:
    setattr(
        ZrmForm,
        f"zrm_{_domain.value}",
        SelectField(
            ZRM_LABELS[_domain],
            choices=[SelectChoice("", _l("geen score"))]
            + [SelectChoice(str(n), label) for n, label in ZRM_SCORE_LABELS.items()],
            validators=[Optional()],
        ),
    )


class PublishForm(AboutMixin, FlaskForm):
    summary = TextAreaField(
        _l("Wat is er veranderd? (het gezin leest dit)"),
        validators=[DataRequired(message=_l("Schrijf in een paar woorden wat er veranderd is.")), Length(max=1000)],
    )
    about = SelectField(_l("Over wie gaat deze samenvatting?"), validators=[Optional()])


class AuditFilterForm(FlaskForm):
    """A GET filter on the access log; dates only, no personal data in the URL."""

    class Meta:
        csrf = False

    since = DateField(_l("Vanaf"), validators=[Optional()], format=DATE_FORMAT)
    until = DateField(_l("Tot en met"), validators=[Optional()], format=DATE_FORMAT)
