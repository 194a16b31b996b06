"""The filter form of the monitoring dashboard (issue 6, item 1): measure, start event, cohort unit, period
(first and last cohort year, as-of date) and segment. Read from GET; an invalid choice falls back to the
default with a Dutch error message on the field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import NLDesignFormMixin
from meedoen.monitoring import data
from meedoen.monitoring.survival import BRP_REGISTERED, LINKED, MEASURES

ALL_MEASURES = "all"
FIRST_YEAR = 2016  # earliest cohort year offered (Wi2013 cohorts are still followed)


def _start_choices():
    return [(LINKED, _("Koppeling aan de gemeente")), (BRP_REGISTERED, _("Inschrijving in de BRP"))]


def _year_choices(today: dt.date):
    return [("", _("geen grens"))] + [(str(y), str(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]


class DashboardFilterForm(NLDesignFormMixin, forms.Form):
    maat = forms.ChoiceField(label=_("Uitkomst"), required=False)
    start = forms.ChoiceField(label=_("Tellen vanaf"), required=False)
    cohort = forms.ChoiceField(label=_("Cohort per"), required=False)
    vanaf = forms.TypedChoiceField(label=_("Eerste cohortjaar"), required=False, coerce=int, empty_value=None)
    tot = forms.TypedChoiceField(label=_("Laatste cohortjaar"), required=False, coerce=int, empty_value=None)
    uitsplitsing = forms.ChoiceField(label=_("Uitsplitsen naar"), required=False)
    peildatum = forms.DateField(label=_("Peildatum"), required=False,
                                help_text=_("Leeg: vandaag. Een eerdere datum toont de stand op die dag."),
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["maat"].choices = [(ALL_MEASURES, _("Alle uitkomsten"))] + [(k, v) for k, v in MEASURES.items()]
        self.fields["start"].choices = _start_choices()
        self.fields["cohort"].choices = [(data.YEAR, _("jaar")), (data.QUARTER, _("kwartaal")),
                                         (data.ALL, _("alle cohorten samen"))]
        self.fields["vanaf"].choices = _year_choices(today)
        self.fields["tot"].choices = _year_choices(today)
        self.fields["uitsplitsing"].choices = [("", _("niet uitsplitsen"))] + list(data.SEGMENTS.items())

    def clean_peildatum(self):
        day = self.cleaned_data.get("peildatum")
        if day is not None and day > self.today:
            raise forms.ValidationError(_("Kies een peildatum vandaag of eerder."))
        return day

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("vanaf"), cleaned.get("tot")
        if first is not None and last is not None and first > last:
            self.add_error("tot", _("Het laatste cohortjaar ligt vóór het eerste."))
        return cleaned

    def values(self) -> dict:
        """The chosen values, with defaults for anything empty or invalid."""
        cleaned = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        errors = self.errors if self.is_bound else {}

        def pick(name, default):
            if name in errors:
                return default
            value = cleaned.get(name)
            return default if value in (None, "") else value

        first, last = pick("vanaf", None), pick("tot", None)
        if first is not None and last is not None and first > last:
            first = last = None
        return {
            "measure": pick("maat", ALL_MEASURES),
            "start_event": pick("start", LINKED),
            "cohort_unit": pick("cohort", data.YEAR),
            "first_year": first,
            "last_year": last,
            "segment": pick("uitsplitsing", ""),
            "as_of": pick("peildatum", self.today),
        }
