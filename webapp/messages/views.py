"""Messages pages: the list of conversations (the regisseur's inbox), a thread, sending, polling, attachments."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Conflict

from webapp.db import get_session
from webapp.extensions import htmx
from webapp.messages import display, reads, services
from webapp.messages.forms import MessageForm
from webapp.notify import services as notify
from webapp.retry import repeatable

bp = Blueprint("messages", __name__, url_prefix="/berichten")


def _partial_wanted() -> bool:
    return bool(htmx and not htmx.boosted)


@bp.route("")
def index():
    user = current_user._get_current_object()
    listing = reads.list_rows(get_session(), user)
    # The list counted her unread messages per conversation by the badge's rule: the navigation shows their sum.
    services.note_unread_total(sum(row.unread for row in listing.conversations))
    return render_template("messages/index.html", conversation_list=display.conversation_list_html(listing, user))


def _thread_page(conversation_id: int, form: MessageForm | None = None, status: int = 200, error: str | None = None):
    db = get_session()
    conversation, family = services.get(db, current_user, conversation_id)
    messages = services.thread(db, conversation)
    services.record_read(db, current_user, conversation, family)
    db.commit()
    g.reading_conversation = conversation.id  # the badge counts it as read: it is, once the page is built
    mine = [m for m, author, _files in messages if author.id == current_user.id]
    last_mine = mine[-1] if mine else None
    page = render_template(
        "messages/thread.html",
        conversation=conversation,
        family=family,
        summary=services.describe(db, conversation, family),
        can_write=services.can_write(db, current_user, conversation, family),
        last_mine=last_mine,
        read_by=services.read_by(db, conversation, last_mine, current_user) if last_mine else [],
        messages=messages,
        last_id=messages[-1][0].id if messages else 0,
        form=form or MessageForm.fresh(),
        error=error,
        reply_time=services.reply_time(db, current_user, conversation, family),
    )
    services.remember_read(db, current_user, conversation, messages[-1][0].id if messages else 0)
    return page, status


@bp.route("/<int:conversation_id>")
def show(conversation_id: int):
    return _thread_page(conversation_id)


@bp.route("/<int:conversation_id>", methods=["POST"])
@repeatable  # the form's idempotency key makes a second run return the first message
def send(conversation_id: int):
    db = get_session()
    form = MessageForm()
    upload = None
    if form.attachment.data and form.attachment.data.filename:
        upload = (form.attachment.data.filename, form.attachment.data.read())
    try:
        if not form.validate_on_submit():
            raise services.MessageError(" ".join(e for errors in form.errors.values() for e in errors))
        message, created = services.send(
            db, current_user, conversation_id, form.body.data or "", form.client_key.data, upload
        )
        offered = created and notify.offer_push(db, current_user)  # once: notifications on this phone?
    except services.MessageError as problem:
        db.rollback()
        return _form_error(conversation_id, form, str(problem), 422 if _partial_wanted() else 400)
    except Conflict:
        db.rollback()
        return _form_error(conversation_id, form, None, 409)
    db.commit()
    target = url_for("messages.show", conversation_id=conversation_id) + f"#bericht-{message.id}"
    if _partial_wanted():
        conversation, family = services.get(db, current_user, conversation_id)
        after = request.form.get("after", type=int) or 0
        return render_template(
            "messages/_partials/_sent.html",
            conversation=conversation,
            family=family,
            messages=services.thread(db, conversation, after_id=after),
            form=MessageForm.fresh(),
            push_offer=offered,  # the offer comes in beside the new message, the page is not reloaded
        )
    return redirect(target)


def _form_error(conversation_id: int, form: MessageForm, error: str | None, status: int):
    if status == 409:
        error = _(
            "Dit formulier is al gebruikt voor een ander bericht. Laad de pagina opnieuw en stuur je bericht nog een keer."
        )
    if _partial_wanted():
        conversation, family = services.get(get_session(), current_user, conversation_id)
        return render_template(
            "messages/_partials/_form.html",
            conversation=conversation,
            family=family,
            form=form,
            error=error,
            last_id=request.form.get("after", type=int) or 0,
        ), status
    return _thread_page(conversation_id, form=form, status=status, error=error)


@bp.route("/<int:conversation_id>/nieuw")
def poll(conversation_id: int):
    """New messages after `na` (a message id, not personal data); 204 when there are none."""
    db = get_session()
    conversation, family = services.get(db, current_user, conversation_id)
    after = request.args.get("na", type=int) or 0
    messages = services.thread(db, conversation, after_id=after)
    if not messages:
        return "", 204
    services.record_read(db, current_user, conversation, family)  # new messages shown are read too
    db.commit()
    part = render_template("messages/_partials/_new.html", conversation=conversation, family=family, messages=messages)
    services.remember_read(db, current_user, conversation, messages[-1][0].id)
    return part


@bp.route("/bijlage/<int:attachment_id>")
def attachment(attachment_id: int):
    db = get_session()
    attachment, path = services.attachment_for(db, current_user, attachment_id)
    db.commit()  # the download is in the access log when a professional takes it
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=services.download_name(attachment.filename, attachment.content_type),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_context_processor
def unread_badge():
    """`unread_messages()` for the navigation; computed only when a page draws the navigation, and once per page
    (base.html shows the badge in the top and the bottom navigation); not at all when the page counted it already
    (the home page and the message list: services.note_unread_total)."""
    known: list[int] = []

    def unread_messages() -> int:
        user = current_user._get_current_object()  # read once: each read through the proxy costs ~2 µs
        if not (user and user.is_authenticated):
            return 0
        if not known:
            reading = g.get("reading_conversation")
            noted = services.noted_unread_total() if reading is None else None
            known.append(noted if noted is not None else services.unread_total(get_session(), user, reading=reading))
        return known[0]

    return {"unread_messages": unread_messages}
