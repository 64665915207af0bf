"""Routes of the peer questions: the spaces (/vragen), a space's questions, asking, a question with its answers,
"dit hielp mij", aanbevolen, volgen, editing and deleting one's own posts, and one's name in a space."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth.forms import ConfirmForm
from webapp.db import get_session
from webapp.errors import render_error
from webapp.extensions import htmx
from webapp.forms import LANGUAGE_NAMES
from webapp.peers.moderation import services as moderation
from webapp.peers.questions import membership, services
from webapp.peers.questions.forms import AnswerForm, FirstNameForm, NameForm, QuestionForm
from webapp.peers.search import services as search
from webapp.peers.workflow import StepNotAllowed

bp = Blueprint("peers", __name__, url_prefix="/vragen")

SPACE = "<any(pleegouders, jongeren):space>"


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet (meer). Laad de pagina opnieuw."))


@bp.errorhandler(membership.NameAlreadyChanged)
def name_already_changed(_error):
    get_session().rollback()
    return render_error(409, _("Je hebt je schuilnaam al een keer veranderd. Dat kan maar één keer."))


def _checked(data: services.PostData) -> tuple[services.PostData, list]:
    """The identifying-details check: on a first submit the findings (the form is shown again with the warning);
    after the warning the writer decides: "remove" takes them out, "keep" posts as written."""
    names = services.known_names(get_session(), current_user)
    decision = request.form.get("identifying")
    if decision == "remove":
        data.title, data.body = search.remove_identifying(data.title, data.body, names)
        return data, []
    if decision == "keep":
        return data, []
    return data, search.check_post(data.title, data.body, names)


def _page_arg() -> int:
    value = request.args.get("pagina", "")
    return int(value) if value.isdigit() and len(value) <= 6 else 1


def _common(space: str) -> dict:
    return {
        "space": space,
        "space_name": services.SPACE_NAMES[space],
        "topics": services.TOPICS,
        "language_names": LANGUAGE_NAMES,
    }


@bp.route("")
def index():
    db = get_session()
    spaces = membership.spaces_for(db, current_user)
    if not spaces:
        return render_error(404)
    return render_template(
        "peers/questions/index.html",
        spaces=spaces,
        space_names=services.SPACE_NAMES,
        space_intros=services.SPACE_INTROS,
    )


@bp.route(f"/{SPACE}")
def space_page(space: str):
    db = get_session()
    member = services.enter_space(db, current_user, space)
    db.commit()  # the member row of a first entry
    topic = request.args.get("onderwerp") or None
    language = request.args.get("taal") or None
    page = services.visible_questions(
        db, current_user, space, topic=topic, language=language, page=_page_arg(), member=member
    )
    return render_template(
        "peers/questions/space.html",
        **_common(space),
        member=member,
        page=page,
        intro=services.SPACE_INTROS[space],
        topic=topic if topic in services.TOPICS else None,
        language=language if language in LANGUAGE_NAMES else None,
        my_name=membership.display_name(member, current_user.first_name),
    )


# --- asking ------------------------------------------------------------------------------------------------------


def _render_new(space: str, form: QuestionForm, status: int = 200, error: str | None = None, member=None, findings=()):
    return render_template(
        "peers/questions/new.html",
        **_common(space),
        form=form,
        error=error,
        findings=findings,
        my_name=membership.display_name(member, current_user.first_name) if member else "",
    ), status


@bp.route(f"/{SPACE}/nieuw", methods=["GET", "POST"])
def new(space: str):
    db = get_session()
    member = services.enter_space(db, current_user, space)
    if request.method == "GET":
        db.commit()
        form = QuestionForm(formdata=None, language=current_user.language)
        return _render_new(space, form, member=member)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render_new(space, form, 400, member=member)
    data, findings = _checked(form.to_data())
    if findings:
        return _render_new(space, form, member=member, findings=findings)
    try:
        question = services.ask(db, current_user, space, data)
    except services.PostInvalid as invalid:
        db.rollback()
        form.show_errors(invalid.errors)
        return _render_new(space, form, 400, error=invalid.errors.get(""), member=member)
    db.commit()
    if question.status == "published":
        flash(_("Je vraag staat erop. Je krijgt een bericht als iemand antwoordt."), "success")
    else:
        flash(_("Je vraag wacht op een moderator. Pas daarna kunnen anderen hem lezen."), "info")
    return redirect(url_for("peers.show", space=space, question_id=question.id))


# --- a question --------------------------------------------------------------------------------------------------


def _question_page(space: str, question_id: int, answer_form: AnswerForm | None = None, status: int = 200, findings=()):
    db = get_session()
    view = services.question_page(db, current_user, space, question_id)
    if status < 400:
        db.commit()  # the member row of a first entry (a refused form writes nothing: it is made on the next page)
    posts = [view.question, *view.answers]
    held_for_crisis = any(p.mine and p.post.held_reason == "crisis" for p in posts)
    return render_template(
        "peers/questions/question.html",
        **_common(space),
        view=view,
        findings=findings,
        crisis=moderation.crisis_help(db, current_user) if held_for_crisis else None,
        flagged_ids=moderation.flagged_post_ids(db, current_user, [p.post.id for p in posts]),
        viewer_member_id=view.member.id,
        answer_form=answer_form or AnswerForm(formdata=None, language=current_user.language),
        confirm=ConfirmForm(formdata=None),
    ), status


@bp.route(f"/{SPACE}/<int:question_id>")
def show(space: str, question_id: int):
    return _question_page(space, question_id)


@bp.route(f"/{SPACE}/<int:question_id>/antwoorden", methods=["POST"])
def answer(space: str, question_id: int):
    db = get_session()
    form = AnswerForm()
    if not form.validate_on_submit():
        return _question_page(space, question_id, form, 400)
    data, findings = _checked(form.to_data())
    if findings:
        return _question_page(space, question_id, form, findings=findings)
    try:
        post = services.answer(db, current_user, space, question_id, data)
    except services.PostInvalid as invalid:
        db.rollback()
        form.show_errors({k or "body": v for k, v in invalid.errors.items()})
        return _question_page(space, question_id, form, 400)
    db.commit()
    if post.status == "published":
        flash(_("Je antwoord staat erop. Dank je wel!"), "success")
    else:
        flash(_("Je antwoord wacht op een moderator. Pas daarna kunnen anderen het lezen."), "info")
    return redirect(url_for("peers.show", space=space, question_id=question_id) + f"#bericht-{post.id}")


def _confirmed() -> bool:
    return ConfirmForm().validate_on_submit()


def _back(space: str, question_id: int, anchor: str = ""):
    return redirect(url_for("peers.show", space=space, question_id=question_id) + anchor)


@bp.route(f"/{SPACE}/<int:question_id>/hielp", methods=["POST"])
def accept(space: str, question_id: int):
    db = get_session()
    if not _confirmed():
        return render_error(400)
    value = request.form.get("antwoord", "")
    answer_id = int(value) if value.isdigit() and len(value) <= 18 else None
    services.accept(db, current_user, space, question_id, answer_id)
    db.commit()
    if answer_id:
        flash(_("Fijn dat dit antwoord je hielp. Het staat nu bovenaan. De schrijver krijgt een bericht."), "success")
        return _back(space, question_id, f"#bericht-{answer_id}")
    return _back(space, question_id)


@bp.route(f"/{SPACE}/<int:question_id>/<int:post_id>/aanbevelen", methods=["POST"])
def recommend(space: str, question_id: int, post_id: int):
    db = get_session()
    if not _confirmed():
        return render_error(400)
    services.recommend(db, current_user, space, question_id, post_id, request.form.get("aan") != "nee")
    db.commit()
    return _back(space, question_id, f"#bericht-{post_id}")


@bp.route(f"/{SPACE}/<int:question_id>/volgen", methods=["POST"])
def follow(space: str, question_id: int):
    db = get_session()
    if not _confirmed():
        return render_error(400)
    on = services.follow(db, current_user, space, question_id, request.form.get("volgen") != "nee")
    db.commit()
    if htmx and not htmx.boosted:
        return render_template(
            "peers/questions/_follow.html",
            space=space,
            question_id=question_id,
            following=on,
            confirm=ConfirmForm(formdata=None),
            just_changed=True,
        )
    flash(
        _("Je volgt deze vraag. Je krijgt een bericht bij een nieuw antwoord.")
        if on
        else _("Je volgt deze vraag niet meer."),
        "success",
    )
    return _back(space, question_id)


# --- editing and deleting one's own posts -------------------------------------------------------------------------


@bp.route(f"/{SPACE}/<int:question_id>/<int:post_id>/wijzigen", methods=["GET", "POST"])
def edit(space: str, question_id: int, post_id: int):
    db = get_session()
    question, post = services.post_for_edit(db, current_user, space, question_id, post_id)
    form_class = QuestionForm if post.kind == "vraag" else AnswerForm
    if request.method == "GET":
        db.commit()
        form = form_class(
            formdata=None, body=post.body, language=post.language, title=post.title, topics=list(post.topics)
        )
        return _render_edit(space, question, post, form)
    form = form_class()
    if not form.validate_on_submit():
        return _render_edit(space, question, post, form, 400)
    data, findings = _checked(form.to_data())
    if findings:
        return _render_edit(space, question, post, form, findings=findings)
    try:
        services.edit(db, current_user, space, question_id, post_id, data)
    except services.PostInvalid as invalid:
        db.rollback()
        form.show_errors(invalid.errors)
        return _render_edit(space, question, post, form, 400)
    db.commit()
    flash(_("Je wijziging is opgeslagen."), "success")
    return _back(space, question_id, f"#bericht-{post_id}")


def _render_edit(space, question, post, form, status: int = 200, findings=()):
    return render_template(
        "peers/questions/edit.html", **_common(space), question=question, post=post, form=form, findings=findings
    ), status


@bp.route(f"/{SPACE}/<int:question_id>/<int:post_id>/verwijderen", methods=["GET", "POST"])
def delete(space: str, question_id: int, post_id: int):
    db = get_session()
    question, post = services.post_for_edit(db, current_user, space, question_id, post_id)
    if request.method == "POST":
        if not _confirmed():
            return render_error(400)
        services.delete(db, current_user, space, question_id, post_id)
        db.commit()
        flash(_("Je bericht is verwijderd. De tekst is weg."), "success")
        if post.id == question.id:
            return redirect(url_for("peers.space_page", space=space))
        return _back(space, question_id)
    db.commit()
    return render_template(
        "peers/questions/delete.html",
        **_common(space),
        question=question,
        post=post,
        confirm=ConfirmForm(formdata=None),
    )


# --- my name in a space ------------------------------------------------------------------------------------------


def _render_name(space: str, member, name_form: NameForm, first_form: FirstNameForm, status: int = 200):
    return render_template(
        "peers/questions/name.html",
        **_common(space),
        member=member,
        name_form=name_form,
        first_form=first_form,
        first_name=current_user.first_name,
        my_name=membership.display_name(member, current_user.first_name),
    ), status


@bp.route(f"/{SPACE}/naam", methods=["GET", "POST"])
def name(space: str):
    db = get_session()
    member = services.enter_space(db, current_user, space)
    first_form = FirstNameForm(formdata=None, use_first_name=member.use_first_name)
    if request.method == "GET":
        db.commit()
        suggestions = membership.name_suggestions(db, current_user, space)
        return _render_name(space, member, NameForm(formdata=None).with_suggestions(suggestions), first_form)
    suggestions = [s for s in request.form.getlist("voorstel")[:6] if len(s) <= 60]
    name_form = NameForm().with_suggestions(suggestions)
    if not name_form.validate_on_submit():
        return _render_name(space, member, name_form, first_form, 400)
    chosen = name_form.chosen()
    if not chosen.strip():
        name_form.choice.errors = [_("Kies een naam, of typ er zelf een.")]
        return _render_name(space, member, name_form, first_form, 400)
    try:
        membership.change_pseudonym(db, current_user, member, chosen)
    except membership.NameInvalid as invalid:
        db.rollback()
        target = name_form.own if name_form.choice.data == "eigen" or not name_form.choice.data else name_form.choice
        target.errors = [str(invalid)]
        return _render_name(space, member, name_form, first_form, 400)
    db.commit()
    flash(_("Je nieuwe schuilnaam is %(name)s.", name=member.pseudonym), "success")
    return redirect(url_for("peers.name", space=space))


@bp.route(f"/{SPACE}/voornaam", methods=["POST"])
def first_name(space: str):
    db = get_session()
    member = services.enter_space(db, current_user, space)
    form = FirstNameForm()
    if not form.validate_on_submit():
        return render_error(400)
    membership.set_use_first_name(db, current_user, member, bool(form.use_first_name.data))
    db.commit()
    flash(
        _("Anderen zien nu je voornaam bij je berichten.")
        if member.use_first_name
        else _("Anderen zien nu je schuilnaam bij je berichten."),
        "success",
    )
    return redirect(url_for("peers.name", space=space))
