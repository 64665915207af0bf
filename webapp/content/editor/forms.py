"""Forms of the redacteur's editor. Every message is plain Dutch (B1) and translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

_TOO_LONG = _l("Deze tekst is te lang.")


def _section(label, hint_required):
    return TextAreaField(
        label,
        validators=[DataRequired(hint_required), Length(max=5000, message=_TOO_LONG)],
        render_kw={"rows": 8},
    )


class ArticleForm(FlaskForm):
    """One article in one language: title, summary, the four sections, the culture note (translations only)."""

    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Schrijf een titel.")), Length(max=200, message=_TOO_LONG)]
    )
    summary = TextAreaField(
        _l("Korte samenvatting (een of twee zinnen)"),
        validators=[DataRequired(_l("Schrijf een korte samenvatting.")), Length(max=500, message=_TOO_LONG)],
        render_kw={"rows": 3},
    )
    what_is_it = _section(_l("Wat is het?"), _l("Schrijf wat het is."))
    what_it_means = _section(_l("Wat betekent het voor jou?"), _l("Schrijf wat het betekent voor de lezer."))
    what_you_can_do = _section(_l("Wat kun je doen?"), _l("Schrijf wat de lezer kan doen."))
    where_to_get_help = _section(_l("Waar vind je hulp?"), _l("Schrijf waar de lezer hulp vindt."))
    culture_note = TextAreaField(
        _l("In jouw taal en cultuur (alleen in een vertaling, mag leeg)"),
        validators=[Optional(), Length(max=3000, message=_TOO_LONG)],
        render_kw={"rows": 5},
    )
    translator = StringField(
        _l("Vertaald door (mag leeg)"), validators=[Optional(), Length(max=200, message=_TOO_LONG)]
    )

    def text_fields(self) -> dict[str, str]:
        return {
            name: getattr(self, name).data or ""
            for name in (
                "title",
                "summary",
                "what_is_it",
                "what_it_means",
                "what_you_can_do",
                "where_to_get_help",
                "culture_note",
            )
        }


class ReviewForm(FlaskForm):
    reviewer = StringField(
        _l("Wie heeft het artikel gecontroleerd? (naam en functie)"),
        validators=[
            DataRequired(_l("Schrijf wie het artikel heeft gecontroleerd.")),
            Length(max=200, message=_TOO_LONG),
        ],
    )
    next_review_due = DateField(_l("Volgende controle (mag leeg: over een half jaar)"), validators=[Optional()])
