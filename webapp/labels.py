"""Translated labels for stored codes (roles, relations), shared by templates and forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.models import (
    Answer,
    AppointmentKind,
    AuditAction,
    FutureDomain,
    GoalStatus,
    MentorRelation,
    MentorshipStatus,
    Relation,
    Role,
    ZrmDomain,
)

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
    Role.REDACTEUR: _l("redacteur"),
}

RELATION_LABELS = {
    Relation.JONGERE: _l("jongere / kind"),
    Relation.OUDER: _l("ouder of verzorger"),
    Relation.PLEEGOUDER: _l("pleegouder"),
    Relation.OTHER: _l("iemand anders uit het gezin"),
}

GOAL_STATUS_LABELS = {
    GoalStatus.NEW: _l("nog niet begonnen"),
    GoalStatus.BUSY: _l("we zijn bezig"),
    GoalStatus.REACHED: _l("gehaald"),
    GoalStatus.STOPPED: _l("gestopt"),
}

ZRM_LABELS = {
    ZrmDomain.FINANCIEN: _l("Geld"),
    ZrmDomain.DAGBESTEDING: _l("Werk, school of dagbesteding"),
    ZrmDomain.HUISVESTING: _l("Wonen"),
    ZrmDomain.HUISELIJKE_RELATIES: _l("Relaties thuis"),
    ZrmDomain.GEESTELIJKE_GEZONDHEID: _l("Hoe je je voelt (geestelijke gezondheid)"),
    ZrmDomain.LICHAMELIJKE_GEZONDHEID: _l("Je lichaam (lichamelijke gezondheid)"),
    ZrmDomain.VERSLAVING: _l("Verslaving"),
    ZrmDomain.ADL: _l("Dagelijkse dingen zelf doen"),
    ZrmDomain.SOCIAAL_NETWERK: _l("Mensen om je heen"),
    ZrmDomain.MAATSCHAPPELIJKE_PARTICIPATIE: _l("Meedoen in de buurt en de maatschappij"),
    ZrmDomain.JUSTITIE: _l("Politie en justitie"),
}

ZRM_SCORE_LABELS = {
    1: _l("1 – acute problemen"),
    2: _l("2 – niet zelfredzaam"),
    3: _l("3 – beperkt zelfredzaam"),
    4: _l("4 – voldoende zelfredzaam"),
    5: _l("5 – helemaal zelfredzaam"),
}

FUTURE_DOMAIN_LABELS = {
    FutureDomain.WONEN: _l("Wonen"),
    FutureDomain.SCHOOL: _l("School"),
    FutureDomain.WERK: _l("Werk"),
    FutureDomain.INKOMEN: _l("Geld en inkomen"),
    FutureDomain.RELATIES: _l("Vrienden en relaties"),
    FutureDomain.VRIJE_TIJD: _l("Vrije tijd"),
    FutureDomain.ZORG: _l("Zorg en hulp"),
}

# What a professional did, as the family reads it in the access log.
AUDIT_EVENT_LABELS = {
    ("gezinsplan", AuditAction.READ): _l("heeft het gezinsplan bekeken"),
    ("gezinsplan", AuditAction.CHANGE): _l("heeft het gezinsplan veranderd"),
    ("gezinsplan", AuditAction.PRINT): _l("heeft het gezinsplan geprint"),
    ("gezinsplan", AuditAction.EXPORT): _l("heeft het gezinsplan gedownload"),
    ("toekomstplan", AuditAction.READ): _l("heeft een toekomstplan bekeken"),
    ("toekomstplan", AuditAction.CHANGE): _l("heeft een toekomstplan veranderd"),
    ("toekomstplan", AuditAction.PRINT): _l("heeft een toekomstplan geprint"),
    ("toekomstplan", AuditAction.EXPORT): _l("heeft een toekomstplan gedownload"),
    ("mentorschap", AuditAction.READ): _l("heeft de aanmelding van een JIM-mentor bekeken"),
    ("mentorschap", AuditAction.CHANGE): _l("heeft over een JIM-mentor beslist"),
    ("afspraak", AuditAction.READ): _l("heeft een afspraak bekeken"),
    ("afspraak", AuditAction.CHANGE): _l("heeft een afspraak gemaakt of veranderd"),
    ("gezin", AuditAction.READ): _l("heeft bekeken wie er bij jullie gezin horen"),
    ("gezinsgesprek", AuditAction.READ): _l("heeft de berichten van het gezin gelezen"),
    ("privegesprek", AuditAction.READ): _l("heeft berichten gelezen uit een eigen gesprek met de regisseur"),
    ("mentorgesprek", AuditAction.READ): _l("heeft berichten met de JIM-mentor gelezen"),
    ("jimgesprek", AuditAction.READ): _l("heeft berichten tussen een jongere en de JIM-mentor gelezen"),
    ("bijlage", AuditAction.EXPORT): _l("heeft een foto of pdf uit de berichten gedownload"),
    ("steunaanvraag", AuditAction.READ): _l("heeft jullie aanvraag voor Steuntje in de rug bekeken"),
    ("steunaanvraag", AuditAction.CHANGE): _l("heeft jullie aanvraag voor Steuntje in de rug een stap verder gezet"),
    ("steuntjegesprek", AuditAction.READ): _l("heeft jullie berichten met het meldpunt Steuntje in de rug gelezen"),
    ("vragen-identiteit", AuditAction.READ): _l("heeft gekeken wie achter een schuilnaam bij Vraag het een ander zit"),
    ("aanmelding", AuditAction.CHANGE): _l("heeft jullie gezin aangemeld bij OnsPlan"),
    # the new regisseur's name is the row's subject (webapp/intake/handover.py)
    ("regisseur", AuditAction.CHANGE): _l("heeft het gezin overgedragen aan een andere regisseur"),
}

MENTOR_RELATION_LABELS = {
    MentorRelation.OOM_TANTE: _l("oom of tante"),
    MentorRelation.OPA_OMA: _l("opa of oma"),
    MentorRelation.BROER_ZUS: _l("broer of zus"),
    MentorRelation.NEEF_NICHT: _l("neef of nicht"),
    MentorRelation.BUUR: _l("buurman of buurvrouw"),
    MentorRelation.COACH: _l("coach of trainer"),
    MentorRelation.DOCENT: _l("docent"),
    MentorRelation.FAMILIEVRIEND: _l("vriend of vriendin van de familie"),
    MentorRelation.ANDERS: _l("iemand anders"),
}

MENTORSHIP_STATUS_LABELS = {
    MentorshipStatus.GENOMINEERD: _l("Gekozen"),
    MentorshipStatus.UITGENODIGD: _l("Uitgenodigd"),
    MentorshipStatus.GEACCEPTEERD: _l("Heeft ja gezegd"),
    MentorshipStatus.ACTIEF: _l("Is mentor"),
    MentorshipStatus.AFGEWEZEN: _l("Gaat niet door"),
    MentorshipStatus.INGETROKKEN: _l("Gestopt"),
    MentorshipStatus.BEEINDIGD: _l("Gestopt"),
}

APPOINTMENT_KIND_LABELS = {
    AppointmentKind.KENNISMAKING: _l("Kennismaking"),
    AppointmentKind.JIM_OVERLEG: _l("JIM-overleg"),
    AppointmentKind.EVALUATIE: _l("Evaluatie"),
    AppointmentKind.INTAKE: _l("Intakegesprek Steuntje in de rug"),
    AppointmentKind.ANDERS: _l("Andere afspraak"),
}

ANSWER_LABELS = {
    Answer.OPEN: _l("nog geen antwoord"),
    Answer.BEVESTIGD: _l("bevestigd"),
    Answer.AFGEWEZEN: _l("kan niet"),
    Answer.ANDERE_TIJD: _l("stelt een andere tijd voor"),
}
