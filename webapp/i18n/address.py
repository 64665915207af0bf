"""How a person wants to be addressed, where a language's grammar needs it.

Arabic, Polish, Ukrainian (and Tigrinya) change "you", the past tense or an adjective for a woman or a man: Samira
must not read "you chose" in the masculine. Each person may say (optionally, on the account page) "als vrouw" or "als
man"; most say nothing, and then they read the neutral translation, the one every string already has.

In the code a string that addresses the reader is written `addressed("Je hebt gekozen.")` (templates too). The
extractor below puts it in messages.pot three times: without a context (the neutral text) and with msgctxt "v"
(a woman) and "m" (a man). At run time `addressed` picks the context of the reader's choice and falls back to the
neutral translation when that context has no translation (Dutch, English, Turkish, Farsi: "you" has no gender).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

FEMALE = "v"
MALE = "m"
NEUTRAL = ""
CONTEXTS = (FEMALE, MALE)

# The languages whose catalogues must translate the "v" and "m" entries (tests/test_translations.py); the others
# may leave them empty and show the neutral text.
GENDERED_LANGUAGES = frozenset({"ar", "pl", "uk", "ti"})

# The account page's choices, in this order: not saying is the default and comes first.
ADDRESS_FORM_CHOICES = (
    (NEUTRAL, _l("Zeg ik liever niet")),
    (FEMALE, _l("Als vrouw")),
    (MALE, _l("Als man")),
)

TRANSLATOR_NOTE = (
    'msgctxt "v": the reader wants to be addressed as a woman, "m": as a man. '
    "Write the same text as without a context if your language does not change the words."
)


def address_context(user: object | None = None) -> str:
    """The msgctxt for `user` (default: the logged-in person): "v", "m", or "" for the neutral text."""
    if user is None:
        user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return NEUTRAL
    form = getattr(user, "address_form", NEUTRAL) or NEUTRAL
    return form if form in CONTEXTS else NEUTRAL


def lookup(text: str, context: str) -> str:
    """The translation of `text` for `context`, else its neutral translation (never the untranslated Dutch when a
    neutral translation exists)."""
    translations = get_translations()
    if context in CONTEXTS:
        translated = translations.upgettext(context, text)
        if translated != text:  # gettext answers the msgid itself when the context has no translation
            return translated
    return translations.ugettext(text)


def addressed(text: str, user: object | None = None, **variables) -> str:
    """Like `gettext`, in the form the reader asked for: `addressed("Je hebt %(n)s gekozen.", n=3)`."""
    translated = lookup(text, address_context(user))
    return translated % variables if variables else translated


@pass_eval_context
def addressed_in_template(eval_ctx, text: str, **variables) -> str:
    """`{{ addressed("...", name=x) }}`: like Jinja's `_()`, the variables are escaped and `%%` is a percent sign."""
    translated = lookup(text, address_context())
    if eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 - our own catalogue, as Jinja's _() does; variables escaped
    return translated % variables


# --- extraction -------------------------------------------------------------------------------------------------
# babel.cfg names these in its [extractors] section. Each `addressed("...")` call becomes a plain gettext message
# and two pgettext messages; everything else passes through unchanged.


def _with_contexts(results: Iterable[tuple]) -> Iterator[tuple]:
    for lineno, funcname, message, comments in results:
        if funcname != "addressed":
            yield lineno, funcname, message, comments
            continue
        text = message[0] if isinstance(message, (list, tuple)) else message
        if not isinstance(text, str):
            continue
        yield lineno, "gettext", text, comments
        for context in CONTEXTS:
            yield lineno, "pgettext", (context, text), [*comments, TRANSLATOR_NOTE]


def extract_python(fileobj, keywords, comment_tags, options):
    from babel.messages.extract import extract_python as extract

    return _with_contexts(extract(fileobj, [*keywords, "addressed"], comment_tags, options))


def extract_jinja2(fileobj, keywords, comment_tags, options):
    from jinja2.ext import babel_extract

    return _with_contexts(babel_extract(fileobj, [*keywords, "addressed"], comment_tags, options))
