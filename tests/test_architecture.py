"""Keeps the layering of architecture.md true: views hold no SQL; features call each other through services."""

from __future__ import annotations

import ast
from pathlib import Path

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
FEATURES = {
    "auth", "families", "home", "help", "pwa", "admin", "i18n", "mentors", "appointments", "owndata", "respite", "peers",
    "intake", "safety", "welcome", "content", "sharing", "messages", "plans", "toekomstplan", "notify", "caseload",
}
# Modules of a feature that other features may import.
PUBLIC_MODULES = {
    "services", "policy", "guards", "forms", "tokens", "totp", "sessions", "passwords", "signin", "joining",
    # Definitions without queries that several features share: the 18-checklist, the push texts' language, the
    # message sanitiser, the plan's "whole family" marker.
    "checklist", "payload", "render", "snapshot",
    # The hot pages' reads as plain rows (issue 14): a family with its members, for the rules of other features.
    "reads",
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module + ":" + ",".join(alias.name for alias in node.names))
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_views_do_not_build_queries() -> None:
    for view in WEBAPP.rglob("views.py"):
        for name in _imports(view):
            assert not name.startswith(("sqlmodel:", "sqlalchemy")) or "select" not in name, (view, name)
            assert "select" not in name.split(":")[-1].split(","), (view, name)


def test_features_use_other_features_only_through_their_public_modules() -> None:
    for feature in FEATURES:
        for module in (WEBAPP / feature).rglob("*.py"):
            for name in _imports(module):
                parts = name.split(":")[0].split(".")
                if len(parts) >= 3 and parts[0] == "webapp" and parts[1] in FEATURES and parts[1] != feature:
                    assert parts[2] in PUBLIC_MODULES, (module, name)


def test_every_package_with_pages_is_held_to_these_rules() -> None:
    """A new feature folder (one with views) is checked too, without anyone remembering to add it."""
    with_views = {view.relative_to(WEBAPP).parts[0] for view in WEBAPP.rglob("views.py")}
    assert with_views <= FEATURES, sorted(with_views - FEATURES)
