"""The list of conversations, rendered once per process for the same rows, reader, day and waiting times.

A regisseur's /berichten holds every conversation of her caseload and polls every 10 s; building the list's objects
and rendering it cost ~9 of its ~10.5 ms at 55 conversations, its three statements ~1 ms (issue 14). The list shows
only what its rows (reads.list_rows: the last message's first words, never the whole body, and none where a
professional sees only who wrote and when), the reader (her id,
roles and organisation), today's date in the Netherlands ("14:05" or "3 maart") and the waiting times say, so those
are the key (webapp/kept_html.py adds the language and forms of address). A new message, a read, an answer or a
minute more of waiting makes another key: nothing is ever deleted, so nothing can be forgotten.
"""

from __future__ import annotations

from flask_babel import format_timedelta
from markupsafe import Markup

from webapp.clock import today, utcnow
from webapp.kept_html import kept_template
from webapp.messages import reads, services
from webapp.models import Role, User


def conversation_list_html(listing: reads.ListRows, user: User) -> Markup:
    """The list (templates/messages/_partials/_list.html) for `user`, from the rows she may read."""
    as_regisseur = user.has_role(Role.REGISSEUR)
    now = utcnow()
    waiting = {
        row.id: format_timedelta(now - services._aware(row.waiting))
        for row in listing.conversations
        if reads.waits_for_answer(row, as_regisseur)
    }
    reader = (user.id, user.organisation_id, tuple(sorted(user.role_set)))
    day = today()
    key = (reader, day, tuple(waiting.items()), listing)

    def context() -> dict:
        summaries, previews = reads.summaries_of(listing, user, day)
        return {"summaries": summaries, "previews": previews, "waiting": waiting, "current_user": user}

    return kept_template("messages/_partials/_list.html", key, context)
