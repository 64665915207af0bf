"""Forms of the gezinsplan (family answers, the regisseur's editor)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from webapp.labels import GOAL_STATUS_LABELS, ZRM_LABELS, ZRM_SCORE_LABELS
from webapp.models import Family, GoalStatus, ZrmDomain

DATE_FORMAT = "%Y-%m-%d"


class AnswerForm(FlaskForm):
    agrees = RadioField(
        _l("Ben je het eens met deze versie?"),
        choices=[SelectChoice("ja", _l("Akkoord")), SelectChoice("nee", _l("Niet akkoord"))],
        validators=[InputRequired(message=_l("Kies akkoord of niet akkoord."))],
    )
    comment = TextAreaField(_l("Wil je iets zeggen? (niet verplicht bij akkoord)"), validators=[Length(max=2000)])


class BasicsForm(FlaskForm):
    situation = TextAreaField(_l("Hoe gaat het nu? (in gewone woorden)"), validators=[Length(max=4000)])
    agreements = TextAreaField(_l("Afspraken"), validators=[Length(max=4000)])
    next_evaluation = DateField(_l("Volgende evaluatie"), validators=[Optional()], format=DATE_FORMAT)


def about_choices(family: Family) -> list[SelectChoice]:
    return [SelectChoice("", _l("het hele gezin"))] + [
        SelectChoice(str(m.user_id), m.user.name) for m in family.members
    ]


class GoalForm(FlaskForm):
    title = StringField(
        _l("Doel, in de woorden van het gezin"),
        validators=[InputRequired(message=_l("Schrijf het doel op.")), Length(max=300)],
    )
    about = SelectField(_l("Over wie gaat dit doel?"), validators=[Optional()])
    status = SelectField(
        _l("Hoe staat het ervoor?"),
        choices=[SelectChoice(s.value, label) for s, label in GOAL_STATUS_LABELS.items()],
        default=GoalStatus.NEW.value,
    )
    target_date = DateField(_l("Wanneer willen jullie dit bereiken?"), validators=[Optional()], format=DATE_FORMAT)

    def for_family(self, family: Family) -> GoalForm:
        self.about.choices = about_choices(family)
        return self


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Hoe gaat het met dit doel?"),
        validators=[InputRequired(message=_l("Schrijf een korte notitie.")), Length(max=2000)],
    )


class ActionForm(FlaskForm):
    what = StringField(
        _l("Wat moet er gebeuren?"),
        validators=[InputRequired(message=_l("Schrijf op wat er moet gebeuren.")), Length(max=300)],
    )
    who = StringField(
        _l("Wie doet het?"), validators=[InputRequired(message=_l("Schrijf op wie het doet.")), Length(max=200)]
    )
    due_date = DateField(_l("Wanneer klaar?"), validators=[Optional()], format=DATE_FORMAT)
    goal = SelectField(_l("Bij welk doel?"), validators=[Optional()])

    def for_goals(self, goals) -> ActionForm:
        self.goal.choices = [SelectChoice("", _l("geen doel"))] + [SelectChoice(str(g.id), g.title) for g in goals]
        return self


class InvolvedForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[InputRequired(message=_l("Vul een naam in.")), Length(max=200)])
    role = StringField(
        _l("Wat doet deze persoon voor het gezin?"),
        validators=[InputRequired(message=_l("Vul in wat deze persoon doet.")), Length(max=200)],
    )
    organisation = StringField(_l("Organisatie"), validators=[Optional(), Length(max=200)])
    contact = StringField(_l("Telefoon of e-mail"), validators=[Optional(), Length(max=200)])


class ZrmForm(FlaskForm):
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


class PublishForm(FlaskForm):
    summary = TextAreaField(
        _l("Wat is er veranderd? (het gezin leest dit)"),
        validators=[InputRequired(message=_l("Schrijf in een paar woorden wat er veranderd is.")), Length(max=1000)],
    )


class AuditFilterForm(FlaskForm):
    """A GET filter on the access log; dates only, no personal data in the URL."""

    class Meta:
        csrf = False

    since = DateField(_l("Vanaf"), validators=[Optional()], format=DATE_FORMAT)
    until = DateField(_l("Tot en met"), validators=[Optional()], format=DATE_FORMAT)
