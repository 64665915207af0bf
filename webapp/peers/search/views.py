"""Routes of the peer questions: search."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("peer_search", __name__, url_prefix="/vragen")
