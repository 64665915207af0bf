"""Routes of Steuntje in de rug: followup."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respite_followup", __name__, url_prefix="/steuntje/verloop")
