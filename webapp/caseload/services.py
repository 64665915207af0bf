"""The regisseur's caseload: per family what needs attention, in a fixed number of statements whatever its size
(built once at import: webapp/caseload/reads.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from sqlmodel import Session

from webapp.caseload import reads
from webapp.clock import today
from webapp.models import Role, User
from webapp.owndata.services import OpenRequest, open_for_regisseur
from webapp.toekomstplan.checklist import ITEMS, eighteenth_birthday

TURNING_18_WITHIN = timedelta(days=183)


class FamilyRef(NamedTuple):
    """Just what the caseload shows of a family (no ORM objects: this page lists dozens of families). Named tuples,
    not dataclasses: the kept table's key holds the rows and compares them in C on every visit."""

    id: int
    name: str


class YouthRef(NamedTuple):
    id: int
    first_name: str


class TurningEighteen(NamedTuple):
    youth: YouthRef
    birthday: date
    checklist_done: int
    checklist_total: int = len(ITEMS)


class CaseloadRow(NamedTuple):
    family: FamilyRef
    plan_id: int | None
    next_evaluation: date | None
    version: int
    open_disagreements: int
    overdue_actions: int
    turning_18: tuple[TurningEighteen, ...] = ()
    data_requests: tuple[OpenRequest, ...] = ()  # correction/erasure, nearest deadline first

    @property
    def needs_attention(self) -> bool:
        return bool(self.open_disagreements or self.overdue_actions or self.turning_18 or self.data_requests)


def caseload(db: Session, regisseur: User) -> list[CaseloadRow]:
    """Her families, the next evaluation first: three statements built once (webapp/caseload/reads.py and the open
    data requests), plain rows, whatever the number of families."""
    if not regisseur.has_role(Role.REGISSEUR):
        return []
    day = today()
    soon: dict[int, list[TurningEighteen]] = {}
    for family_id, youth_id, name, birth_date, ticks in reads.youths_near_18(db, regisseur.id, day, TURNING_18_WITHIN):
        birthday = eighteenth_birthday(birth_date)
        if day <= birthday <= day + TURNING_18_WITHIN:
            youth = YouthRef(youth_id, name.split(" ", 1)[0])
            soon.setdefault(family_id, []).append(TurningEighteen(youth, birthday, ticks))
    requests: dict[int, list[OpenRequest]] = {}
    for request in open_for_regisseur(db, regisseur):
        requests.setdefault(request.family_id, []).append(request)
    rows = [
        CaseloadRow(
            family=FamilyRef(family_id, name),
            plan_id=plan_id,
            next_evaluation=next_evaluation,
            version=version or 0,
            open_disagreements=disagreements or 0,
            overdue_actions=overdue or 0,
            turning_18=tuple(soon.get(family_id, ())),
            data_requests=tuple(requests.get(family_id, ())),
        )
        for family_id, name, plan_id, next_evaluation, version, disagreements, overdue in reads.families(
            db, regisseur.id, day
        )
    ]
    rows.sort(key=lambda r: (r.next_evaluation is None, r.next_evaluation or day, r.family.name))
    return rows
