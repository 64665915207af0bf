"""Surviving mutants judged equivalent (no test can tell them from the original), with the reason.

Keyed by mutmut's mutant name; the numbers shift when the function changes, so re-check this list when a module's
function is edited (the report shows each survivor's diff).
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {
    "webapp.auth.guards.x_init_app__mutmut_5": (
        "session_protection '' instead of None: flask-login switches the protection off for any false value"
    ),
    "webapp.auth.guards.x_is_public_endpoint__mutmut_13": (
        "getattr default None instead of False: bool() of either is False"
    ),
    "webapp.mentors.workflow.x_start__mutmut_6": "from_status defaults to None: leaving the argument out writes the same row",
}
