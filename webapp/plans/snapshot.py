"""Freezing the draft plan into a version, and comparing two versions in words people understand.

A snapshot is plain JSON: ids stay stable across versions (they are the draft rows' ids), so a comparison can tell
"changed" from "added" and "removed".

Every part carries whom it is about, so the family's view and the comparison can apply the age and sharing rules per
part: "about_user_id" None is the whole family, a number is one person ("about_name" her first name for the page).
A part without an "about_user_id" key (snapshots published before parts said whom they are about, migration 0008), or
with "about_unknown", is about nobody knows whom: `about_of` answers UNKNOWN and webapp/auth/policy.py
(`can_see_part_about_anyone`) decides. Old snapshots hold "situation" and "agreements" as one string each: `texts`
reads both layouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.models import Plan, TextKind, User, ZrmDomain, ZrmScore

FAMILY = "gezin"  # a part about the whole family
UNKNOWN = "onbekend"  # a part written before parts said whom they are about
About = int | str  # a person's user id, FAMILY or UNKNOWN


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def latest_zrm(scores: list[ZrmScore]) -> dict[str, ZrmScore]:
    latest: dict[str, ZrmScore] = {}
    for score in scores:
        current = latest.get(score.domain)
        if current is None or (score.assessed_on, score.id or 0) > (current.assessed_on, current.id or 0):
            latest[score.domain] = score
    return latest


def about_key(about_user_id: int | None, unknown: bool = False) -> About:
    """The "about" of a draft row or version: a user id, FAMILY or UNKNOWN."""
    if unknown:
        return UNKNOWN
    return FAMILY if about_user_id is None else about_user_id


def about_of(part: dict) -> About:
    """Whom a snapshot part is about; parts from before migration 0008 have no "about_user_id" key."""
    if "about_user_id" not in part or part.get("about_unknown"):
        return UNKNOWN
    return about_key(part["about_user_id"])


def _about(about_user_id: int | None, unknown: bool, people: dict[int, User]) -> dict:
    fields: dict = {"about_user_id": about_user_id, "about_name": None}
    if unknown:
        fields["about_unknown"] = True
    elif about_user_id in people:
        fields["about_name"] = people[about_user_id].first_name
    return fields


def _order(people: dict[int, User]):
    """Parts in a stable order: the whole family first, then the family's members in order, unknown last."""
    positions = {user_id: n for n, user_id in enumerate(people)}

    def key(part: dict) -> tuple[int, int]:
        about = about_of(part)
        if about == FAMILY:
            return (0, 0)
        if about == UNKNOWN:
            return (2, 0)
        return (1, positions.get(about, len(positions)))

    return key


def latest_zrm_by_about(scores: list[ZrmScore]) -> dict[About, dict[str, ZrmScore]]:
    """The newest score per domain, per whom the assessment is about."""
    groups: dict[About, list[ZrmScore]] = {}
    for score in scores:
        groups.setdefault(about_key(score.about_user_id, score.about_unknown), []).append(score)
    return {about: latest_zrm(group) for about, group in groups.items()}


def take(plan: Plan, zrm_scores: list[ZrmScore], people: dict[int, User]) -> dict:
    """The draft as a JSON-serialisable snapshot; `people` are the family's members, in order."""
    order = _order(people)
    texts: dict[str, list[dict]] = {kind.value: [] for kind in TextKind}
    for kind, text in ((TextKind.SITUATION, plan.situation), (TextKind.AGREEMENTS, plan.agreements)):
        if text:
            texts[kind].append({**_about(None, False, people), "text": text})
    for row in plan.texts:
        texts[row.kind].append({**_about(row.about_user_id, row.about_unknown, people), "text": row.text})
    zrm = [
        {
            "domain": domain.value,
            "score": latest[domain].score,
            "assessed_on": _iso(latest[domain].assessed_on),
            **_about(latest[domain].about_user_id, latest[domain].about_unknown, people),
        }
        for latest in latest_zrm_by_about(zrm_scores).values()
        for domain in ZrmDomain
        if domain in latest
    ]
    return {
        "situation": sorted(texts[TextKind.SITUATION], key=order),
        "agreements": sorted(texts[TextKind.AGREEMENTS], key=order),
        "next_evaluation": _iso(plan.next_evaluation),
        "goals": [
            {
                "id": goal.id,
                "about_user_id": goal.about_user_id,
                "about_name": people[goal.about_user_id].first_name if goal.about_user_id in people else None,
                "title": goal.title,
                "status": goal.status,
                "target_date": _iso(goal.target_date),
                "notes": [{"id": n.id, "text": n.text, "date": _iso(n.created_at.date())} for n in goal.notes],
            }
            for goal in plan.goals
        ],
        "actions": [
            {
                "id": action.id,
                "goal_id": action.goal_id,
                "what": action.what,
                "who": action.who,
                "due_date": _iso(action.due_date),
                "done": action.done,
            }
            for action in plan.actions
        ],
        "involved": [
            {
                "id": i.id,
                "name": i.name,
                "role": i.role,
                "organisation": i.organisation,
                "contact": i.contact,
                **_about(i.about_user_id, i.about_unknown, people),
            }
            for i in plan.involved
        ],
        "zrm": sorted(zrm, key=order),  # stable sort: per group the official order of the domains
    }


def texts(content: dict, kind: str) -> list[dict]:
    """The parts of "situation" or "agreements" in either layout (one string in snapshots before migration 0008)."""
    value = content.get(kind)
    if not value:
        return []
    if isinstance(value, str):
        return [{"about_unknown": True, "about_name": None, "text": value}]
    return value


@dataclass(frozen=True)
class Change:
    """One difference between two versions. `kind` picks the sentence the template shows."""

    kind: str  # goal_added, goal_removed, goal_title, goal_status, goal_target, goal_note, action_added,
    # action_removed, action_done, action_reopened, action_changed, involved_added, involved_removed, zrm, situation,
    # agreements, evaluation (for the last three an empty `after` means the text or date was taken out)
    goal_id: int | None = None  # for filtering what the viewer may see
    subject: str = ""  # the goal title, action, person or ZRM domain
    before: str | None = None
    after: str | None = None
    about: About | None = None  # for parts other than goals and actions: whom the changed part is about
    about_name: str | None = None  # her first name, to say so in the sentence


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def compare(old: dict | None, new: dict) -> list[Change]:
    """What changed from `old` to `new` (everything is new when there is no older version)."""
    old = old or {"goals": [], "actions": [], "involved": [], "zrm": []}
    changes: list[Change] = []
    for kind in ("situation", "agreements"):
        changes += _text_changes(kind, texts(old, kind), texts(new, kind))
    if (old.get("next_evaluation") or None) != (new.get("next_evaluation") or None):
        changes.append(
            Change("evaluation", before=old.get("next_evaluation"), after=new.get("next_evaluation"), about=FAMILY)
        )
    changes += _goal_changes(_by_id(old["goals"]), _by_id(new["goals"]))
    changes += _action_changes(_by_id(old["actions"]), _by_id(new["actions"]))
    old_involved, new_involved = _by_id(old["involved"]), _by_id(new["involved"])
    changes += [
        Change("involved_added", subject=part["name"], about=about_of(part), about_name=part.get("about_name"))
        for i, part in new_involved.items()
        if i not in old_involved
    ]
    changes += [
        Change("involved_removed", subject=part["name"], about=about_of(part), about_name=part.get("about_name"))
        for i, part in old_involved.items()
        if i not in new_involved
    ]
    old_zrm = {(about_of(z), z["domain"]): z["score"] for z in old["zrm"]}
    for z in new["zrm"]:
        about = about_of(z)
        before = old_zrm.get((about, z["domain"]))
        if before != z["score"]:
            changes.append(
                Change(
                    "zrm",
                    subject=z["domain"],
                    before=str(before) if before else None,
                    after=str(z["score"]),
                    about=about,
                    about_name=z.get("about_name"),
                )
            )
    return changes


def _text_changes(kind: str, old: list[dict], new: list[dict]) -> list[Change]:
    """Per part (whom it is about): written anew or taken out."""
    before = {about_of(part): part for part in old}
    after = {about_of(part): part for part in new}
    changes = []
    for about in [*after, *(a for a in before if a not in after)]:
        old_text = before[about]["text"] if about in before else ""
        new_text = after[about]["text"] if about in after else ""
        if old_text != new_text:
            name = (after.get(about) or before[about]).get("about_name")
            changes.append(Change(kind, before=old_text, after=new_text, about=about, about_name=name))
    return changes


def _goal_changes(old: dict[int, dict], new: dict[int, dict]) -> list[Change]:
    changes = []
    for goal_id, goal in new.items():
        before = old.get(goal_id)
        if before is None:
            changes.append(Change("goal_added", goal_id, goal["title"]))
            continue
        if before["title"] != goal["title"]:
            changes.append(Change("goal_title", goal_id, goal["title"], before["title"], goal["title"]))
        if before["status"] != goal["status"]:
            changes.append(Change("goal_status", goal_id, goal["title"], before["status"], goal["status"]))
        if before["target_date"] != goal["target_date"]:
            changes.append(Change("goal_target", goal_id, goal["title"], before["target_date"], goal["target_date"]))
        old_notes = {n["id"] for n in before["notes"]}
        changes += [
            Change("goal_note", goal_id, goal["title"], after=n["text"])
            for n in goal["notes"]
            if n["id"] not in old_notes
        ]
    changes += [Change("goal_removed", goal_id, goal["title"]) for goal_id, goal in old.items() if goal_id not in new]
    return changes


def _action_changes(old: dict[int, dict], new: dict[int, dict]) -> list[Change]:
    changes = []
    for action_id, action in new.items():
        before = old.get(action_id)
        if before is None:
            changes.append(Change("action_added", action["goal_id"], action["what"], after=action["who"]))
        elif action["done"] and not before["done"]:
            changes.append(Change("action_done", action["goal_id"], action["what"]))
        elif before["done"] and not action["done"]:
            changes.append(Change("action_reopened", action["goal_id"], action["what"]))
        elif any(before[key] != action[key] for key in ("what", "who", "due_date")):
            changes.append(Change("action_changed", action["goal_id"], action["what"], before["what"], action["who"]))
    changes += [Change("action_removed", a["goal_id"], a["what"]) for a_id, a in old.items() if a_id not in new]
    return changes
