"""OnsPlan: the family's own plan (1 Gezin 1 Plan 1 Regisseur) on a phone.

`create_app` wires extensions and blueprints; it does no I/O, so tests choose their own database.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import format_date, format_datetime, format_number, format_timedelta
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import compression, db, errors, fragments, i18n, kept_html, mail, retry, security, shell
from webapp.admin.views import bp as admin_bp
from webapp.appointments.views import bp as appointments_bp
from webapp.auth import guards
from webapp.auth.passwords import MIN_LENGTH
from webapp.auth.views import bp as auth_bp
from webapp.cli import register as register_cli
from webapp.clock import age_on, to_local, utcnow
from webapp.config import PROJECT_ROOT, Config
from webapp.content.articles.views import bp as articles_bp
from webapp.content.editor.views import bp as editor_bp
from webapp.content.views import bp as content_bp
from webapp.cookie_session import CookieSessionInterface
from webapp.extensions import csrf, htmx, limiter, login_manager
from webapp.families.views import bp as families_bp
from webapp.families.views import joining_bp
from webapp.help.views import bp as help_bp
from webapp.home.views import bp as home_bp
from webapp.i18n.views import bp as i18n_bp
from webapp.intake.views import bp as intake_bp
from webapp.labels import (
    ANSWER_LABELS,
    APPOINTMENT_KIND_LABELS,
    AUDIT_EVENT_LABELS,
    FUTURE_DOMAIN_LABELS,
    GOAL_STATUS_LABELS,
    MENTOR_RELATION_LABELS,
    MENTORSHIP_STATUS_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
    ZRM_LABELS,
    ZRM_SCORE_LABELS,
)
from webapp.mentors.views import bp as mentors_bp
from webapp.messages.render import message_html
from webapp.messages.views import bp as messages_bp
from webapp.notify.views import bp as notify_bp
from webapp.owndata.views import bp as owndata_bp
from webapp.peers import BLUEPRINTS as PEER_BLUEPRINTS
from webapp.plans.editor import bp as plan_editor_bp
from webapp.plans.translation_views import bp as plan_translations_bp
from webapp.plans.views import bp as plans_bp
from webapp.pwa.views import bp as pwa_bp
from webapp.request_data import FormRequest
from webapp.respite import BLUEPRINTS as RESPITE_BLUEPRINTS
from webapp.safety.views import bp as safety_bp
from webapp.sharing.views import bp as sharing_bp
from webapp.sync_functions import answer_once_for_registered_functions
from webapp.templating import ImportingTemplate
from webapp.toekomstplan.views import bp as toekomstplan_bp
from webapp.welcome.views import bp as welcome_bp

BLUEPRINTS = (
    auth_bp,
    home_bp,
    families_bp,
    joining_bp,
    plans_bp,
    plan_editor_bp,
    plan_translations_bp,
    toekomstplan_bp,
    sharing_bp,
    messages_bp,
    safety_bp,
    mentors_bp,
    appointments_bp,
    notify_bp,
    owndata_bp,
    content_bp,
    editor_bp,
    articles_bp,
    help_bp,
    i18n_bp,
    pwa_bp,
    admin_bp,
    intake_bp,
    welcome_bp,
)


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.request_class = FormRequest  # form fields without NUL (PostgreSQL refuses it): see webapp/request_data.py
    app.session_interface = CookieSessionInterface()  # Flask's signed cookie, its signer made once
    app.config.from_mapping(config.as_mapping())
    if proxies := app.config["TRUSTED_PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.jinja_env.template_class = ImportingTemplate  # imports without repeated work: see webapp/templating.py
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["todate"] = date.fromisoformat
    app.jinja_env.globals.update(
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,
        format_timedelta=format_timedelta,
        message_html=message_html,
        now=utcnow,
        age_on=age_on,
        password_min_length=MIN_LENGTH,
        role_labels=ROLE_LABELS,
        relation_labels=RELATION_LABELS,
        goal_status_labels=GOAL_STATUS_LABELS,
        zrm_labels=ZRM_LABELS,
        zrm_score_labels=ZRM_SCORE_LABELS,
        future_domain_labels=FUTURE_DOMAIN_LABELS,
        audit_event_labels=AUDIT_EVENT_LABELS,
        mentor_relation_labels=MENTOR_RELATION_LABELS,
        mentorship_status_labels=MENTORSHIP_STATUS_LABELS,
        appointment_kind_labels=APPOINTMENT_KIND_LABELS,
        answer_labels=ANSWER_LABELS,
        to_local=to_local,
    )

    db.init_app(app)
    mail.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    guards.init_app(app)
    login_manager.login_message = _l("Log eerst in om deze pagina te zien.")
    login_manager.login_message_category = "info"
    security.init_app(app)
    compression.init_app(app)  # after security: see webapp/compression.py
    errors.init_app(app)
    retry.init_app(app)
    shell.init_app(app)
    kept_html.init_app(app)
    fragments.init_app(app)  # an unknown FRAGMENT_CACHE_URL fails here; the release fingerprint before forking
    for blueprint in (*BLUEPRINTS, *RESPITE_BLUEPRINTS, *PEER_BLUEPRINTS):
        app.register_blueprint(blueprint)
    register_cli(app)
    answer_once_for_registered_functions(app)  # last: every hook and view is registered (webapp/sync_functions.py)
    return app
