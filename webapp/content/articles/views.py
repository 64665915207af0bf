"""Informatie, the reading side (public, no login): the library with a "wie ben jij?" filter, one article in the
reader's language, and "Ik begrijp dit niet" under it.

`?taal=` picks the language of the article text (a reader of a translation that is out of date can open the Dutch);
`?lang=` picks the language of the whole page, like /offline: the service worker keeps an anonymous copy of each
article a person opened in their language, for reading without a connection (static/js/sw.js).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import force_locale

from webapp.auth.guards import public
from webapp.content import illustrations, library
from webapp.content.articles import services
from webapp.content.articles.forms import NotUnderstoodForm
from webapp.db import get_session
from webapp.extensions import htmx, limiter
from webapp.forms import RTL_LANGUAGES
from webapp.i18n import current_language

bp = Blueprint("articles", __name__, url_prefix="/informatie")

THANKS_KEY = "informatie_bedankt"  # which "Ik begrijp dit niet" was just sent, for the thank-you after the redirect


def _language(value: str | None) -> str | None:
    return value if value in current_app.config["LANGUAGES"] else None


def _forced_page_language():
    """`?lang=xx`: render the page in that language whatever the cookie says (the service worker's copy)."""
    return _language(request.args.get("lang"))


def _as_partial() -> bool:
    return bool(htmx) and not htmx.boosted


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


@bp.route("")
@public
def index():
    forced = _forced_page_language()
    if forced:
        with force_locale(forced):
            return _index_page(forced)
    return _index_page(current_language())


def _index_page(language: str):
    audience = services.audience_or_none(request.args.get("voor"))
    articles = services.library_list(get_session(), audience, language)
    return render_template(
        "content/articles/index.html",
        articles=articles,
        audiences=library.AUDIENCES,
        audience=audience,
        text_direction_of=text_direction,
        illustration=f"{illustrations.FOLDER}/{illustrations.INDEX}",
    )


@bp.route("/<slug>")
@public
def show(slug: str):
    forced = _forced_page_language()
    if forced:
        with force_locale(forced):
            return _article_page(slug, forced)
    return _article_page(slug, current_language())


def _article_page(slug: str, page_language: str, form: NotUnderstoodForm | None = None, status: int = 200):
    language = _language(request.values.get("taal")) or page_language
    try:
        page = services.article_page(get_session(), slug, language)
    except services.NotFound:
        abort(404)
    thanked = session.pop(THANKS_KEY, None) == f"article:{slug}" if form is None else False
    return render_template(
        "content/articles/article.html",
        page=page,
        page_language=page_language,
        requested=language,
        article_dir=text_direction(page.view.language),
        illustration=illustrations.for_article(slug),
        form=form or NotUnderstoodForm(formdata=None, taal=page.view.language),
        thanked=thanked,
    ), status


@bp.route("/<slug>/niet-begrepen", methods=["POST"])
@public
@limiter.shared_limit(services.feedback_limit, scope=services.FEEDBACK_SCOPE, methods=["POST"])
def not_understood(slug: str):
    db = get_session()
    form = NotUnderstoodForm()
    language = _language(form.taal.data) or current_language()
    if form.validate():
        try:
            services.article_not_understood(db, slug, language, form.sentence.data)
        except services.NotFound:
            abort(404)
        db.commit()
        if _as_partial():
            return render_template("content/articles/_not_understood.html", thanked=True, action=request.path)
        session[THANKS_KEY] = f"article:{slug}"
        return redirect(url_for("articles.show", slug=slug, taal=language, _anchor="niet-begrepen"))
    if _as_partial():
        try:
            services.article_page(db, slug, language)
        except services.NotFound:
            abort(404)
        return render_template(
            "content/articles/_not_understood.html", form=form, thanked=False, action=request.path
        ), 422
    return _article_page(slug, current_language(), form=form, status=400)
