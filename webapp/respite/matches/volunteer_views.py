"""The steungezin's own pages (/steungezin): screening, proposals to answer, the families it helps with their
afsprakenkaart and check-ins, appointments, and the conversation with the coordinator."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound

from webapp.appointments import services as appointments
from webapp.db import get_session
from webapp.models import Role
from webapp.respite.households import services as households
from webapp.respite.matches import services
from webapp.respite.meldpunt import services as meldpunt

bp = Blueprint("steungezin", __name__, url_prefix="/steungezin")


@bp.route("")
def index():
    db = get_session()
    household = services.household_of(db, current_user)
    if household is None:
        if not current_user.has_role(Role.STEUNGEZIN):
            raise NotFound()
        return render_template("respite/matches/volunteer.html", overview=None, screening=None)
    overview = services.volunteer_overview(db, current_user)
    conversation = meldpunt.household_conversation(db, current_user, household)
    db.commit()  # the conversation is made the first time the page is opened
    return render_template(
        "respite/matches/volunteer.html",
        overview=overview,
        screening=households.my_screening(db, current_user),
        agenda=appointments.agenda(db, current_user),
        conversation_url=url_for("messages.show", conversation_id=conversation.id),
        match_status_labels=services.MATCH_STATUS_LABELS,
    )
