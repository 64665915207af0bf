"""Routes of Steuntje in de rug: signup."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("aanmelden", __name__, url_prefix="/aanmelden")
