"""Account forms. Messages are lazy so they follow the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from webapp.auth.passwords import MAX_LENGTH
from webapp.forms import LanguageField
from webapp.i18n import ADDRESS_FORM_CHOICES, lazy_addressed

EMAIL_REQUIRED = InputRequired(message=_l("Vul je e-mailadres in."))
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # one @, a dot after it, no spaces: the rest is the mail server's job
EMAIL_SHAPE = Regexp(
    EMAIL_PATTERN,
    message=_l("Dit is geen e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl."),
)
PASSWORD_REQUIRED = InputRequired(message=_l("Vul je wachtwoord in."))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[EMAIL_REQUIRED, Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[PASSWORD_REQUIRED, Length(max=MAX_LENGTH * 4)])
    remember = BooleanField(_l("Ingelogd blijven op deze telefoon"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[EMAIL_REQUIRED, EMAIL_SHAPE, Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Nieuw wachtwoord"), validators=[PASSWORD_REQUIRED, Length(max=MAX_LENGTH * 4)])
    confirm = PasswordField(
        _l("Nog een keer hetzelfde wachtwoord"),
        validators=[InputRequired(message=_l("Typ je wachtwoord nog een keer.")), Length(max=MAX_LENGTH * 4)],
    )


class AcceptInvitationForm(NewPasswordForm):
    language = LanguageField(lazy_addressed("In welke taal wil je OnsPlan gebruiken?"))


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[PASSWORD_REQUIRED])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("Nieuw e-mailadres"), validators=[EMAIL_REQUIRED, EMAIL_SHAPE, Length(max=254)])
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[PASSWORD_REQUIRED])


class TotpForm(FlaskForm):
    code = StringField(
        _l("Code uit je app (6 cijfers)"),
        validators=[InputRequired(message=_l("Vul de code in.")), Length(max=10)],
    )


class TotpEnrolForm(TotpForm):
    secret = HiddenField(validators=[InputRequired(), Regexp(r"^[A-Z2-7]{16,64}$")])
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[Optional()])


class AddressFormForm(FlaskForm):
    """How she wants to be addressed where a language's grammar needs it (optional: "" is the neutral form)."""

    address_form = RadioField(
        lazy_addressed("Hoe wil je dat OnsPlan je aanspreekt?"),
        choices=[SelectChoice(code, label) for code, label in ADDRESS_FORM_CHOICES],
        default="",
        validate_choice=False,
    )

    def validate_address_form(self, field) -> None:
        if field.data not in {code for code, _label in ADDRESS_FORM_CHOICES}:
            raise ValidationError(_l("Kies een van de drie antwoorden."))


class ConfirmForm(FlaskForm):
    """A button-only form: carries just the CSRF token."""
