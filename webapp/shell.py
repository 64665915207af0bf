"""The page shell's top bar and footer, rendered once per process for each way they can look (issue 14).

Every page renders the same top bar (logo, menu, help button, log-out form) and footer (language form, links, the
bottom menu of a family member) around its content: about forty translated texts and twenty links, a third of a
simple page's server time. What they show depends only on the reader's language and forms of address, her roles and
organisation kind, the page's endpoint (which menu item is current) and the number of unread messages: that is the
key. Two things differ per request and stay out of the kept HTML: the CSRF token (of this session, in the log-out and
language forms) and the address the language form returns to. The template renders them as marks that are replaced
on every request (`kept_shell`'s `caller` receives the marks as arguments).

Kept per process (webapp/kept_html.py): a few kilobytes an entry, nothing personal but a menu's unread number.
"""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from markupsafe import Markup

from webapp.kept_html import kept_form_part


def _reader() -> tuple:
    """What of the logged-in reader the shell shows: her roles and her organisation's kind (a coordinator of a
    gemeente or a meldpunt has other menu items)."""
    user = current_user._get_current_object()  # read once: each read through the proxy costs ~2 µs
    if not user.is_authenticated:
        return ()
    organisation = user.organisation
    return (tuple(sorted(user.role_set)), organisation.kind if organisation is not None else None)


def kept_shell(name: str, *parts: object, next_path: str = "", caller) -> Markup:
    """The shell part `name` (`{% call(csrf, next) kept_shell(...) %}...{% endcall %}` in base.html), rendered once
    per key: `parts` (what the template decides: logged in, professional, unread number, ...) with the language,
    forms of address, endpoint, blueprint and reader. The marks are replaced by this request's CSRF token and
    `next_path` (webapp/kept_html.py `kept_form_part`)."""
    key = (parts, request.endpoint, request.blueprint, _reader())
    return kept_form_part(f"shell-{name}", key, caller, next_path)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["kept_shell"] = kept_shell
