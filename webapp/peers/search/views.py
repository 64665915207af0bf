"""Routes of the peer questions: search in a space and similar questions while a new question is typed.

Both are POST with the CSRF token: what someone searches for (a child's diagnosis, a worry) and a draft title stay
out of URLs, browser history and server logs. A GET of the search page shows the empty search box.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.db import get_session
from webapp.extensions import htmx
from webapp.peers.questions import services as questions
from webapp.peers.search import services
from webapp.peers.search.forms import SearchForm

bp = Blueprint("peer_search", __name__, url_prefix="/vragen")

SPACE = "<any(pleegouders, jongeren):space>"


def _context(space: str) -> dict:
    return {"space": space, "space_name": questions.SPACE_NAMES[space], "topics": questions.TOPICS}


@bp.route(f"/{SPACE}/zoeken", methods=["GET", "POST"])
def search(space: str):
    db = get_session()
    if request.method == "GET":
        services.open_space(db, current_user, space)
        form = SearchForm(formdata=None)
        return render_template("peers/search/search.html", **_context(space), form=form, page=None)
    form = SearchForm()
    if not form.validate():
        services.open_space(db, current_user, space)
        return render_template("peers/search/search.html", **_context(space), form=form, page=None), 400
    page = services.search(db, current_user, space, form.q.data or "", form.page())
    form.pagina.data = str(page.page)
    return render_template("peers/search/search.html", **_context(space), form=form, page=page)


@bp.route(f"/{SPACE}/vergelijkbaar", methods=["POST"])
def similar(space: str):
    """htmx, from the new-question form: the similar questions for the title typed so far. Without htmx (a form
    posted here by hand) the same list as a page."""
    db = get_session()
    title = request.form.get("title", "")
    hits = services.similar(db, current_user, space, title)
    if htmx and not htmx.boosted:
        response = render_template("peers/search/_similar.html", **_context(space), hits=hits, typed=title)
        return response, 200, {"Vary": "HX-Request"}
    page = services.SearchPage(query=title, hits=hits, total=len(hits))
    form = SearchForm(formdata=None, q=title)
    return (
        render_template("peers/search/search.html", **_context(space), form=form, page=page),
        200,
        {"Vary": "HX-Request"},
    )
