from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TimeField
from wtforms.validators import Optional


class PreferencesForm(FlaskForm):
    """The kinds of notification that exist so far, and quiet hours. Both times, or neither."""

    berichten = BooleanField(_l("Nieuwe berichten"))
    plan = BooleanField(_l("Veranderingen in het gezinsplan"))
    afspraken = BooleanField(_l("Afspraken: nieuw, veranderd, afgezegd, en een herinnering vooraf"))
    mentor = BooleanField(_l("Nieuws over een JIM-mentor"))
    quiet_from = TimeField(_l("Van"), validators=[Optional()])
    quiet_until = TimeField(_l("Tot"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid:
            return False
        start, end = self.quiet_from.data, self.quiet_until.data
        if (start is None) != (end is None):
            missing = self.quiet_until if end is None else self.quiet_from
            missing.errors.append(_l("Vul allebei de tijden in, of laat ze allebei leeg."))
            return False
        if start is not None and start == end:
            self.quiet_until.errors.append(_l("Kies een eindtijd die anders is dan de begintijd."))
            return False
        return True


class PushOfferForm(FlaskForm):
    """ "Nee, dank je" on the offer to turn on notifications; `next` is the page it was shown on (checked before use)."""

    next = HiddenField()
