"""Routes of the peer questions: questions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("peers", __name__, url_prefix="/vragen")
