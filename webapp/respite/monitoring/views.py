"""Routes of Steuntje in de rug: monitoring."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respite_monitoring", __name__, url_prefix="/meldpunt/monitoring")
