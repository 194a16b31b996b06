"""Forms of the caseload pages. Choices come from querysets the view builds through the access door."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meedoen.caseload.services import MAX_REASON
from meedoen.clients.models import Regime
from meedoen.core.forms import NLDesignFormMixin


class MembershipChoiceField(forms.ModelChoiceField):
    """A klantmanager, chosen by the public id of their membership in the team."""

    def label_from_instance(self, obj) -> str:
        name = obj.user.get_full_name() or obj.user.get_username()
        return f"{name} ({obj.team.name})"


class CaseloadFilterForm(NLDesignFormMixin, forms.Form):
    SORTS = [("naam", _("Naam")), ("termijn", _("Eerstvolgende termijn")), ("contact", _("Laatste contact"))]
    STATUSES = [("", _("Alle")), ("te_laat", _("Te laat")), ("binnenkort", _("Binnenkort"))]

    status = forms.ChoiceField(label=_("Termijn"), choices=STATUSES, required=False)
    regime = forms.ChoiceField(label=_("Regime"), choices=[("", _("Alle"))] + list(Regime.choices), required=False)
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=None, required=False, to_field_name="public_id",
                                     empty_label=_("Alle"))
    sorteer = forms.ChoiceField(label=_("Sorteren op"), choices=SORTS, required=False)

    def __init__(self, *args, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments

    def value(self, name: str):
        """The cleaned value, or the empty default for a missing or invalid field."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None


class ReasonMixin(forms.Form):
    # Required is checked on the server, with a Dutch message; the browser's own check would mark the
    # empty field as invalid before the user has typed anything.
    use_required_attribute = False

    reason = forms.CharField(label=_("Reden"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Verplicht. De reden wordt bewaard in de geschiedenis van de cliënt."))


class TeamOverrideForm(NLDesignFormMixin, ReasonMixin):
    team = forms.ModelChoiceField(label=_("Nieuw team"), queryset=None, to_field_name="public_id",
                                  empty_label=_("Kies een team"))

    field_order = ["team", "reason"]

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class SegmentOverrideForm(NLDesignFormMixin, ReasonMixin):
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=None, to_field_name="public_id",
                                     empty_label=_("Kies een segment"))

    field_order = ["segment", "reason"]

    def __init__(self, *args, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments


class AssignForm(NLDesignFormMixin, forms.Form):
    klantmanager = MembershipChoiceField(label=_("Klantmanager"), queryset=None, to_field_name="public_id",
                                         empty_label=_("Kies een klantmanager"))

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klantmanager"].queryset = memberships


class UUIDListField(forms.Field):
    """Several ids posted under one name (checkboxes); each must be a UUID."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Kies ten minste één cliënt."),
        "invalid": _("Een of meer gekozen cliënten zijn niet gevonden."),
    }

    def to_python(self, value):
        if not value:
            return []
        try:
            return sorted({uuid.UUID(str(v)) for v in value}, key=str)
        except (ValueError, TypeError, AttributeError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReassignForm(NLDesignFormMixin, forms.Form):
    """Bulk (re)assignment on the team page: chosen clients (public ids) to one klantmanager of the team.
    Which of the posted clients may be used is decided by the access door in the view."""

    clients = UUIDListField(label=_("Cliënten"))
    klantmanager = MembershipChoiceField(label=_("Toewijzen aan"), queryset=None, to_field_name="public_id",
                                         error_messages={"required": _("Kies een klantmanager."),
                                                         "invalid_choice": _("Kies een klantmanager van dit team.")})

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klantmanager"].queryset = memberships
