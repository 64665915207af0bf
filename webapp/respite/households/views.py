"""Routes of Steuntje in de rug: households."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("households", __name__, url_prefix="/meldpunt/vrijwilligers")
