"""The request class: form fields arrive without NUL characters.

Nobody types a NUL (U+0000), but a script can send one, and PostgreSQL refuses it in every text column (psycopg
raises DataError, which became a server error on any form that stores or looks up what was typed). It is removed on
arrival, in one place, so every form, lookup and stored text is safe on both databases and the rest of what was
typed is kept. Query strings and JSON bodies are read by few views; those check their values themselves.
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

NUL = "\x00"


class FormRequest(Request):
    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and any(NUL in key or NUL in value for key, value in form.items(multi=True)):
            self.__dict__["form"] = ImmutableMultiDict(
                (key.replace(NUL, ""), value.replace(NUL, "")) for key, value in form.items(multi=True)
            )
