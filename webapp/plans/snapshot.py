"""Freezing the draft plan into a version, and comparing two versions in words people understand.

A snapshot is plain JSON: ids stay stable across versions (they are the draft rows' ids), so a comparison can tell
"changed" from "added" and "removed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.models import Plan, User, ZrmDomain, ZrmScore


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def latest_zrm(scores: list[ZrmScore]) -> dict[str, ZrmScore]:
    latest: dict[str, ZrmScore] = {}
    for score in scores:
        current = latest.get(score.domain)
        if current is None or (score.assessed_on, score.id or 0) > (current.assessed_on, current.id or 0):
            latest[score.domain] = score
    return latest


def take(plan: Plan, zrm_scores: list[ZrmScore], people: dict[int, User]) -> dict:
    """The draft as a JSON-serialisable snapshot."""
    latest = latest_zrm(zrm_scores)
    return {
        "situation": plan.situation,
        "agreements": plan.agreements,
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
            {"id": i.id, "name": i.name, "role": i.role, "organisation": i.organisation, "contact": i.contact}
            for i in plan.involved
        ],
        "zrm": [
            {"domain": domain.value, "score": latest[domain].score, "assessed_on": _iso(latest[domain].assessed_on)}
            for domain in ZrmDomain
            if domain in latest
        ],
    }


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


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def compare(old: dict | None, new: dict) -> list[Change]:
    """What changed from `old` to `new` (everything is new when there is no older version)."""
    old = old or {"goals": [], "actions": [], "involved": [], "zrm": []}
    changes: list[Change] = []
    for field, kind in (("situation", "situation"), ("agreements", "agreements"), ("next_evaluation", "evaluation")):
        if (old.get(field) or None) != (new.get(field) or None):
            changes.append(Change(kind, before=old.get(field), after=new.get(field)))
    changes += _goal_changes(_by_id(old["goals"]), _by_id(new["goals"]))
    changes += _action_changes(_by_id(old["actions"]), _by_id(new["actions"]))
    old_involved, new_involved = _by_id(old["involved"]), _by_id(new["involved"])
    changes += [
        Change("involved_added", subject=new_involved[i]["name"]) for i in new_involved.keys() - old_involved.keys()
    ]
    changes += [
        Change("involved_removed", subject=old_involved[i]["name"]) for i in old_involved.keys() - new_involved.keys()
    ]
    old_zrm = {z["domain"]: z["score"] for z in old["zrm"]}
    for z in new["zrm"]:
        if old_zrm.get(z["domain"]) != z["score"]:
            before = old_zrm.get(z["domain"])
            changes.append(
                Change("zrm", subject=z["domain"], before=str(before) if before else None, after=str(z["score"]))
            )
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
