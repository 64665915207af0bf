"""The regisseur's translations of the gezinsplan into the languages the family reads.

Every page works without JavaScript (full page, redirect after POST). Only the family's regisseur gets here; anyone
else gets 404. A form sent after the Dutch text changed answers 409 with the new Dutch and the typed text kept.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.db import get_session
from webapp.models import User
from webapp.plans import translations

bp = Blueprint("plan_translations", __name__, url_prefix="/gezinnen/<int:family_id>/plan/vertalingen")


class TranslationForm(FlaskForm):
    text = TextAreaField(
        _l("Vertaling"),
        validators=[
            DataRequired(message=_l("Schrijf de vertaling in het vak.")),
            Length(max=translations.MAX_TEXT, message=_l("De vertaling is te lang.")),
        ],
    )
    interpreter = StringField(
        _l("Naam van de tolk (niet verplicht)"),
        validators=[Length(max=translations.MAX_INTERPRETER, message=_l("De naam is te lang."))],
    )
    made_from = HiddenField()


# --- shown on other pages: the language someone reads ------------------------------------------------------------


@bp.app_template_global("language_name")
def language_name(code: str) -> str:
    return translations.language_name(code)


@bp.app_template_global("translation_languages")
def translation_languages(family) -> list[str]:
    """The languages other than Dutch that the family's members with an account read (no query)."""
    return translations.family_languages(family)


@bp.app_template_global("reads_language")
def reads_language(person: User) -> str:
    """For a person with an account the language she reads ("leest Turks"); nothing for someone without one."""
    language = translations.reads(person)
    return _("leest %(language)s", language=translations.language_name(language)) if language else ""


# --- pages -------------------------------------------------------------------------------------------------------


@bp.route("")
def index(family_id: int):
    db = get_session()
    shown = translations.overview(db, current_user, family_id)
    db.commit()  # the read is logged
    return render_template("plans/translations/index.html", overview=shown)


def _part_page(family_id: int, slug: str, ref: str, *, forms: dict | None = None, changed: bool = False, status=200):
    found = translations.part_translations(get_session(), current_user, family_id, slug, ref)
    forms = forms or {}
    for cell in found.cells:
        if cell.language not in forms:
            form = TranslationForm(formdata=None)
            if cell.translation is not None:
                form.text.data = cell.translation.text
                form.interpreter.data = cell.translation.interpreter
            forms[cell.language] = form
    return render_template("plans/translations/part.html", found=found, forms=forms, changed=changed), status


@bp.route("/<slug>/<ref>")
def part(family_id: int, slug: str, ref: str):
    return _part_page(family_id, slug, ref)


@bp.route("/<slug>/<ref>/<language>", methods=["POST"])
def save(family_id: int, slug: str, ref: str, language: str):
    db = get_session()
    form = TranslationForm()
    if not form.validate_on_submit():
        translations.part_translations(db, current_user, family_id, slug, ref)  # 404 before telling about mistakes
        return _part_page(family_id, slug, ref, forms={language: form}, status=400)
    try:
        translations.save(
            db,
            current_user,
            family_id,
            slug,
            ref,
            language,
            text=form.text.data,
            interpreter=form.interpreter.data or "",
            made_from=form.made_from.data or None,
        )
    except translations.TranslationError as problem:
        form.text.errors = [str(problem)]
        return _part_page(family_id, slug, ref, forms={language: form}, status=400)
    except translations.SourceChanged:
        db.rollback()
        return _part_page(family_id, slug, ref, forms={language: form}, changed=True, status=409)
    db.commit()
    flash(_("De vertaling is opgeslagen. Het gezin ziet haar bij de versie met deze Nederlandse tekst."), "success")
    return redirect(url_for("plan_translations.part", family_id=family_id, slug=slug, ref=ref) + f"#taal-{language}")


@bp.route("/<slug>/<ref>/<language>/weghalen", methods=["POST"])
def remove(family_id: int, slug: str, ref: str, language: str):
    db = get_session()
    translations.remove(db, current_user, family_id, slug, ref, language)
    db.commit()
    flash(_("De vertaling is weggehaald. Het gezin leest hier weer de Nederlandse tekst."), "success")
    return redirect(url_for("plan_translations.part", family_id=family_id, slug=slug, ref=ref))
