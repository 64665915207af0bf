"""Steuntje in de rug's public API for other features (home page, plan, demo story): small read functions scoped to
what the acting user may see. Each part's own use-cases live in its folder's services.py."""

from __future__ import annotations
