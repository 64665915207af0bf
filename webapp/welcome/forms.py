"""The answer to the home page's offer 'Zet OnsPlan op je beginscherm': two buttons, one field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

SHOW_ME, NO_THANKS = "uitleg", "nee"


class InstallOfferForm(FlaskForm):
    """`keuze` comes from the button she pressed: "uitleg" (show me how) or "nee" (no, thank you)."""

    keuze = HiddenField(validators=[AnyOf([SHOW_ME, NO_THANKS])])
