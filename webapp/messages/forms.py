from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from webapp.i18n import lazy_addressed


class MessageForm(FlaskForm):
    body = TextAreaField(lazy_addressed("Je bericht"), validators=[Length(max=5000)])
    attachment = FileField(_l("Foto of PDF toevoegen (niet verplicht, hoogstens 10 MB)"))
    client_key = HiddenField()

    @classmethod
    def fresh(cls) -> MessageForm:
        """An empty form with a new idempotency key: a retried POST of this form makes no second message."""
        form = cls(formdata=None)
        form.client_key.data = uuid.uuid4().hex
        return form
