"""Demo mode: the demo story (`flask seed-demo`) and the logins the login page lists. Only with DEMO=1."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from webapp.demo import peers
from webapp.demo.story import DEMO_PEOPLE


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role_label: str
    totp_secret: str | None


def demo_logins() -> list[DemoLogin] | None:
    """The demo logins for the login page, or None outside demo mode."""
    if not current_app.config.get("DEMO"):
        return None
    return [DemoLogin(p.email, p.name, str(p.label), p.totp_secret) for p in (*DEMO_PEOPLE, *peers.PEOPLE) if p.email]
