"""Form pieces shared by several features (language choice, date fields, the long-text limit)."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

# Each language named in itself, so anyone can find their own.
LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
    "fa": "فارسی",
    "ti": "ትግርኛ",
}
RTL_LANGUAGES = frozenset({"ar", "fa"})

# The longest free text a person may type in one field (motivation, request, answer).
LONG_TEXT_MAX = 2000


def long_text_length() -> Length:
    """The length check of a free-text field, with the one translated message every form uses."""
    return Length(max=LONG_TEXT_MAX, message=_l("Je tekst is te lang. Hij mag hoogstens 2000 tekens hebben."))


def language_choices() -> list[SelectChoice]:
    """Each option carries its own `lang`, so screen readers pronounce it right."""
    return [
        SelectChoice(code, LANGUAGE_NAMES[code], render_kw={"lang": code}) for code in current_app.config["LANGUAGES"]
    ]


class LanguageField(SelectField):
    def __init__(self, label=None, **kwargs) -> None:
        super().__init__(label or _l("Taal"), choices=language_choices, **kwargs)


class LanguageForm(FlaskForm):
    language = LanguageField()
