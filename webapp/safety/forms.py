from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from webapp.i18n import lazy_addressed

MAX_TEXT = 1000


class UnsafeForm(FlaskForm):
    """One optional line of her own; without it the message says a fixed sentence (webapp/safety/services.py)."""

    text = TextAreaField(
        lazy_addressed("Wil je iets zeggen? Dat hoeft niet."),
        validators=[Length(max=MAX_TEXT, message=lazy_addressed("Je tekst is te lang. Schrijf het korter."))],
    )
    client_key = HiddenField()

    @classmethod
    def fresh(cls) -> UnsafeForm:
        """An empty form with a new idempotency key: pressing the button twice (or a retry) sends one message."""
        form = cls(formdata=None)
        form.client_key.data = uuid.uuid4().hex
        return form
