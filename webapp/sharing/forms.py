from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired


def _yes_no(label):
    return RadioField(
        label,
        choices=[SelectChoice("ja", _l("Ja, dat mag")), SelectChoice("nee", _l("Nee, liever niet"))],
        validators=[InputRequired(message=_l("Kies ja of nee."))],
    )


class SharingForm(FlaskForm):
    goals = _yes_no(_l("Mogen je ouders of pleegouders je eigen doelen in het gezinsplan zien?"))
    toekomstplan = _yes_no(_l("Mogen je ouders of pleegouders je toekomstplan zien?"))
    next = HiddenField()


class GoalSharingForm(FlaskForm):
    with_family = RadioField(
        _l("Wie mag dit doel zien?"),
        choices=[
            SelectChoice("", _l("zoals ik hierboven koos")),
            SelectChoice("ja", _l("ook mijn ouders of pleegouders")),
            SelectChoice("nee", _l("alleen ik en mijn regisseur")),
        ],
    )
