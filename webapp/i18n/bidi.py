"""Left-to-right islands in right-to-left text.

Inside Arabic (or Farsi) text the Unicode bidi algorithm treats the digit groups of "0800-2000" as Arabic numbers
with a neutral hyphen between them, and shows "2000-0800". Phone numbers, e-mail addresses, postcodes, URLs, dates in
digits and Dutch names keep their own direction when they sit in an isolate: `<bdi dir="ltr">`. In left-to-right pages
the isolate changes nothing.
"""

from __future__ import annotations

from markupsafe import Markup


def ltr(value: object, lang: str | None = None) -> Markup:
    """`{{ phone | ltr }}` → `<bdi dir="ltr">0800-2000</bdi>`, the value escaped; `ltr('nl')` marks a Dutch name.

    Empty values give an empty string (no empty isolate in the page). A value that is already Markup keeps its tags.
    """
    if value is None or value == "":
        return Markup("")
    if lang:
        return Markup('<bdi dir="ltr" lang="%s">%s</bdi>') % (lang, value)
    return Markup('<bdi dir="ltr">%s</bdi>') % (value,)
