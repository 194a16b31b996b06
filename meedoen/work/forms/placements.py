"""Forms of the placement pages: record or change a placement, end it, and the year of the outflow figures.
They parse; ``meedoen.work.services.placements`` validates the rules (outflow, norm, support) and saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.clients.forms import DateInput
from meedoen.core.forms import NLDesignFormMixin
from meedoen.work.models import ContractType, Employer, PlaceKind, PlacementEndReason


def _date_field(label, *, required=True, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), required=required,
                           error_messages={"required": _("Vul een datum in."),
                                           "invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2026.")},
                           **kwargs)


def _money_field(label, **kwargs):
    return forms.DecimalField(label=label, required=False, max_digits=8, decimal_places=2, min_value=0,
                              error_messages={"invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 1100,00."),
                                              "min_value": _("Een bedrag kan niet negatief zijn.")}, **kwargs)


class PlacementTermsForm(NLDesignFormMixin, forms.Form):
    """The terms of a placement that can be changed later."""

    occupation = forms.CharField(label=_("Functie"), max_length=100, required=False)
    hours_per_week = forms.IntegerField(label=_("Uren per week"), min_value=1, max_value=60,
                                        error_messages={"required": _("Vul het aantal uren per week in."),
                                                        "invalid": _("Vul een heel getal in."),
                                                        "min_value": _("Minstens 1 uur per week."),
                                                        "max_value": _("Hoogstens 60 uur per week.")})
    contract_type = forms.ChoiceField(label=_("Soort contract"), required=False,
                                      choices=[("", _("Geen (onbetaalde plaats)")), *ContractType.choices],
                                      help_text=_("Beschut werk is een soort contract."))
    monthly_wage = _money_field(_("Netto loon per maand (euro)"), help_text=_("Alleen bij een betaalde baan."))
    bijstand_norm = _money_field(
        _("Bijstandsnorm per maand (euro)"),
        help_text=_("Leeg: de norm uit de instellingen (gehuwden of alleenstaande, naar het huishouden)."))
    job_coach = forms.BooleanField(label=_("Met jobcoach"), required=False)
    wage_cost_subsidy = forms.BooleanField(label=_("Met loonkostensubsidie (art. 10c/10d)"), required=False)
    wage_value_percent = forms.IntegerField(label=_("Loonwaarde (%)"), required=False, min_value=1, max_value=100,
                                            help_text=_("Alleen bij loonkostensubsidie."),
                                            error_messages={"invalid": _("Vul een heel getal in."),
                                                            "min_value": _("De loonwaarde is minstens 1 procent."),
                                                            "max_value": _("De loonwaarde is hoogstens 100 procent.")})

    TERM_FIELDS = ("occupation", "hours_per_week", "contract_type", "monthly_wage", "bijstand_norm", "job_coach",
                   "wage_cost_subsidy", "wage_value_percent")

    def terms(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.TERM_FIELDS}


class PlacementForm(PlacementTermsForm):
    kind = forms.ChoiceField(label=_("Soort plaats"), choices=[("", _("Kies de soort plaats")), *PlaceKind.choices],
                             error_messages={"required": _("Kies de soort plaats."),
                                             "invalid_choice": _("Kies de soort plaats.")})
    employer = forms.ModelChoiceField(label=_("Werkgever"), queryset=Employer.objects.none(),
                                      to_field_name="public_id", empty_label=_("Kies de werkgever"),
                                      error_messages={"required": _("Kies de werkgever."),
                                                      "invalid_choice": _("Kies de werkgever.")})
    start = _date_field(_("Begindatum"))
    end = _date_field(_("Einddatum"), required=False, help_text=_("Leeg: loopt nog of onbepaalde tijd."))

    field_order = ["kind", "employer", "occupation", "start", "end", "hours_per_week", "contract_type",
                   "monthly_wage", "bijstand_norm", "job_coach", "wage_cost_subsidy", "wage_value_percent"]

    def __init__(self, *args, municipality, locked_employer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(municipality=municipality).order_by("name")
        if locked_employer:
            # From a proposal: the placement takes the proposal's vacancy and employer.
            self.fields["employer"].disabled = True
            self.fields["employer"].required = False


class PlacementEndForm(NLDesignFormMixin, forms.Form):
    end = _date_field(_("Laatste werkdag"))
    end_reason = forms.ChoiceField(label=_("Reden einde"),
                                   choices=[("", _("Kies een reden")), *PlacementEndReason.choices],
                                   error_messages={"required": _("Kies een reden."),
                                                   "invalid_choice": _("Kies een reden.")})
