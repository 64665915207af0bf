"""The aanmeldpunt's forms. Every message is plain Dutch (B1) and translated. Fixed rows for adults and children, so
the form works without JavaScript."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FieldList, FormField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from webapp.auth.forms import EMAIL_SHAPE
from webapp.auth.passwords import MAX_LENGTH
from webapp.clock import today
from webapp.forms import LanguageField, long_text_length
from webapp.respite import choices
from webapp.respite.signup.services import MAX_ADULTS, Adult, SignupData

CHILD_ROWS = 5
NOT_A_NUMBER = _l("Vul een getal in, bijvoorbeeld 8.")
PHONE_SHAPE = Regexp(
    r"^\+?[0-9 ()-]{8,20}$", message=_l("Dit is geen telefoonnummer. Schrijf het zo: 06 12345678 of 077 1234567.")
)
POSTCODE_SHAPE = Regexp(r"^\s*[1-9][0-9]{3}\s?[A-Za-z]{2}\s*$", message=_l("Schrijf de postcode zo: 5911 AB."))

# Who can help and how: two short sentences per kind, shown above the form.
KIND_EXPLAINED = {
    "steungezin": (
        _l("U vangt als gezin een kind op, bijvoorbeeld een dag per week of een weekend per maand."),
        _l("Zo krijgen de ouders even rust, en het kind een extra plek waar het welkom is."),
    ),
    "steunouder": (
        _l("U bent alleen, zonder eigen gezin of met kinderen die al groot zijn, en vangt een kind op."),
        _l("U doet hetzelfde als een steungezin: een vaste dag of een weekend, in overleg."),
    ),
    "pleeggezin": (
        _l("Een kind woont een tijd bij u, soms kort, soms jaren."),
        _l("Wij sturen uw aanmelding naar een organisatie voor pleegzorg. Zij nemen contact met u op."),
    ),
    "gezinshuis": (
        _l("U neemt als beroep een paar kinderen op in uw eigen gezin."),
        _l("Wij sturen uw aanmelding naar een organisatie voor gezinshuizen. Zij nemen contact met u op."),
    ),
}


class NumberField(IntegerField):
    """A whole number typed as text with a number keyboard on phones (type=number drops what it can't read and
    changes with the scroll wheel; GOV.UK advises against it)."""

    widget = TextInput()


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _number(label, low: int, high: int, message) -> NumberField:
    return NumberField(
        label,
        validators=[Optional(), NumberRange(min=low, max=high, message=message)],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )


class AdultForm(Form):
    """One adult living in the house (one row of the fixed list)."""

    name = StringField(_l("Naam"), validators=[Length(max=200, message=_l("Deze naam is te lang."))])
    birth_year = NumberField(
        _l("Geboortejaar"),
        validators=[Optional()],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )

    def validate_birth_year(self, field) -> None:
        if field.data is None:
            return
        if not 1900 <= field.data <= today().year - 18:
            raise ValidationError(_l("Vul een geboortejaar in van iemand van 18 jaar of ouder, bijvoorbeeld 1980."))
        if not (self.name.data or "").strip():
            raise ValidationError(_l("Vul ook de naam in."))


class SignupForm(FlaskForm):
    kind = RadioField(
        _l("Hoe wilt u helpen?"),
        choices=lambda: list(choices.HOUSEHOLD_KINDS.items()),
        validate_choice=False,
        validators=[InputRequired(_l("Kies hoe u wilt helpen."))],
    )
    # About you: how the coordinator reaches you.
    contact_name = StringField(
        _l("Uw naam"),
        validators=[DataRequired(_l("Vul uw naam in.")), Length(max=200, message=_l("Deze naam is te lang."))],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            EMAIL_SHAPE,
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    phone = StringField(_l("Telefoonnummer"), validators=[DataRequired(_l("Vul uw telefoonnummer in.")), PHONE_SHAPE])
    street = StringField(
        _l("Straat en huisnummer"),
        validators=[
            DataRequired(_l("Vul uw straat en huisnummer in.")),
            Length(max=200, message=_l("Dit is te lang.")),
        ],
    )
    postcode = StringField(_l("Postcode"), validators=[DataRequired(_l("Vul uw postcode in.")), POSTCODE_SHAPE])
    woonplaats = StringField(
        _l("Woonplaats"),
        validators=[DataRequired(_l("Vul uw woonplaats in.")), Length(max=100, message=_l("Dit is te lang."))],
    )
    gemeente = SelectField(_l("Gemeente"), choices=[], validators=[DataRequired(_l("Kies uw gemeente."))])
    # The household.
    adults = FieldList(FormField(AdultForm), min_entries=MAX_ADULTS, max_entries=MAX_ADULTS)
    children = FieldList(
        _number(_l("Leeftijd"), 0, 40, _l("Vul een leeftijd in tussen 0 en 40.")),
        min_entries=CHILD_ROWS,
        max_entries=CHILD_ROWS,
    )
    # When and how.
    help_kinds = CheckboxesField(_l("Wat kunt u doen?"), choices=lambda: choices.choices(choices.HELP_KINDS))
    days = CheckboxesField(_l("Op welke dagen kan het?"), choices=lambda: choices.choices(choices.DAYS))
    parts_of_day = CheckboxesField(_l("Welke delen van de dag?"), choices=lambda: choices.choices(choices.PARTS_OF_DAY))
    capacity = NumberField(
        _l("Hoeveel kinderen tegelijk?"),
        default=1,
        validators=[InputRequired(_l("Vul een aantal in.")), NumberRange(1, 4, _l("Vul een aantal in van 1 tot 4."))],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )
    age_min = NumberField(
        _l("Van welke leeftijd"),
        default=0,
        validators=[
            InputRequired(_l("Vul een leeftijd in.")),
            NumberRange(0, 17, _l("Vul een leeftijd in van 0 tot 17.")),
        ],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )
    age_max = NumberField(
        _l("Tot welke leeftijd"),
        default=17,
        validators=[
            InputRequired(_l("Vul een leeftijd in.")),
            NumberRange(0, 17, _l("Vul een leeftijd in van 0 tot 17.")),
        ],
        invalid_value_message=NOT_A_NUMBER,
        render_kw={"inputmode": "numeric"},
    )
    siblings_ok = BooleanField(_l("Broers en zussen mogen samen komen"), default=True)
    pick_up = BooleanField(_l("Ik kan een kind ophalen en terugbrengen"))
    max_distance_km = _number(
        _l("Hoe ver mag het kind van u af wonen? (kilometers)"), 1, 100, _l("Vul een afstand in van 1 tot 100 km.")
    )
    # Who you are.
    languages = CheckboxesField(_l("Welke talen spreekt u thuis?"), choices=lambda: choices.choices(choices.LANGUAGES))
    faith_room = BooleanField(_l("Een kind kan bij ons bidden en zijn feestdagen vieren"))
    culture_note = TextAreaField(
        _l("Geloof en cultuur in uw eigen woorden (niet verplicht)"),
        validators=[Length(max=1000, message=_l("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben."))],
    )
    food_choices = CheckboxesField(_l("Welk eten kunt u geven?"), choices=lambda: choices.choices(choices.FOOD))
    has_pets = BooleanField(_l("Wij hebben huisdieren"))
    pets_note = StringField(
        _l("Welke huisdieren?"), validators=[Length(max=300, message=_l("Dit is te lang. Hoogstens 300 tekens."))]
    )
    smoking = RadioField(
        _l("Wordt er in huis gerookt?"),
        choices=[SelectChoice("nee", _l("Nee")), SelectChoice("ja", _l("Ja"))],
        validate_choice=False,
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
    experience = CheckboxesField(_l("Waar heeft u ervaring mee?"), choices=lambda: choices.choices(choices.EXPERIENCE))
    experience_note = TextAreaField(
        _l("Uw ervaring in uw eigen woorden (niet verplicht)"),
        validators=[Length(max=1000, message=_l("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben."))],
    )
    motivation = TextAreaField(
        _l("Waarom wilt u helpen?"),
        validators=[DataRequired(_l("Schrijf in een paar zinnen waarom u wilt helpen.")), long_text_length()],
    )
    consent = BooleanField(
        _l(
            "Ik weet wie mijn aanmelding leest. Ik vind het goed dat het meldpunt deze gegevens gebruikt om een gezin te zoeken."
        ),
        validators=[
            DataRequired(_l("Zet hier een vinkje. Zonder uw toestemming kunnen we uw aanmelding niet gebruiken."))
        ],
    )
    # The honeypot: hidden from people and screen readers; only robots fill it in.
    website = StringField(_l("Laat dit veld leeg"))

    def validate_kind(self, field) -> None:
        if field.data not in choices.HOUSEHOLD_KINDS:
            raise ValidationError(_l("Kies hoe u wilt helpen."))

    def validate_smoking(self, field) -> None:
        if field.data not in ("ja", "nee"):
            raise ValidationError(_l("Kies ja of nee."))

    def validate_adults(self, field) -> None:
        if not any((row.form.name.data or "").strip() for row in field):
            raise ValidationError(_l("Vul de naam in van minstens één volwassene in uw huis."))

    def validate_age_max(self, field) -> None:
        if self.age_min.data is not None and field.data is not None and self.age_min.data > field.data:
            raise ValidationError(_l("De oudste leeftijd moet hoger zijn dan de jongste."))

    def validate_help_kinds(self, field) -> None:
        if self.kind.data in ("steungezin", "steunouder") and not field.data:
            raise ValidationError(_l("Kies minstens één manier van helpen."))

    def validate_days(self, field) -> None:
        if self.kind.data in ("steungezin", "steunouder") and not field.data:
            raise ValidationError(_l("Kies minstens één dag. U kunt later nog alles met het meldpunt bespreken."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number, entry in enumerate(self.children, start=1):
            entry.label.text = _l("Leeftijd kind %(number)s", number=number)

    @property
    def caught(self) -> bool:
        """A robot filled in the hidden field."""
        return bool((self.website.data or "").strip())

    def to_data(self) -> SignupData:
        values = [code for code in self.food_choices.data if code in choices.VALUES]
        if self.faith_room.data:
            values.append("geloof")
        if self.smoking.data == "nee":
            values.append("rookvrij")
        return SignupData(
            kind=self.kind.data,
            contact_name=self.contact_name.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            street=self.street.data or "",
            postcode=self.postcode.data or "",
            woonplaats=self.woonplaats.data or "",
            gemeente_id=int(self.gemeente.data),
            adults=[Adult(row.form.name.data, row.form.birth_year.data) for row in self.adults if row.form.name.data],
            children_ages=[age for age in self.children.data if age is not None],
            help_kinds=self.help_kinds.data,
            days=self.days.data,
            parts_of_day=self.parts_of_day.data,
            capacity=self.capacity.data,
            age_min=self.age_min.data,
            age_max=self.age_max.data,
            siblings_ok=self.siblings_ok.data,
            pick_up=self.pick_up.data,
            max_distance_km=self.max_distance_km.data,
            languages=self.languages.data,
            values_choices=values,
            culture_note=self.culture_note.data or "",
            food_choices=self.food_choices.data,
            has_pets=self.has_pets.data,
            pets_note=self.pets_note.data or "",
            smoking=self.smoking.data == "ja",
            experience=self.experience.data,
            experience_note=self.experience_note.data or "",
            motivation=self.motivation.data or "",
        )


def gemeente_choices(gemeenten) -> list[SelectChoice]:
    return [SelectChoice("", _l("Kies uw gemeente…"))] + [SelectChoice(str(g.id), g.name) for g in gemeenten]


class AccountForm(FlaskForm):
    """The last step for a new steungezin: language and password (the same rules as everyone's)."""

    language = LanguageField(_l("In welke taal wilt u OnsPlan gebruiken?"))
    password = PasswordField(
        _l("Kies een wachtwoord"), validators=[InputRequired(_l("Kies een wachtwoord.")), Length(max=MAX_LENGTH * 4)]
    )
    confirm = PasswordField(
        _l("Typ het wachtwoord nog een keer"),
        validators=[InputRequired(_l("Typ het wachtwoord nog een keer.")), Length(max=MAX_LENGTH * 4)],
    )
