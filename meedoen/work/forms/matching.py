"""Forms of the matching pages: the work profile, proposing a candidate and the result of a proposal. They
parse; ``meedoen.work.services.matching`` validates the rules and saves."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import NLDesignFormMixin
from meedoen.work.models import Certificate, NotHiredReason, PlaceKind, Sector, ShareBasis


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(label, *, required=True, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), required=required,
                           error_messages={"required": _("Vul een datum in."),
                                           "invalid": _("Vul een geldige datum in.")}, **kwargs)


class ServiceForm(NLDesignFormMixin, forms.Form):
    """A form whose service may raise a ``ValidationError``: its messages come back on the form."""


class WorkProfileForm(ServiceForm):
    experience_occupation = forms.CharField(
        label=_("Beroep met werkervaring"), max_length=100, required=False,
        help_text=_("Bijvoorbeeld: orderpicker, kok, verzorgende. Ervaring uit het land van herkomst komt uit de "
                    "brede intake."))
    experience_sectors = forms.MultipleChoiceField(
        label=_("Sectoren met werkervaring"), choices=Sector.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    experience_years = forms.IntegerField(
        label=_("Jaren werkervaring"), min_value=0, max_value=60, required=False,
        error_messages={"invalid": _("Vul een aantal jaren in."),
                        "min_value": _("Vul 0 tot 60 jaar in."), "max_value": _("Vul 0 tot 60 jaar in.")})
    desired_sectors = forms.MultipleChoiceField(
        label=_("Gewenste sectoren"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple)
    desired_kinds = forms.MultipleChoiceField(
        label=_("Gewenste soort werk"), choices=PlaceKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    desired_hours = forms.IntegerField(
        label=_("Gewenst aantal uren per week"), min_value=1, max_value=40, required=False,
        error_messages={"invalid": _("Vul een aantal uren in."),
                        "min_value": _("Vul 1 tot 40 uur in."), "max_value": _("Vul 1 tot 40 uur in.")})
    preferred_locations = forms.CharField(
        label=_("Gewenste werkplaatsen"), max_length=200, required=False,
        help_text=_("Plaatsnamen, gescheiden door komma's. Leeg: geen voorkeur."))
    driving_licence = forms.BooleanField(label=_("Rijbewijs B"), required=False)
    certificates = forms.ModelMultipleChoiceField(
        label=_("Certificaten"), queryset=Certificate.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple)

    @classmethod
    def initial_for(cls, profile) -> dict:
        if profile is None:
            return {}
        return {"experience_occupation": profile.experience_occupation,
                "experience_sectors": profile.experience_sectors, "experience_years": profile.experience_years,
                "desired_sectors": profile.desired_sectors, "desired_kinds": profile.desired_kinds,
                "desired_hours": profile.desired_hours, "preferred_locations": profile.preferred_locations,
                "driving_licence": profile.driving_licence, "certificates": list(profile.certificates.all())}


class ProposeForm(ServiceForm):
    share_basis = forms.ChoiceField(
        label=_("Grondslag voor het delen van gegevens"), choices=ShareBasis.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Kies de grondslag voor het delen van gegevens.")})
    consent_on = _date_field(_("Toestemming gegeven op"), required=False,
                             help_text=_("Verplicht bij toestemming van de cliënt."))
    shared_data = forms.CharField(
        label=_("Gedeelde gegevens"), max_length=300, required=False,
        help_text=_("Welke gegevens de werkgever krijgt, bijvoorbeeld: naam, telefoon, cv, taalniveau. Verplicht "
                    "bij toestemming. Nooit gegevens over gezondheid."))
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ProposalUpdateForm(ServiceForm):
    """One step on a proposal: interview, hired, not hired or withdraw (the fields the step needs)."""

    STEPS = ("interview", "hired", "not_hired", "withdraw")

    step = forms.ChoiceField(choices=[(s, s) for s in STEPS], widget=forms.HiddenInput)
    on = _date_field(_("Datum"), required=False)
    reason = forms.ChoiceField(label=_("Reden"), choices=[("", _("Kies een reden")), *NotHiredReason.choices],
                               required=False)
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        step = data.get("step")
        if step in ("interview", "hired", "not_hired") and not data.get("on"):
            self.add_error("on", _("Vul een datum in."))
        if step == "not_hired" and not data.get("reason"):
            self.add_error("reason", _("Kies de reden."))
        return data

    @classmethod
    def for_step(cls, step: str, data=None):
        form = cls(data, initial={"step": step, "on": timezone.localdate()}, prefix=step)
        labels = {"interview": _("Datum van het gesprek"), "hired": _("Aangenomen op"),
                  "not_hired": _("Besloten op")}
        if step in labels:
            form.fields["on"].label = labels[step]
        if step != "not_hired":
            del form.fields["reason"]
            del form.fields["note"]
        if step == "withdraw":
            del form.fields["on"]
        return form


class CandidateFilterForm(NLDesignFormMixin, forms.Form):
    alleen_passend = forms.BooleanField(label=_("Alleen kandidaten die aan alle harde eisen voldoen"),
                                        required=False)
