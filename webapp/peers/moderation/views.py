"""Routes of the peer questions: moderation."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderatie")
