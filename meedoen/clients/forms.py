"""Forms of the client pages. They parse and validate input; the services change state."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from meedoen.accounts import access
from meedoen.clients.models import (
    Client,
    HouseholdRole,
    IdentifierKind,
    Language,
    Regime,
    TargetGroup,
    postcode_validator,
)
from meedoen.clients.services import INBURGERING_REGIMES, clean_identifier, normalise_postcode
from meedoen.core.forms import NLDesignFormMixin

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SecretNumberInput(forms.TextInput):
    """A box for a BSN, V-nummer or COA number that never writes the number back into the page
    (after an error it stays empty and the user types it again)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        return None


class BsnInput(SecretNumberInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", **(attrs or {})})


class NldsForm(NLDesignFormMixin, forms.Form):
    """Widgets get the NL Design System classes; render fields with includes/form_field.html."""


def country_choices():
    """Countries by their name in the active language (Dutch by default), sorted by that name."""
    return [("", _("Onbekend")), *countries]


def regime_choices():
    return [("", _("Kies een regime")), *Regime.choices]


def target_group_choices():
    return [("", _("Geen (alleen bij Participatiewet)")), *TargetGroup.choices]


def household_role_choices():
    return [("", _("Niet vastgelegd")), *HouseholdRole.choices]


# --- List: search by name and birth date, filters; number search (POST) -------------------------


class ClientSearchForm(NldsForm):
    q = forms.CharField(label=_("Naam"), required=False, max_length=100)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    regime = forms.ChoiceField(label=_("Regime"), required=False,
                               choices=lambda: [("", _("Alle regimes")), *Regime.choices])
    doelgroep = forms.ChoiceField(label=_("Doelgroep"), required=False,
                                  choices=lambda: [("", _("Alle doelgroepen")), *TargetGroup.choices])
    zonder_klantmanager = forms.BooleanField(label=_("Alleen zonder klantmanager"), required=False)
    mijn = forms.BooleanField(label=_("Alleen mijn cliënten"), required=False)

    def __init__(self, *args, show_mine: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_mine:
            del self.fields["mijn"]

    def name_terms(self) -> list[str]:
        return (self.cleaned_data.get("q") or "").split()[:5]


SEARCHABLE_KINDS = [(IdentifierKind.BSN, IdentifierKind.BSN.label), (IdentifierKind.V_NUMBER,
                                                                       IdentifierKind.V_NUMBER.label)]


class NumberSearchForm(NldsForm):
    """Exact search on a BSN or V-nummer. Always POST: numbers never go into a URL."""

    soort = forms.ChoiceField(label=_("Soort nummer"), choices=SEARCHABLE_KINDS, initial=IdentifierKind.BSN)
    nummer = forms.CharField(label=_("Nummer"), max_length=20, widget=SecretNumberInput(
        attrs={"inputmode": "numeric"}))

    def clean(self):
        data = super().clean()
        if data.get("soort") and data.get("nummer"):
            try:
                data["nummer"] = clean_identifier(data["soort"], data["nummer"])
            except ValidationError as exc:
                self.add_error("nummer", exc)
        return data


# --- Create and edit ---------------------------------------------------------------------------


def validate_birth_date(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("Een geboortedatum kan niet in de toekomst liggen."), code="future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("Een geboortedatum ligt niet voor 1900."), code="too_early")


class KlantmanagerChoiceField(forms.ChoiceField):
    """Klantmanagers of one municipality grouped per team; the value is the username.
    Call :meth:`load` with the municipality before use."""

    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)
        self._users: dict = {}

    def load(self, municipality) -> None:
        memberships = list(access.assignable_klantmanager_memberships(municipality))
        self._users = {m.user.username: m.user for m in memberships}
        groups: dict[str, list[tuple[str, str]]] = {}
        for m in memberships:
            groups.setdefault(m.team.name, []).append((m.user.username, str(m.user)))
        self.choices = [("", _("Nog niet toegewezen")), *groups.items()]

    def clean(self, value):
        value = super().clean(value)
        return self._users.get(value) if value else None


class ClientForm(NldsForm):
    """The registry fields shared by create and edit. ``fieldsets`` groups them on the page."""

    given_names = forms.CharField(label=_("Voornamen"), max_length=150)
    family_name = forms.CharField(label=_("Achternaam"), max_length=150)
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput(), validators=[validate_birth_date])
    regime = forms.ChoiceField(label=_("Regime"), choices=regime_choices)
    target_group = forms.ChoiceField(
        label=_("Doelgroep"), required=False, choices=target_group_choices,
        help_text=_("Verplicht bij de Wet inburgering 2021 of 2013. Bij alleen Participatiewet wordt de "
                    "doelgroep niet bewaard."),
    )
    country_of_origin = forms.ChoiceField(label=_("Land van herkomst"), required=False, choices=country_choices)
    languages = forms.ModelMultipleChoiceField(
        label=_("Talen"), required=False, queryset=Language.objects.all(), to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Talen die de cliënt spreekt. Houd Ctrl (of Cmd) ingedrukt om meer talen te kiezen."),
    )
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    street = forms.CharField(label=_("Straat"), required=False, max_length=120)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=12,
                                   help_text=_("Met toevoeging, bijvoorbeeld 12 of 12a."))
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7,
                               help_text=_("Vier cijfers en twee letters, bijvoorbeeld 8011 AB."))
    city = forms.CharField(label=_("Woonplaats"), required=False, max_length=80)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, to_field_name="public_id",
                                  empty_label=None)
    klantmanager = KlantmanagerChoiceField(
        label=_("Klantmanager"), required=False, help_text=_("Kies een klantmanager van het gekozen team."),
    )

    fieldsets = [
        (_("Persoon"), ["given_names", "family_name", "birth_date"]),
        (_("Inburgering"), ["regime", "target_group"]),
        (_("Herkomst en taal"), ["country_of_origin", "languages"]),
        (_("Contact en adres"), ["phone", "email", "street", "house_number", "postcode", "city"]),
        (_("Toewijzing"), ["team", "klantmanager"]),
    ]
    # The form fields that update_client takes under the same name.
    service_fields = ("given_names", "family_name", "birth_date", "regime", "target_group", "country_of_origin",
                      "languages", "phone", "email", "street", "house_number", "postcode", "city", "team",
                      "klantmanager")

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["team"].queryset = access.assignable_teams(municipality)
        self.fields["klantmanager"].load(municipality)
        for name in ("given_names", "family_name", "street", "house_number", "postcode", "city"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["target_group"].widget.attrs["data-meedoen-target-group"] = ""
        self.fields["regime"].widget.attrs["data-meedoen-regime"] = ""

    def grouped(self):
        """(legend, bound fields) per fieldset, for the template."""
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.fieldsets]

    def clean_given_names(self) -> str:
        return self.cleaned_data["given_names"].strip()

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def clean_postcode(self) -> str:
        value = normalise_postcode(self.cleaned_data.get("postcode", ""))
        if value:
            postcode_validator(value)
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if value:
            for validator in Client._meta.get_field("phone").validators:
                validator(value)
        return value

    def clean(self):
        data = super().clean()
        regime = data.get("regime")
        if regime in INBURGERING_REGIMES and not data.get("target_group") and "target_group" not in self.errors:
            self.add_error("target_group", _("Kies de doelgroep van deze inburgeringsplichtige."))
        elif regime and regime not in INBURGERING_REGIMES:
            data["target_group"] = ""  # ignored for 'none'
        return data

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.service_fields if name in self.cleaned_data}


IDENTIFIER_HELP = {
    "bsn": _("Negen cijfers; een nummer van acht cijfers krijgt een 0 ervoor."),
    "v_number": _("Vreemdelingennummer: hoogstens 10 cijfers."),
    "coa_number": _("Registratienummer van het COA."),
}


class ClientCreateForm(ClientForm):
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=14, help_text=IDENTIFIER_HELP["bsn"],
                          widget=BsnInput())
    v_number = forms.CharField(label=_("V-nummer"), required=False, max_length=14,
                               help_text=IDENTIFIER_HELP["v_number"], widget=SecretNumberInput(
                                   attrs={"inputmode": "numeric"}))
    coa_number = forms.CharField(label=_("COA-nummer"), required=False, max_length=24,
                                 help_text=IDENTIFIER_HELP["coa_number"], widget=SecretNumberInput())
    confirm_new = forms.BooleanField(
        label=_("Toch nieuwe cliënt aanmaken"), required=False,
        help_text=_("Vink dit aan als u zeker weet dat het om een andere persoon gaat."),
    )

    fieldsets = [
        ClientForm.fieldsets[0],
        (_("Identificatienummers"), ["bsn", "v_number", "coa_number"]),
        *ClientForm.fieldsets[1:],
    ]
    secret_fields = ("bsn", "v_number", "coa_number")

    def __init__(self, *args, user, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        if not self.is_bound:
            team = access.default_team(user, municipality)
            if team is not None:
                self.initial.setdefault("team", team.public_id)
            if user.username in self.fields["klantmanager"]._users:
                self.initial.setdefault("klantmanager", user.username)

    def _clean_number(self, field: str, kind: str) -> str:
        value = self.cleaned_data.get(field, "").strip()
        return clean_identifier(kind, value) if value else ""

    def clean_bsn(self) -> str:
        return self._clean_number("bsn", IdentifierKind.BSN)

    def clean_v_number(self) -> str:
        return self._clean_number("v_number", IdentifierKind.V_NUMBER)

    def clean_coa_number(self) -> str:
        return self._clean_number("coa_number", IdentifierKind.COA_NUMBER)

    def identifiers(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(field) for kind, field in
                ((IdentifierKind.BSN, "bsn"), (IdentifierKind.V_NUMBER, "v_number"),
                 (IdentifierKind.COA_NUMBER, "coa_number")) if self.cleaned_data.get(field)}

    def secrets_to_retype(self) -> list[str]:
        """Labels of the numbers the user filled in that the page will not show again."""
        return [str(self.fields[name].label) for name in self.secret_fields
                if (self.data.get(name) or "").strip() and name not in self.errors]


class ClientEditForm(ClientForm):
    household_role = forms.ChoiceField(label=_("Rol in het huishouden"), required=False,
                                       choices=household_role_choices)

    service_fields = (*ClientForm.service_fields, "household_role")

    def __init__(self, *args, client, **kwargs):
        initial = {
            "given_names": client.given_names,
            "family_name": client.family_name,
            "birth_date": client.birth_date,
            "regime": client.regime,
            "target_group": client.target_group,
            "country_of_origin": client.country_of_origin.code or "",
            "languages": [language.code for language in client.languages.all()],
            "phone": client.phone,
            "email": client.email,
            "street": client.street,
            "house_number": client.house_number,
            "postcode": client.postcode,
            "city": client.city,
            "team": client.team.public_id if client.team_id else None,
            "klantmanager": client.klantmanager.username if client.klantmanager_id else "",
            "household_role": client.household_role,
        }
        super().__init__(*args, municipality=client.municipality, initial=initial, **kwargs)
        if client.household_id:
            self.fieldsets = [*self.fieldsets[:-1], (_("Huishouden"), ["household_role"]), self.fieldsets[-1]]
        else:
            del self.fields["household_role"]

    def changes(self) -> dict:
        """The cleaned values, keyed as ``services.update_client`` expects them."""
        return self.service_values()


# --- Identifiers --------------------------------------------------------------------------------


class IdentifierAddForm(NldsForm):
    kind = forms.ChoiceField(label=_("Soort nummer"))
    value = forms.CharField(label=_("Nummer"), max_length=24, widget=SecretNumberInput(),
                            help_text=_("BSN: negen cijfers. V-nummer: hoogstens 10 cijfers. COA-nummer: "
                                        "letters en cijfers."))
    verified_on = forms.DateField(label=_("Geverifieerd op"), required=False, widget=DateInput(),
                                  help_text=_("Niet verplicht: de datum waarop u het nummer met een document "
                                              "heeft gecontroleerd."))

    def __init__(self, *args, missing_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, IdentifierKind(kind).label) for kind in missing_kinds]

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("value"):
            try:
                data["value"] = clean_identifier(data["kind"], data["value"])
            except ValidationError as exc:
                self.add_error("value", exc)
        return data


class IdentifierChangeForm(NldsForm):
    value = forms.CharField(label=_("Nieuw nummer"), required=False, max_length=24, widget=SecretNumberInput(),
                            help_text=_("Laat leeg om het nummer te houden."))
    verified_on = forms.DateField(label=_("Geverifieerd op"), required=False, widget=DateInput())

    def __init__(self, *args, identifier, **kwargs):
        super().__init__(*args, initial={"verified_on": identifier.verified_on}, **kwargs)
        self.identifier = identifier

    def clean_value(self) -> str:
        value = self.cleaned_data.get("value", "").strip()
        return clean_identifier(self.identifier.kind, value) if value else ""


# --- Household ----------------------------------------------------------------------------------


class HouseholdSearchForm(NldsForm):
    q = forms.CharField(label=_("Naam"), required=False, max_length=100)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())

    def name_terms(self) -> list[str]:
        return (self.cleaned_data.get("q") or "").split()[:5]

    def has_terms(self) -> bool:
        return bool(self.name_terms() or self.cleaned_data.get("geboortedatum"))


class HouseholdLinkForm(NldsForm):
    member = forms.UUIDField(widget=forms.HiddenInput())
    client_role = forms.ChoiceField(label=_("Rol van deze cliënt"), required=False, choices=household_role_choices)
    member_role = forms.ChoiceField(label=_("Rol van het gezinslid"), required=False,
                                    choices=household_role_choices)
