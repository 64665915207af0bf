from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import force_locale

from webapp.auth.guards import public
from webapp.content.articles import services as articles
from webapp.content.articles.forms import NotUnderstoodForm
from webapp.content.glossary import TERMS, dutch_words
from webapp.db import get_session
from webapp.extensions import htmx, limiter
from webapp.i18n import current_language

bp = Blueprint("content", __name__)

THANKS_KEY = "uitleg_bedankt"  # which glossary entry just got "Ik begrijp dit niet", for the thank-you


def _sorted_terms():
    """The entries in alphabetical order of the reader's words."""
    return sorted(TERMS, key=lambda term: str(term.word).casefold())


def _glossary_page(forms: dict | None = None, thanked: str | None = None, status: int = 200):
    language = current_language()
    forms = forms or {}
    return render_template(
        "content/glossary.html",
        terms=_sorted_terms(),
        dutch=dutch_words() if language != "nl" else {},
        with_article=articles.published_slugs(get_session()),
        forms={term.key: forms.get(term.key) or NotUnderstoodForm(formdata=None, taal=language) for term in TERMS},
        thanked=thanked,
    ), status


@bp.route("/uitleg")
@public
def glossary():
    """`?lang=xx` renders the page in that language whatever the cookie says (the service worker's offline copy)."""
    forced = request.args.get("lang")
    if forced in current_app.config["LANGUAGES"]:
        with force_locale(forced):
            return _glossary_page()
    return _glossary_page(thanked=session.pop(THANKS_KEY, None))


@bp.route("/uitleg/<key>/niet-begrepen", methods=["POST"])
@public
@limiter.shared_limit(articles.feedback_limit, scope=articles.FEEDBACK_SCOPE, methods=["POST"])
def term_not_understood(key: str):
    db = get_session()
    form = NotUnderstoodForm()
    partial = bool(htmx) and not htmx.boosted
    if form.validate():
        try:
            articles.term_not_understood(db, key, current_language(), form.sentence.data)
        except articles.NotFound:
            abort(404)
        db.commit()
        if partial:
            return render_template(
                "content/articles/_not_understood.html",
                thanked=True,
                prefix=f"niet-begrepen-{key}",
                action=request.path,
            )
        session[THANKS_KEY] = key
        return redirect(url_for("content.glossary", _anchor=f"uitleg-{key}"))
    if key not in {term.key for term in TERMS}:
        abort(404)
    if partial:
        return render_template(
            "content/articles/_not_understood.html",
            form=form,
            thanked=False,
            prefix=f"niet-begrepen-{key}",
            intro=False,
            action=request.path,
        ), 422
    return _glossary_page(forms={key: form}, status=400)
