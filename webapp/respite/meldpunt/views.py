"""Routes of Steuntje in de rug: meldpunt."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meldpunt", __name__, url_prefix="/meldpunt")
