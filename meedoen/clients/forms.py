"""Forms of the client pages. They parse and validate input; the services change state."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.accounts import access
from meedoen.clients.models import Regime, validate_bsn
from meedoen.core.forms import NLDesignFormMixin

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BsnInput(forms.TextInput):
    """A BSN box that never writes the number back into the page (after an error it stays empty)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false",
                                **(attrs or {})})

    def format_value(self, value):
        return None


class NldsForm(NLDesignFormMixin, forms.Form):
    """Widgets get the NL Design System classes; render fields with includes/form_field.html."""


# --- List: search by name and birth date, "mine only"; BSN search (POST) -----------------------

class ClientSearchForm(NldsForm):
    q = forms.CharField(label=_("Naam"), required=False, max_length=100)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    mijn = forms.BooleanField(label=_("Alleen mijn cliënten"), required=False)

    def __init__(self, *args, show_mine: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_mine:
            del self.fields["mijn"]

    def name_terms(self) -> list[str]:
        return (self.cleaned_data.get("q") or "").split()[:5]


class BsnSearchForm(NldsForm):
    bsn = forms.CharField(label=_("BSN"), max_length=14, widget=BsnInput())

    def clean_bsn(self) -> str:
        return validate_bsn(self.cleaned_data["bsn"])


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
    """Name, birth date, regime, team and klantmanager: shared by create and edit."""

    given_names = forms.CharField(label=_("Voornamen"), max_length=150)
    family_name = forms.CharField(label=_("Achternaam"), max_length=150)
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput(), validators=[validate_birth_date])
    regime = forms.ChoiceField(label=_("Regime"), choices=[("", _("Kies een regime")), *Regime.choices])
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, to_field_name="public_id",
                                  empty_label=None)
    klantmanager = KlantmanagerChoiceField(
        label=_("Klantmanager"), required=False, help_text=_("Kies een klantmanager van het gekozen team."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["team"].queryset = access.assignable_teams(municipality)
        self.fields["klantmanager"].load(municipality)
        for name in ("given_names", "family_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_given_names(self) -> str:
        return self.cleaned_data["given_names"].strip()

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def add_service_error(self, exc: ValidationError) -> None:
        """Show a ValidationError from a service on the form: on its field when the form has one."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class ClientCreateForm(ClientForm):
    bsn = forms.CharField(
        label=_("BSN"), required=False, max_length=14,
        help_text=_("Niet verplicht. Negen cijfers; een nummer van acht cijfers krijgt een 0 ervoor."),
        widget=BsnInput(),
    )

    field_order = ["given_names", "family_name", "birth_date", "regime", "bsn", "team", "klantmanager"]

    def __init__(self, *args, user, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        self.order_fields(self.field_order)
        if not self.is_bound:
            team = access.default_team(user, municipality)
            if team is not None:
                self.initial.setdefault("team", team.public_id)
            if user.username in self.fields["klantmanager"]._users:
                self.initial.setdefault("klantmanager", user.username)

    def clean_bsn(self) -> str:
        value = self.cleaned_data.get("bsn", "").strip()
        return validate_bsn(value) if value else ""


class ClientEditForm(ClientForm):
    def __init__(self, *args, client, **kwargs):
        initial = {
            "given_names": client.given_names,
            "family_name": client.family_name,
            "birth_date": client.birth_date,
            "regime": client.regime,
            "team": client.team.public_id if client.team_id else None,
            "klantmanager": client.klantmanager.username if client.klantmanager_id else "",
        }
        super().__init__(*args, municipality=client.municipality, initial=initial, **kwargs)

    def changes(self) -> dict:
        """The cleaned values, keyed as ``services.update_client`` expects them."""
        return {name: self.cleaned_data[name]
                for name in ("given_names", "family_name", "birth_date", "regime", "team", "klantmanager")}
