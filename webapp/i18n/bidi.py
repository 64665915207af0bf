"""Left-to-right islands in right-to-left text.

Inside Arabic (or Farsi) text the Unicode bidi algorithm treats the digit groups of "0800-2000" as Arabic numbers
with a neutral hyphen between them, and shows "2000-0800". Phone numbers, e-mail addresses, postcodes, URLs, dates in
digits and Dutch names keep their own direction when they sit in an isolate: `<bdi dir="ltr">`. In left-to-right pages
the isolate changes nothing.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def ltr(value: object, lang: str | None = None) -> Markup:
    """`{{ phone | ltr }}` → `<bdi dir="ltr">0800-2000</bdi>`, the value escaped; `ltr('nl')` marks a Dutch name.

    Empty values give an empty string (no empty isolate in the page). A value that is already Markup keeps its tags.
    """
    if value is None or value == "":
        return Markup("")
    if lang:
        return Markup('<bdi dir="ltr" lang="%s">%s</bdi>') % (lang, value)
    return Markup('<bdi dir="ltr">%s</bdi>') % (value,)


# Phone numbers ("0800-2000", "+31 77 123 45 67", "113") and e-mail addresses inside running text (a glossary entry,
# an article): found by shape, since translated sentences carry them as plain text.
# An address starts where a word starts (the lookbehind): without it every letter of a long word began a new try
# that read to the word's end looking for an "@", and an article section of 200,000 letters took 100 s to preview.
_LTR_RUN = re.compile(
    r"(?<![\w@.])(?:\+?\d[\d\- ]*\d|\d)(?![\w@])"  # digits, maybe with dashes or spaces between them
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
)


def ltr_runs(text: object) -> Markup:
    """Escape `text` and put each phone number (three digits or more: "113", not "24/7" or "12 jaar") and e-mail
    address in it in a left-to-right isolate: `{{ term.meaning | ltr_runs }}`."""
    text = str(text)
    out, last = [], 0
    for match in _LTR_RUN.finditer(text):
        run = match.group(0)
        if "@" not in run and sum(ch.isdigit() for ch in run) < 3:
            continue
        out.append(escape(text[last : match.start()]))
        out.append(ltr(run))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
