"""Routes of Steuntje in de rug: requests."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respite_requests", __name__, url_prefix="/steuntje")
