"""Forms of the plan pages. They parse input; ``plans.services`` validates and saves (its errors come back on
the form through ``add_service_error``)."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.clients.forms import DateInput
from meedoen.core.forms import NLDesignFormMixin
from meedoen.partners.models import ActivityType, Offer
from meedoen.plans import load, services
from meedoen.plans.models import Plan, PlanSettings


class ServiceErrorsMixin:
    fieldsets: tuple = ()

    def add_service_error(self, exc: ValidationError) -> None:
        """A ValidationError from a service on the form: on its field when the form has one."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)

    def groups(self) -> list[dict]:
        """The fields per fieldset (legend, intro, fields) for the template."""
        result = []
        for legend, intro, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                result.append({"legend": legend, "intro": intro, "fields": fields})
        return result


class PlanForm(ServiceErrorsMixin, NLDesignFormMixin, forms.ModelForm):
    fieldsets = (
        (_("Leerroute"), "", ("route", "stepped_down_to_a2", "stepped_down_on", "stepped_down_reason")),
        (_("Doelen"), _("Het hoofddoel en de doelen op de drie lijnen van het plan."),
         ("main_goal", "goal_language", "goal_work", "goal_finance")),
        (_("PVT en MAP"), _("Hoe intensief de cliënt het participatieverklaringstraject (PVT) en de module "
                            "arbeidsmarkt en participatie (MAP) volgt."), ("pvt_intensity", "map_intensity")),
        (_("Beschikbaarheid en kinderopvang"), _("Hiermee controleert het systeem de weekbelasting."),
         ("hours_available", "needs_childcare")),
        (_("Ontzorgen"), _("Voor asielstatushouders met bijstand: de gemeente betaalt huur, energie en "
                           "zorgverzekering uit de uitkering, in de regel 6 maanden vanaf het begin van de "
                           "bijstand."), ("ontzorgen", "ontzorgen_until", "ontzorgen_note")),
        (_("Voortgang en contactpersoon"), "", ("progress_agreements", "contact_person")),
        (_("Participatiewet"), _("De cliënt heeft (of had) bijstand. Leg hier de arbeidsverplichtingen en de "
                                 "tegenprestatie vast."), ("participatiewet_obligations",)),
    )

    class Meta:
        model = Plan
        fields = services.PLAN_FIELDS
        widgets = {
            "stepped_down_on": DateInput(),
            "ontzorgen_until": DateInput(),
            "main_goal": forms.Textarea(attrs={"rows": 2}),
            "goal_language": forms.Textarea(attrs={"rows": 3}),
            "goal_work": forms.Textarea(attrs={"rows": 3}),
            "goal_finance": forms.Textarea(attrs={"rows": 3}),
            "progress_agreements": forms.Textarea(attrs={"rows": 3}),
            "participatiewet_obligations": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "route": _("Leerroute"),
            "stepped_down_to_a2": _("Afgeschaald naar A2 (alleen B1-route)"),
            "stepped_down_on": _("Afgeschaald op"),
            "stepped_down_reason": _("Reden van het afschalen"),
            "main_goal": _("Hoofddoel"),
            "goal_language": _("Taal en inburgering"),
            "goal_work": _("Werk en participatie"),
            "goal_finance": _("Financiële zelfredzaamheid"),
            "pvt_intensity": _("Intensiteit PVT"),
            "map_intensity": _("Intensiteit MAP"),
            "hours_available": _("Beschikbaar (uren per week)"),
            "needs_childcare": _("Kinderopvang nodig"),
            "ontzorgen": _("Ontzorgen"),
            "ontzorgen_until": _("Ontzorgen tot en met"),
            "ontzorgen_note": _("Wat wordt ontzorgd"),
            "progress_agreements": _("Afspraken over de voortgang"),
            "contact_person": _("Contactpersoon bij de gemeente"),
            "participatiewet_obligations": _("Verplichtingen Participatiewet"),
        }
        help_texts = {
            "stepped_down_reason": _("Verplicht als de cliënt is afgeschaald."),
            "progress_agreements": _("Bijvoorbeeld: elke drie maanden een voortgangsgesprek."),
            "map_intensity": _("De onderwijsroute heeft geen MAP."),
            "participatiewet_obligations": "",
        }

    # A plan van aanpak (Wi2013, or no inburgering duty): no route, PVT, MAP or ontzorgen; the Participatiewet
    # obligations are what the plan is for (required to set it when the client has bijstand).
    pva_fieldsets = (
        (_("Doelen"), _("Het hoofddoel en de doelen van het plan van aanpak."),
         ("main_goal", "goal_language", "goal_work", "goal_finance")),
        (_("Participatiewet"), _("De arbeidsverplichtingen en de tegenprestatie. Nodig om het plan vast te stellen."),
         ("participatiewet_obligations",)),
        (_("Beschikbaarheid en kinderopvang"), _("Hiermee controleert het systeem de weekbelasting."),
         ("hours_available", "needs_childcare")),
        (_("Voortgang en contactpersoon"), "", ("progress_agreements", "contact_person")),
    )

    def __init__(self, *args, show_participatiewet: bool = True, pip: bool = True, obligations_required: bool = True,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = services.contact_person_choices(self.instance.municipality)
        self.fields["contact_person"].empty_label = _("Kies een contactpersoon")
        self.fields["hours_available"].widget.attrs.update({"min": 0, "max": 60})
        if not pip:
            self.fieldsets = self.pva_fieldsets
            if not obligations_required:  # no bijstand: the obligations are optional
                self.fieldsets = tuple(
                    (legend, _("De arbeidsverplichtingen en de tegenprestatie, als de cliënt bijstand krijgt. Niet "
                               "nodig om het plan vast te stellen: deze cliënt heeft geen bijstand."), names)
                    if names == ("participatiewet_obligations",) else (legend, help_text, names)
                    for legend, help_text, names in self.pva_fieldsets)
            for name in services.INBURGERING_FIELDS:
                del self.fields[name]
            self.fields["goal_language"].label = _("Taal")
            self.fields["goal_language"].help_text = _("Bijvoorbeeld de taaleis uit de Participatiewet (niveau 1F). "
                                                       "Leeg laten als dat niet nodig is.")
            if services.is_wi2013(self.instance.client):
                self.fields["goal_language"].help_text = _(
                    "Bijvoorbeeld het inburgeringsexamen op niveau A2. De cliënt regelt de inburgering zelf, via DUO "
                    "(Wet inburgering 2013).")
            return
        for name in ("route", "pvt_intensity", "map_intensity"):
            self.fields[name].choices = [("", _("Nog niet gekozen")), *list(self.fields[name].choices)[1:]]
        if not show_participatiewet and not self.instance.participatiewet_obligations:
            del self.fields["participatiewet_obligations"]

    def _post_clean(self):  # the service validates the model
        pass


def _offer_label(offer: Offer) -> str:
    return _("%(name)s — %(partner)s, %(hours)s per week, %(weeks)s weken") % {
        "name": offer.name, "partner": offer.partner.name, "hours": load.hours_unit(offer.hours_per_week),
        "weeks": offer.duration_weeks}


class ActivityForm(ServiceErrorsMixin, NLDesignFormMixin, forms.Form):
    offer = forms.ChoiceField(label=_("Aanbod uit de catalogus"), required=False,
                              help_text=_("Kies een aanbod, of laat dit leeg en kies hieronder de soort activiteit."))
    activity_type = forms.ChoiceField(label=_("Soort activiteit (zonder aanbod)"), required=False)
    description = forms.CharField(label=_("Omschrijving"), max_length=200, required=False,
                                  help_text=_("Leeg laten: de naam van het aanbod of de soort activiteit."))
    hours_per_week = forms.DecimalField(
        label=_("Uren per week"), required=False, min_value=0, max_value=40, max_digits=4, decimal_places=1,
        localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Bijvoorbeeld 12 of 12,5. Leeg laten bij een aanbod: de uren van het aanbod."),
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 12 of 12,5.")})
    start = forms.DateField(label=_("Startdatum"), widget=DateInput(),
                            error_messages={"required": _("Vul de startdatum in."),
                                            "invalid": _("Vul een geldige datum in.")})
    end = forms.DateField(label=_("Einddatum"), required=False, widget=DateInput(),
                          help_text=_("Leeg laten bij een aanbod: de startdatum plus de duur van het aanbod."),
                          error_messages={"invalid": _("Vul een geldige datum in.")})

    fieldsets = (
        (_("Wat"), "", ("offer", "activity_type", "description")),
        (_("Hoeveel en wanneer"), "", ("hours_per_week", "start", "end")),
    )

    def __init__(self, *args, municipality, current_offer: Offer | None = None, pip: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        offers = Offer.objects.active().filter(municipality=municipality).select_related("partner")
        if not pip:  # a plan van aanpak has no PVT or MAP
            offers = offers.exclude(activity_type__in=services.INBURGERING_TYPES)
        offers = list(offers.order_by("activity_type", "name"))
        if current_offer is not None and current_offer not in offers:
            offers.append(current_offer)
        self._offers = {str(o.public_id): o for o in offers}
        grouped: dict[str, list] = defaultdict(list)
        for o in offers:
            grouped[o.activity_type].append((str(o.public_id), _offer_label(o)))
        self.fields["offer"].choices = [("", _("Geen aanbod: een eigen activiteit"))] + [
            (str(label), sorted(grouped[value], key=lambda c: c[1]))
            for value, label in ActivityType.choices if grouped.get(value)]
        self.fields["activity_type"].choices = [("", _("Kies de soort")), *(
            (value, label) for value, label in ActivityType.choices
            if pip or value not in services.INBURGERING_TYPES)]

    def clean_offer(self) -> Offer | None:
        value = self.cleaned_data.get("offer")
        return self._offers.get(value) if value else None

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"offer": data["offer"], "activity_type": data["activity_type"] or None,
                "description": data["description"], "hours_per_week": data["hours_per_week"],
                "start": data["start"], "end": data["end"]}


class SetForm(ServiceErrorsMixin, NLDesignFormMixin, forms.Form):
    dagtekening = forms.DateField(label=_("Dagtekening"), widget=DateInput(),
                                  help_text=_("De datum van het besluit over het plan. Niet in de toekomst."),
                                  error_messages={"required": _("Vul de dagtekening in."),
                                                  "invalid": _("Vul een geldige datum in.")})
    override_reason = forms.CharField(
        label=_("Toch vaststellen omdat…"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen nodig als de weekbelasting niet past: leg uit waarom het plan toch zo wordt "
                    "vastgesteld (minstens 10 tekens)."))

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dagtekening"].initial = timezone.localdate()
        if not needs_reason:
            del self.fields["override_reason"]


class SettingsForm(ServiceErrorsMixin, NLDesignFormMixin, forms.ModelForm):
    fieldsets = (
        (_("Normen voor de leerroutes"), _("Het plan toont een waarschuwing als er minder uren gepland zijn."),
         ("z_route_language_hours", "z_route_participation_hours", "pvt_minimum_hours", "map_practical_hours")),
        (_("Signalen over aanwezigheid"), _("Een signaal op de caseload als de aanwezigheid bij een activiteit "
                                            "te laag is."),
         ("attendance_threshold_percent", "attendance_window_weeks")),
    )

    class Meta:
        model = PlanSettings
        fields = services.SETTINGS_FIELDS

    def _post_clean(self):  # the service validates the model
        pass
