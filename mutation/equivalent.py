"""Surviving mutants judged equivalent (no test can tell them from the original), with the reason.

Keyed by mutmut's mutant name; the numbers shift when the function changes, so re-check this list when a module's
function is edited (the report shows each survivor's diff).
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {
    "webapp.mentors.workflow.x_start__mutmut_6": "from_status defaults to None: leaving the argument out writes the same row",
}
