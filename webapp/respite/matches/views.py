"""Routes of Steuntje in de rug: matches."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respite_matches", __name__, url_prefix="/steuntje/koppeling")
