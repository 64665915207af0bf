"""The "Ik begrijp dit niet" form: one button, and optionally which sentence."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from webapp.content.articles.services import SENTENCE_MAX


class NotUnderstoodForm(FlaskForm):
    sentence = TextAreaField(
        _l("Welke zin of welk woord? (mag je leeg laten)"),
        validators=[
            Optional(),
            Length(max=SENTENCE_MAX, message=_l("Dat is te lang. Kopieer alleen de zin die je niet begrijpt.")),
        ],
        render_kw={"rows": 2, "maxlength": SENTENCE_MAX, "autocomplete": "off"},
    )
    taal = HiddenField()  # the language the reader read the text in
