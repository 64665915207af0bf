"""The Dutch catalogue is the source's: every entry repeats its msgid (Dutch reads Dutch), except the formal "u"
entries, which a person writes (the polite form for adults, see webapp/i18n/address.py). `make translations` runs
this after updating the catalogues, so the Dutch catalogue is complete by the same rule as every other one.

    python -m webapp.i18n.source_catalogue translations/nl/LC_MESSAGES/messages.po
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from webapp.i18n.address import FORMAL


def fill_from_source(path: Path) -> int:
    """Copy the msgid into every empty non-formal entry of the catalogue at `path`; the number filled."""
    with path.open("rb") as f:
        catalog = read_po(f)
    filled = 0
    for message in catalog:
        if not message.id or message.context == FORMAL:
            continue
        source = message.id
        wanted = tuple(source) if isinstance(source, tuple) else source
        if message.string != wanted:
            message.string = wanted
            message.flags.discard("fuzzy")
            filled += 1
    if filled:
        with path.open("wb") as f:
            write_po(f, catalog, width=120)
    return filled


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(f"{argument}: {fill_from_source(Path(argument))} entries repeat the Dutch source")
