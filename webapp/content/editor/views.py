"""Routes of the redacteur (/redactie): the dashboard, one article with its versions and feedback, editing an article
in one language (preview, draft, publish), one old version. Everything answers 404 for anyone but a redacteur."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.content.editor import services
from webapp.content.editor.forms import ArticleForm, ReviewForm
from webapp.db import get_session
from webapp.errors import render_error
from webapp.extensions import htmx

bp = Blueprint("editor", __name__, url_prefix="/redactie")


@bp.errorhandler(services.StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(
        409, _("Publiceer eerst de Nederlandse tekst. Een vertaling volgt altijd een Nederlandse tekst.")
    )


def _partial() -> bool:
    return bool(htmx and not htmx.boosted)


@bp.route("")
def dashboard():
    board = services.dashboard(get_session(), current_user)
    return render_template("content/editor/dashboard.html", board=board, state_labels=services.STATE_LABELS)


def _overview_page(slug: str, review_form: ReviewForm | None = None, status: int = 200):
    found = services.overview(get_session(), current_user, slug)
    form = review_form or ReviewForm(formdata=None, reviewer=found.article.reviewer)
    return render_template(
        "content/editor/article.html",
        o=found,
        review_form=form,
        state_labels=services.STATE_LABELS,
        audience_labels=services.AUDIENCE_LABELS,
    ), status


@bp.route("/<slug>")
def article(slug: str):
    return _overview_page(slug)


@bp.route("/<slug>/controle", methods=["POST"])
def reviewed(slug: str):
    db = get_session()
    services.overview(db, current_user, slug)  # 404 before looking at the form
    form = ReviewForm()
    if not form.validate():
        return _overview_page(slug, form, 422)
    try:
        services.mark_reviewed(db, current_user, slug, form.reviewer.data, form.next_review_due.data)
    except services.EditorError as error:
        getattr(form, error.field).errors = [error.message]
        db.rollback()
        return _overview_page(slug, form, 422)
    db.commit()
    flash(_("Gecontroleerd. De volgende controle staat in het overzicht."), "success")
    return redirect(url_for(".article", slug=slug))


@bp.route("/<slug>/feedback-gelezen", methods=["POST"])
def feedback_read(slug: str):
    db = get_session()
    count = services.mark_feedback_handled(db, current_user, slug)
    db.commit()
    flash(_("%(num)d meldingen gelezen.", num=count), "success")
    return redirect(url_for(".article", slug=slug))


def _edit_page(slug: str, language: str, form: ArticleForm, *, preview=None, error: str | None = None, status=200):
    state = services.edit_state(get_session(), current_user, slug, language)
    dutch_preview = services.render(state.dutch, "nl") if state.is_translation and state.dutch else None
    return render_template(
        "content/editor/edit.html",
        state=state,
        form=form,
        preview=preview,
        dutch_preview=dutch_preview,
        error=error,
    ), status


@bp.route("/<slug>/<language>", methods=["GET", "POST"])
def edit(slug: str, language: str):
    db = get_session()
    state = services.edit_state(db, current_user, slug, language)  # 404 for others, or an unknown article/language
    if request.method == "GET":
        start = state.fields()
        form = ArticleForm(formdata=None, **start)
        form.translator.data = state.newest.translator if state.newest else ""
        return _edit_page(slug, language, form)
    form = ArticleForm()
    action = request.form.get("action", "draft")
    if action == "preview":
        return _edit_page(
            slug, language, form, preview=services.preview(db, current_user, slug, language, form.text_fields())
        )
    if not _valid(form, publishing=action == "publish"):
        return _edit_page(slug, language, form, status=422)
    try:
        if action == "publish":
            services.publish(db, current_user, slug, language, form.text_fields(), form.translator.data)
            message = _("Gepubliceerd. Lezers zien nu deze tekst.")
        else:
            services.save_draft(db, current_user, slug, language, form.text_fields())
            message = _("Bewaard als concept. Lezers zien het nog niet.")
    except services.EditorError as error:
        db.rollback()
        if error.field and hasattr(form, error.field):
            getattr(form, error.field).errors = [error.message]
            return _edit_page(slug, language, form, status=422)
        return _edit_page(slug, language, form, error=error.message, status=422)
    db.commit()
    flash(message, "success")
    return redirect(url_for(".edit", slug=slug, language=language))


def _valid(form: ArticleForm, *, publishing: bool) -> bool:
    """Publishing needs every part; a draft may be unfinished (empty parts), but needs a title and nothing too long."""
    form.validate()
    if not publishing:
        for field in form:
            if field.name != "title" and not (field.data or "").strip():
                field.errors = []
    return not any(field.errors for field in form)


@bp.route("/<slug>/<language>/voorbeeld", methods=["POST"])
def preview(slug: str, language: str):
    db = get_session()
    form = ArticleForm()
    shown = services.preview(db, current_user, slug, language, form.text_fields())
    if _partial():
        return render_template("content/editor/_preview.html", preview=shown)
    return _edit_page(slug, language, form, preview=shown)


@bp.route("/<slug>/<language>/versie/<int:number>")
def version(slug: str, language: str, number: int):
    detail = services.version_detail(get_session(), current_user, slug, language, number)
    return render_template("content/editor/version.html", d=detail)
