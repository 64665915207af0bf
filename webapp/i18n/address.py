"""How a person wants to be addressed, where a language's grammar needs it: gender, and the formal or informal "you".

Gender. Arabic, Polish, Ukrainian (and Tigrinya) change "you", the past tense or an adjective for a woman or a man:
Samira must not read "you chose" in the masculine. Each person may say (optionally, on the account page) "als vrouw" or
"als man"; most say nothing, and then they read the neutral translation, the one every string already has.

Register. Dutch and Turkish speak to adults differently than to young people: "u" and *siz* for a parent, a foster
parent, a steungezin, a mentor or a professional; "je" and *sen* for a young person. Nobody chooses this: it follows
from the person's roles and age (`register`):
- informal: whoever has the role jongere (also a young mother who is a parent too: youth care says "je" to young
  people up to 23), and anyone we know to be under 18;
- formal: every other logged-in person (ouder, pleegouder, steungezin, mentor, regisseur, coordinator, ...);
- a visitor who is not logged in reads the neutral text (the informal one, as the public pages always had).
Only REGISTER_LANGUAGES change words for it. Not the others, for now: English has one "you"; Farsi's catalogue uses
the polite شما for everyone already; Arabic has no polite "you" in its grammar; Polish's polite form (Pan/Pani) needs
the reader's gender, which most do not give, and the catalogue uses "ty" throughout, as Polish apps do; Ukrainian's
catalogue and Tigrinya's use one form for everyone. Adding a language later is adding it to REGISTER_LANGUAGES and
filling its "u" entries.

In the code a string that addresses the reader is written `addressed("Je hebt gekozen.")` (templates too),
a form label `lazy_addressed("Je bericht")`, one with a number `addressed_plural("Er wacht %(num)d voorstel op je.", "Er wachten %(num)d voorstellen op je.", n)`. The
extractor below puts it in messages.pot four times: without a context (the neutral text), with msgctxt "v" (a woman),
"m" (a man) and "u" (the formal register). At run time `addressed` tries the reader's contexts in this order and
takes the first with a translation (`contexts`):
1. "u", if the reader is formal and the page's language is in REGISTER_LANGUAGES;
2. "v" or "m", the reader's own choice;
3. the neutral translation.
A context "has no translation" when its msgstr is empty: gettext then answers the msgid. The catalogues follow one
rule (tests/test_translations.py): every language fills every entry; where the context changes nothing for that
language, the entry repeats the neutral text (so an Arabic "u" entry is the neutral Arabic and is never asked for).
Dutch is the source: its catalogue (translations/nl) fills only the "u" entries and leaves the rest empty, so a Dutch
reader sees the source text everywhere except where a formal reader is addressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import g, has_request_context
from flask_babel import LazyString, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup
from werkzeug.local import LocalProxy

from webapp.clock import age_on, today
from webapp.models.people import Role

FEMALE = "v"
MALE = "m"
NEUTRAL = ""
FORMAL = "u"
INFORMAL = ""
CONTEXTS = (FEMALE, MALE)  # the reader's own choice (address_form)
ALL_CONTEXTS = (*CONTEXTS, FORMAL)  # every addressed() string has an entry for each

# The languages whose catalogues must translate the "v" and "m" entries (tests/test_translations.py); the others
# repeat the neutral text there.
GENDERED_LANGUAGES = frozenset({"ar", "pl", "uk", "ti"})
# The languages where a formal reader reads other words ("u", *siz*): see the module docstring for the others.
REGISTER_LANGUAGES = frozenset({"nl", "tr"})
ADULT_AGE = 18

# The account page's choices, in this order: not saying is the default and comes first.
ADDRESS_FORM_CHOICES = (
    (NEUTRAL, _l("Zeg ik liever niet")),
    (FEMALE, _l("Als vrouw")),
    (MALE, _l("Als man")),
)

TRANSLATOR_NOTE = (
    'msgctxt "v": the reader wants to be addressed as a woman, "m": as a man. '
    'msgctxt "u": the reader is an adult (a parent, a foster parent, a mentor, a professional): the polite form '
    '(Dutch "u", Turkish "siz"). The text without a context speaks to a young person (Dutch "je", Turkish "sen"). '
    "Write the same text as without a context if your language does not change the words."
)


def _reader(user: object | None) -> object | None:
    if user is None:
        user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def address_context(user: object | None = None) -> str:
    """The gender msgctxt for `user` (default: the logged-in person): "v", "m", or "" for the neutral text."""
    user = _reader(user)
    if user is None:
        return NEUTRAL
    form = getattr(user, "address_form", NEUTRAL) or NEUTRAL
    return form if form in CONTEXTS else NEUTRAL


def register(user: object | None = None) -> str:
    """FORMAL ("u") for an adult reader, INFORMAL ("") for a young person or a visitor: the rule in the docstring."""
    user = _reader(user)
    if user is None:
        return INFORMAL
    if Role.JONGERE in getattr(user, "role_set", frozenset()):
        return INFORMAL
    birth_date = getattr(user, "birth_date", None)
    if birth_date is not None and age_on(birth_date, today()) < ADULT_AGE:
        return INFORMAL
    return FORMAL


def contexts(user: object | None = None, language: str | None = None) -> tuple[str, ...]:
    """The msgctxts to try for `user` reading `language` (default: the page's language), best first. Without
    arguments in a request: the logged-in person's, worked out once per request (`_current_contexts`)."""
    if user is None and language is None and has_request_context():
        return _current_contexts()
    if language is None:
        language = str(get_locale() or "nl")
    order = []
    if language in REGISTER_LANGUAGES and register(user) == FORMAL:
        order.append(FORMAL)
    if gender := address_context(user):
        order.append(gender)
    return tuple(order)


def locale_in_use(app_globals):
    """`get_locale()`, read where Flask-Babel keeps it (one attribute of `g`'s object, no proxies); its public
    `get_locale()` works it out when it is not there yet (first call, or after `refresh()`)."""
    babel_context = getattr(app_globals, "_flask_babel", None)
    locale = getattr(babel_context, "babel_locale", None)
    return locale if locale is not None else get_locale()


def _unproxied(user: object) -> object:
    """The object behind a proxy such as `current_user`: its attributes are then read without a lookup each."""
    return user._get_current_object() if isinstance(user, LocalProxy) else user


def _current_contexts() -> tuple[str, ...]:
    """contexts() for the logged-in person, worked out once per request (a page asks for it for every string; the
    request's objects are looked up once here, not through their proxies for each step)."""
    if not has_request_context():
        return contexts()
    app_globals = g._get_current_object()
    language = str(locale_in_use(app_globals) or "nl")
    reader = _reader(_unproxied(current_user))
    key = (getattr(reader, "id", None), reader is None, language)  # a login or a language switch mid-request
    cached = getattr(app_globals, "_address_contexts", None)
    if cached is None or cached[0] != key:
        cached = app_globals._address_contexts = (key, contexts(reader, language))
    return cached[1]


def lookup(text: str, context: str | Iterable[str]) -> str:
    """The translation of `text` in the first of `context` that has one, else its neutral translation (never the
    untranslated Dutch when a neutral translation exists)."""
    translations = get_translations()
    for each in (context,) if isinstance(context, str) else context:
        if each in ALL_CONTEXTS:
            translated = translations.upgettext(each, text)
            if translated != text:  # gettext answers the msgid itself when the context has no translation
                return translated
    return translations.ugettext(text)


def lazy_addressed(text: str, **variables) -> LazyString:
    """`addressed` for a form label or an error message defined at import: translated when shown."""
    return LazyString(addressed, text, **variables)


def lookup_plural(singular: str, plural: str, num: int, context: str | Iterable[str]) -> str:
    """`lookup` for a text with a singular and a plural form."""
    translations = get_translations()
    untranslated = singular if num == 1 else plural
    for each in (context,) if isinstance(context, str) else context:
        if each in ALL_CONTEXTS:
            translated = translations.unpgettext(each, singular, plural, num)
            if translated != untranslated:
                return translated
    return translations.ungettext(singular, plural, num)


def addressed(text: str, user: object | None = None, **variables) -> str:
    """Like `gettext`, in the form the reader needs: `addressed("Je hebt %(n)s gekozen.", n=3)`."""
    translated = lookup(text, _current_contexts() if user is None else contexts(user))
    return translated % variables if variables else translated


@pass_eval_context
def addressed_in_template(eval_ctx, text: str, **variables) -> str:
    """`{{ addressed("...", name=x) }}`: like Jinja's `_()`, the variables are escaped and `%%` is a percent sign."""
    translated = lookup(text, _current_contexts())
    if eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 - our own catalogue, as Jinja's _() does; variables escaped
    return translated % variables


def addressed_plural(singular: str, plural: str, num: int, user: object | None = None, **variables) -> str:
    """Like `ngettext` (`%(num)d` is the number), in the form the reader needs."""
    translated = lookup_plural(singular, plural, num, _current_contexts() if user is None else contexts(user))
    return translated % {"num": num, **variables}


@pass_eval_context
def addressed_plural_in_template(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    """`{{ addressed_plural("... %(num)d ...", "... %(num)d ...", n) }}`, escaped like `addressed_in_template`."""
    translated = lookup_plural(singular, plural, num, _current_contexts())
    if eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 - our own catalogue, as Jinja's ngettext does
    return translated % {"num": num, **variables}


# --- extraction -------------------------------------------------------------------------------------------------
# babel.cfg names these in its [extractors] section. Each `addressed("...")` call becomes a plain gettext message
# and three pgettext messages ("v", "m", "u"); everything else passes through unchanged.


def _with_contexts(results: Iterable[tuple]) -> Iterator[tuple]:
    for lineno, funcname, message, comments in results:
        if funcname == "addressed_plural":
            yield from _plural_with_contexts(lineno, message, comments)
            continue
        if funcname not in ("addressed", "lazy_addressed"):
            yield lineno, funcname, message, comments
            continue
        text = message[0] if isinstance(message, (list, tuple)) else message
        if not isinstance(text, str):
            continue
        yield lineno, "gettext", text, comments
        for context in ALL_CONTEXTS:
            yield lineno, "pgettext", (context, text), [*comments, TRANSLATOR_NOTE]


def _plural_with_contexts(lineno: int, message: object, comments: list) -> Iterator[tuple]:
    if not isinstance(message, (list, tuple)) or len(message) < 2:
        return
    singular, plural = message[0], message[1]
    if not (isinstance(singular, str) and isinstance(plural, str)):
        return
    yield lineno, "ngettext", (singular, plural), comments
    for context in ALL_CONTEXTS:
        yield lineno, "npgettext", (context, singular, plural), [*comments, TRANSLATOR_NOTE]


def extract_python(fileobj, keywords, comment_tags, options):
    from babel.messages.extract import extract_python as extract

    return _with_contexts(
        extract(fileobj, [*keywords, "addressed", "addressed_plural", "lazy_addressed"], comment_tags, options)
    )


def extract_jinja2(fileobj, keywords, comment_tags, options):
    from jinja2.ext import babel_extract

    return _with_contexts(
        babel_extract(fileobj, [*keywords, "addressed", "addressed_plural", "lazy_addressed"], comment_tags, options)
    )
