"""Routes of the peer questions: roster."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("peer_roster", __name__, url_prefix="/vragen")
