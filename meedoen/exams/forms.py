"""Forms of the exam pages: they parse; the services have the last word (levels, dates, attempt numbers)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.clients.forms import DateInput, NldsForm
from meedoen.exams.fulfilment import hours_text
from meedoen.exams.models import ExamComponent, ExamLevel, ExamResult, MapTheme
from meedoen.exams.services import FINAL_RESULTS

CHECKBOX_CLASS = "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"


def component_choices(client) -> list[tuple[str, str]]:
    """Every component; ONA only for clients under the Wet inburgering 2013."""
    return [(value, label) for value, label in ExamComponent.choices
            if value != ExamComponent.ONA or client.regime == "wi2013"]


class AttemptForm(NldsForm):
    component = forms.ChoiceField(label=_("Onderdeel"))
    level = forms.ChoiceField(
        label=_("Niveau"), required=False,
        choices=[("", _("Geen niveau (KNM, ONA) of volgt uit het staatsexamen")), *ExamLevel.choices],
        help_text=_("Verplicht voor lezen, luisteren, schrijven en spreken. Staatsexamen NT2 I is B1, II is B2."))
    taken_on = forms.DateField(label=_("Examendatum"), widget=DateInput())
    result = forms.ChoiceField(label=_("Uitslag"), choices=ExamResult.choices, initial=ExamResult.PENDING)
    result_on = forms.DateField(label=_("Uitslag bekend op"), required=False, widget=DateInput(),
                                help_text=_("Alleen invullen als de uitslag al bekend is."))

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [("", _("Kies een onderdeel")), *component_choices(client)]


class ResultForm(NldsForm):
    result = forms.ChoiceField(label=_("Uitslag"),
                               choices=[(value, label) for value, label in ExamResult.choices
                                        if value in FINAL_RESULTS])
    result_on = forms.DateField(label=_("Uitslag bekend op"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("result_on", timezone.localdate())
        super().__init__(*args, **kwargs)


def _hours_help(norm_text: str, attended) -> str:
    if not attended:
        return norm_text
    return _("%(norm)s Volgens de partners was de cliënt %(hours)s uur aanwezig.") % {
        "norm": norm_text, "hours": hours_text(attended)}


class ModulesForm(NldsForm):
    pvt_hours = forms.IntegerField(label=_("PVT: gevolgde uren"), min_value=0, max_value=200, required=False,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    pvt_signed_on = forms.DateField(label=_("Participatieverklaring ondertekend op"), required=False,
                                    widget=DateInput())
    map_themes_done = forms.MultipleChoiceField(
        label=_("MAP: afgeronde thema's"), required=False, choices=MapTheme.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX_CLASS}))
    map_practical_hours = forms.IntegerField(label=_("MAP: praktijkuren"), min_value=0, max_value=2000,
                                             required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    map_final_conversation_on = forms.DateField(label=_("MAP: eindgesprek gevoerd op"), required=False,
                                                widget=DateInput())
    z_final_conversation_on = forms.DateField(label=_("Z-route: eindgesprek gevoerd op"), required=False,
                                              widget=DateInput())

    def __init__(self, *args, norms, route: str = "", attended: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        attended = attended or {}
        self.fields["pvt_hours"].help_text = _hours_help(_("Het minimum is %(norm)s uur.") % {
            "norm": norms.pvt_minimum_hours}, attended.get("pvt"))
        self.fields["map_practical_hours"].help_text = _hours_help(_("De norm van de gemeente is %(norm)s uur.") % {
            "norm": norms.map_practical_hours}, attended.get("map"))
        if route in ("education", "wi2013"):
            # The onderwijsroute has no MAP (domain.md), nor a Z-route conversation; Wi2013 only has the PVT here.
            for name in ("map_themes_done", "map_practical_hours", "map_final_conversation_on",
                         "z_final_conversation_on"):
                del self.fields[name]
        elif route == "b1":
            del self.fields["z_final_conversation_on"]
