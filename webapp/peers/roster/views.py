"""Routes of the peer questions: roster. The questions nobody answered in 48 hours, for the ervaringsdeskundigen of
their space and for the moderators (anyone else: 404)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from webapp.db import get_session
from webapp.peers.questions.services import SPACE_NAMES, TOPICS
from webapp.peers.roster import services

bp = Blueprint("peer_roster", __name__, url_prefix="/vragen")


@bp.route("/onbeantwoord")
def unanswered():
    roster = services.unanswered(get_session(), current_user)
    return render_template(
        "peers/roster/unanswered.html",
        roster=roster,
        hours=services.UNANSWERED_AFTER.days * 24,
        topics=TOPICS,
        space_names=SPACE_NAMES,
    )
