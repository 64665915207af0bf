"""Translated labels for stored codes (roles, relations), shared by templates and forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.models import Relation, Role

ROLE_LABELS = {
    Role.JONGERE: _l("jongere"),
    Role.OUDER: _l("ouder"),
    Role.PLEEGOUDER: _l("pleegouder"),
    Role.MENTOR: _l("mentor"),
    Role.STEUNGEZIN: _l("steungezin"),
    Role.REGISSEUR: _l("regisseur"),
    Role.COORDINATOR: _l("coördinator"),
    Role.MODERATOR: _l("moderator"),
    Role.BEHEERDER: _l("beheerder"),
}

RELATION_LABELS = {
    Relation.JONGERE: _l("jongere / kind"),
    Relation.OUDER: _l("ouder of verzorger"),
    Relation.PLEEGOUDER: _l("pleegouder"),
    Relation.OTHER: _l("iemand anders uit het gezin"),
}
