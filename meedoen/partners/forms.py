"""Forms of the partner registry. They validate with the models' own field rules; the services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import NLDesignFormMixin
from meedoen.partners.models import ActivityType, Covenant, DataFlowBasis, Offer, PartnerContact


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PartnerModelForm(NLDesignFormMixin, forms.ModelForm):
    """Model validation (``clean``/``validate_unique``) is left to the service, which runs ``full_clean``
    on the complete row; errors it raises are put back on the form with :meth:`add_service_error`."""

    def _post_clean(self):
        pass

class CovenantForm(PartnerModelForm):
    class Meta:
        model = Covenant
        fields = ["start", "end", "delivers", "signed_on"]
        widgets = {"start": DateInput(), "end": DateInput(), "signed_on": DateInput()}


class ContactForm(PartnerModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "function", "phone", "email"]


class BasisForm(PartnerModelForm):
    class Meta:
        model = DataFlowBasis
        fields = ["basis", "shared_data", "valid_from", "valid_until", "document_reference"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}


class OfferForm(PartnerModelForm):
    class Meta:
        model = Offer
        fields = ["name", "activity_type", "hours_per_week", "duration_weeks", "location", "languages",
                  "capacity", "price", "active"]
        widgets = {"languages": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {"languages": _("De talen waarin de activiteit wordt gegeven. Houd Ctrl (of Cmd) ingedrukt "
                                     "om meer talen te kiezen.")}


class CatalogueFilterForm(NLDesignFormMixin, forms.Form):
    activity_type = forms.ChoiceField(label=_("Soort activiteit"), required=False,
                                      choices=[("", _("Alle soorten")), *ActivityType.choices])
