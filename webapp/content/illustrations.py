"""Illustrations of the Informatie articles: drawings in static/img/informatie/, chosen per article.

Each drawing shows different families (a mother in a headscarf, a grandfather, two fathers, a child in a
wheelchair, an uncle as mentor …), so that no reader has to guess whether "a family" means theirs. They are
decorative (the article says everything in words): shown with an empty alt text, never carrying information.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = "img/informatie"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / FOLDER

# The library's front page; and per article (by slug) its drawing. Articles without one show none.
INDEX = "gezinnen.svg"
BY_ARTICLE: dict[str, str] = {
    "1g1p-regisseur": "gezinnen.svg",
    "keukentafelgesprek": "keukentafel.svg",
    "steuntje-in-de-rug": "steunfamilie.svg",
    "18-worden": "achttien.svg",
    "jim-mentor": "mentor.svg",
    "opvoeden-tussen-twee-culturen": "generaties.svg",
    "pleegouder-zijn": "generaties.svg",
}


def for_article(slug: str) -> str | None:
    """The static path (for url_for('static', filename=…)) of the article's drawing, or None."""
    name = BY_ARTICLE.get(slug)
    return f"{FOLDER}/{name}" if name else None
