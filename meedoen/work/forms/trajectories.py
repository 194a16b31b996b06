"""Forms of the trajectory pages: providers, contracts, starting a trajectory, its result, and the filter of
the performance page. They parse; ``meedoen.work.services.trajectories`` validates the rules and saves."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import NLDesignFormMixin
from meedoen.work.models import TrajectoryResult, TrajectoryType


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(label, *, required=True, initial=None, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), required=required, initial=initial,
                           error_messages={"required": _("Vul een datum in."),
                                           "invalid": _("Vul een geldige datum in.")}, **kwargs)


class ServiceForm(NLDesignFormMixin, forms.Form):
    """A form whose service may raise a ``ValidationError``: its messages go back on the form."""


class ProviderForm(ServiceForm):
    name = forms.CharField(label=_("Naam"), max_length=150,
                           error_messages={"required": _("Vul de naam van het re-integratiebedrijf in.")})
    kvk_number = forms.CharField(label=_("KvK-nummer"), max_length=12, help_text=_("8 cijfers."),
                                 error_messages={"required": _("Vul het KvK-nummer in.")})

    @classmethod
    def initial_for(cls, provider) -> dict:
        return {"name": provider.name, "kvk_number": provider.kvk_number}


class ContractForm(ServiceForm):
    reference = forms.CharField(label=_("Kenmerk aanbesteding"), max_length=60,
                                error_messages={"required": _("Vul het kenmerk van de aanbesteding in.")})
    trajectory_type = forms.ChoiceField(label=_("Soort traject"),
                                        choices=[("", _("Kies de soort traject")), *TrajectoryType.choices],
                                        error_messages={"required": _("Kies de soort traject."),
                                                        "invalid_choice": _("Kies de soort traject.")})
    start = _date_field(_("Ingangsdatum"))
    end = _date_field(_("Einddatum"))
    price = forms.DecimalField(label=_("Prijs per traject (euro)"), max_digits=9, decimal_places=2,
                               error_messages={"required": _("Vul de prijs per traject in euro's in."),
                                               "invalid": _("Vul een bedrag in euro's in.")})
    promised_success_percent = forms.IntegerField(
        label=_("Beloofd succespercentage"), help_text=_("Het percentage trajecten dat volgens de aanbieding "
                                                         "eindigt in werk of opleiding (0 tot en met 100)."),
        error_messages={"required": _("Vul het beloofde succespercentage in."),
                        "invalid": _("Vul een heel getal in.")})
    success_window_months = forms.IntegerField(
        label=_("Resultaat telt binnen (maanden)"),
        help_text=_("Werk of opleiding telt als succes als het binnen zoveel maanden na de start is bereikt "
                    "(1 tot en met 60)."),
        error_messages={"required": _("Vul het aantal maanden in."), "invalid": _("Vul een heel getal in.")})

    @classmethod
    def initial_for(cls, contract) -> dict:
        return {name: getattr(contract, name) for name in cls.base_fields}


class TrajectoryStartForm(ServiceForm):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None, widget=forms.RadioSelect, empty_label=None,
                                      error_messages={"required": _("Kies het contract."),
                                                      "invalid_choice": _("Kies een contract dat nu loopt.")})
    start = _date_field(_("Startdatum"), initial=timezone.localdate)

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: (
            f"{c.provider.name} — {c.get_trajectory_type_display()} ({c.reference})")


RESULT_CHOICES = [(value, label) for value, label in TrajectoryResult.choices if value != TrajectoryResult.PENDING]


class TrajectoryResultForm(ServiceForm):
    result = forms.ChoiceField(label=_("Resultaat"), choices=RESULT_CHOICES, widget=forms.RadioSelect,
                               error_messages={"required": _("Kies het resultaat."),
                                               "invalid_choice": _("Kies het resultaat.")})
    result_on = _date_field(_("Resultaat bereikt op"), initial=timezone.localdate,
                            help_text=_("Bij werk: de eerste werkdag. Bij opleiding: de eerste lesdag. Zonder "
                                        "resultaat: de dag waarop het traject is gestopt."))
    end = _date_field(_("Einddatum traject (niet verplicht)"), required=False)


class PerformanceFilterForm(NLDesignFormMixin, forms.Form):
    jaar = forms.TypedChoiceField(label=_("Contracten die liepen in"), coerce=int, required=False, empty_value=None)
    soort = forms.ChoiceField(label=_("Soort traject"), required=False,
                              choices=[("", _("Alle soorten")), *TrajectoryType.choices])

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [("", _("Alle jaren")), *[(year, str(year)) for year in years]]
