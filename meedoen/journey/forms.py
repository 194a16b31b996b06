"""Forms of the journey pages. They parse and validate input; the services in ``journey.services`` change state
and have the last word (order rules, overlaps); their errors are put back on these forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.clients.forms import DateInput, NldsForm
from meedoen.clients.models import Language, postcode_validator
from meedoen.clients.services import normalise_postcode
from meedoen.core.forms import NLDesignFormMixin
from meedoen.journey.models import (
    MILESTONE_DETAIL_FIELDS,
    Anchor,
    BijstandEndReason,
    CoaProfile,
    ContactKind,
    ExtensionGround,
    Handover,
    LadderRung,
    MilestoneKind,
    OffsetUnit,
)

FUTURE_DATE = _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")
EARLIEST = dt.date(1990, 1, 1)

DETAIL_LABELS = {
    "housing_corporation": _("Woningcorporatie"),
    "ground": _("Grond voor de ontheffing"),
}


def not_in_future(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(FUTURE_DATE, code="future")


def not_too_early(value: dt.date) -> None:
    if value < EARLIEST:
        raise ValidationError(_("Deze datum ligt te ver terug (vóór 1990). Controleer het jaartal."), code="early")


class PastDateField(forms.DateField):
    """A date that has already happened (today at the latest)."""

    widget = DateInput
    default_validators = [not_in_future, not_too_early]
    default_error_messages = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2024.")}


class ServiceErrorsMixin:
    """Shared by every journey form: fields grouped for the template (service errors: NLDesignFormMixin)."""

    # (legend, field names): fields in a fieldset of their own; the others come first, without a legend.
    fieldsets: tuple = ()
    _exception_fields = ("exception_reason", "confirm_exception")

    def groups(self) -> list[dict]:
        named = {name for _legend, names in self.fieldsets for name in names}
        first = [bf for bf in self if bf.name not in named and bf.name not in self._exception_fields]
        groups = [{"legend": "", "fields": first}] if first else []
        for legend, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                groups.append({"legend": legend, "fields": fields})
        return groups


class JourneyForm(ServiceErrorsMixin, NldsForm):
    pass


class JourneyModelForm(ServiceErrorsMixin, NLDesignFormMixin, forms.ModelForm):
    """Validates with the model's own field rules; the service saves (pass it ``cleaned_data``)."""


# --- Milestones ------------------------------------------------------------------------------------------

class OrderExceptionMixin(forms.Form):
    """A milestone outside the usual order is saved only with a reason and an explicit confirmation.
    The service decides whether the order differs; the view calls :meth:`show_order_problems` when it does."""

    exception_reason = forms.CharField(
        label=_("Reden voor de afwijkende volgorde"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: al gehuisvest via gezinshereniging. Maximaal 300 tekens."),
    )
    confirm_exception = forms.BooleanField(label=_("Ik bevestig deze uitzondering"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_problems: list[str] = []

    def exception_reason_value(self) -> str:
        """The reason, but only when the user also confirmed it (else nothing: the order is checked again)."""
        reason = (self.cleaned_data.get("exception_reason") or "").strip()
        return reason if reason and self.cleaned_data.get("confirm_exception") else ""

    def show_order_problems(self, problems: list[str]) -> None:
        self.order_problems = list(problems)
        reason = (self.cleaned_data.get("exception_reason") or "").strip()
        confirmed = self.cleaned_data.get("confirm_exception")
        if confirmed and not reason:
            self.add_error("exception_reason", _("Vul de reden voor de afwijkende volgorde in."))
        elif reason and not confirmed:
            self.add_error("confirm_exception", _("Vink aan dat u deze uitzondering bevestigt."))

    @property
    def show_exception_fields(self) -> bool:
        return bool(self.order_problems)


class MilestoneForm(OrderExceptionMixin, JourneyForm):
    date = PastDateField(label=_("Datum"))

    fieldsets = ((_("Nieuw adres"), ("street", "house_number", "postcode", "city")),)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, max_length in MILESTONE_DETAIL_FIELDS.get(kind, {}).items():
            self.fields[name] = forms.CharField(label=DETAIL_LABELS.get(name, name), max_length=max_length,
                                                required=False)
        if kind == MilestoneKind.HOUSED:
            self.fields["street"] = forms.CharField(label=_("Straat"), max_length=120, required=False)
            self.fields["house_number"] = forms.CharField(label=_("Huisnummer"), max_length=12, required=False)
            self.fields["postcode"] = forms.CharField(label=_("Postcode"), max_length=8, required=False,
                                                      help_text=_("Bijvoorbeeld 8011 AB."))
            self.fields["city"] = forms.CharField(label=_("Woonplaats"), max_length=80, required=False)
        self.order_fields(["date", *MILESTONE_DETAIL_FIELDS.get(kind, {}), "street", "house_number", "postcode",
                           "city", "exception_reason", "confirm_exception"])
        if kind == MilestoneKind.PIP_SET:
            self.fields["date"].label = _("Dagtekening van het PIP")
            self.fields["date"].help_text = _("De datum die op het besluit staat. De inburgeringstermijn begint "
                                              "de dag na de dagtekening van het eerste PIP.")

    def clean_postcode(self) -> str:
        value = normalise_postcode(self.cleaned_data.get("postcode") or "")
        if value:
            postcode_validator(value)
        return value

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in MILESTONE_DETAIL_FIELDS.get(self.kind, {})}

    def address(self) -> dict:
        return {name: (self.cleaned_data.get(name) or "").strip()
                for name in ("street", "house_number", "postcode", "city") if name in self.fields}


class MilestoneCorrectForm(OrderExceptionMixin, JourneyForm):
    date = PastDateField(label=_("Juiste datum"))

    field_order = ["date", "exception_reason", "confirm_exception"]


# --- COA profile and warm handover -------------------------------------------------------------------------

class CoaProfileForm(JourneyModelForm):
    received_on = PastDateField(label=_("Ontvangen op"))

    class Meta:
        model = CoaProfile
        fields = ["received_on", "household_size", "education", "education_years", "work_experience_years",
                  "occupation", "visible_limitations"]
        help_texts = {
            "visible_limitations": _("Gezondheidsgegeven: alleen zichtbaar voor de eigen klantmanager en de "
                                     "teamleider. Elke keer dat het wordt bekeken, wordt vastgelegd."),
            "household_size": _("Aantal personen, de cliënt meegerekend."),
        }

    def __init__(self, *args, special_category: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not special_category:
            del self.fields["visible_limitations"]


class HandoverForm(JourneyModelForm):
    first_talk_on = PastDateField(label=_("Eerste gesprek in het azc"), required=False)
    health_consent_on = PastDateField(label=_("Datum toestemming of weigering"), required=False)

    fieldsets = ((_("Toestemming gezondheidsinformatie"), ("health_consent", "health_consent_on")),)

    class Meta:
        model = Handover
        fields = ["first_talk_on", "profile_received", "contact_details_received", "health_consent",
                  "health_consent_on", "pre_integration_followed"]
        labels = {
            "profile_received": _("Informatieprofiel van het COA ontvangen"),
            "contact_details_received": _("Contactgegevens van de cliënt ontvangen"),
            "health_consent": _("Stand van de toestemming"),
            "pre_integration_followed": _("Voorinburgering in het azc gevolgd"),
        }


# --- Bijstand, extension, contact, ladder ------------------------------------------------------------------

class BijstandStartForm(JourneyForm):
    start = PastDateField(label=_("Eerste dag van de bijstand"))


class BijstandEndForm(JourneyForm):
    end = PastDateField(label=_("Laatste dag van de bijstand"))
    end_reason = forms.ChoiceField(label=_("Reden van beëindiging"),
                                   choices=[("", _("Kies een reden")), *BijstandEndReason.choices])


class TermExtensionForm(JourneyForm):
    weeks = forms.IntegerField(label=_("Aantal weken verlenging"), min_value=1, max_value=156,
                               error_messages={"min_value": _("Verleng met minstens 1 week."),
                                               "max_value": _("Verleng met hoogstens 156 weken.")})
    ground = forms.ChoiceField(label=_("Grond"), choices=[("", _("Kies een grond")), *ExtensionGround.choices])
    decided_on = PastDateField(label=_("Besloten op"))


class ContactForm(JourneyForm):
    kind = forms.ChoiceField(label=_("Soort gesprek"), choices=[("", _("Kies een soort")), *ContactKind.choices])
    occurred_on = PastDateField(label=_("Datum van het gesprek"))
    interpreter = forms.BooleanField(label=_("Er was een tolk bij"), required=False)
    interpreter_language = forms.ModelChoiceField(
        label=_("Taal van de tolk"), queryset=Language.objects.all(), to_field_name="code", required=False,
        empty_label=_("Kies een taal"),
    )
    summary = forms.CharField(label=_("Verslag"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Kort en feitelijk. Schrijf hier geen gezondheidsgegevens."))
    next_date = forms.DateField(label=_("Datum volgende afspraak"), required=False, widget=DateInput(),
                                error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2024.")})
    next_time = forms.TimeField(label=_("Tijd volgende afspraak"), required=False,
                                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                error_messages={"invalid": _("Vul een geldige tijd in, bijvoorbeeld 09:30.")})

    fieldsets = ((_("Tolk"), ("interpreter", "interpreter_language")),
                 (_("Volgende afspraak"), ("next_date", "next_time")))

    def clean(self):
        data = super().clean()
        if data.get("interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Kies de taal van de tolk."))
        if not data.get("interpreter") and data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Kies alleen een taal als er een tolk was."))
        next_date, next_time = data.get("next_date"), data.get("next_time")
        if next_date and not next_time and "next_time" not in self.errors:
            self.add_error("next_time", _("Vul ook de tijd van de volgende afspraak in."))
        if next_time and not next_date and "next_date" not in self.errors:
            self.add_error("next_date", _("Vul ook de datum van de volgende afspraak in."))
        occurred = data.get("occurred_on")
        if next_date and occurred and next_date < occurred:
            self.add_error("next_date", _("De volgende afspraak ligt vóór dit gesprek."))
        return data

    def next_appointment(self) -> dt.datetime | None:
        next_date, next_time = self.cleaned_data.get("next_date"), self.cleaned_data.get("next_time")
        if not (next_date and next_time):
            return None
        return timezone.make_aware(dt.datetime.combine(next_date, next_time))

    service_error_fields = {"next_appointment": "next_date"}


class LadderMeasurementForm(JourneyForm):
    measured_on = PastDateField(label=_("Gemeten op"))
    rung = forms.TypedChoiceField(label=_("Trede op de Participatieladder"), coerce=int,
                                  choices=[("", _("Kies een trede")), *LadderRung.choices])


# --- Local norms (functioneel beheerder) ---------------------------------------------------------------------

class NormForm(JourneyForm):
    anchor = forms.ChoiceField(label=_("Telt vanaf"), choices=Anchor.choices)
    offset_amount = forms.IntegerField(
        label=_("Lengte"), validators=[MinValueValidator(1), MaxValueValidator(520)],
        error_messages={"min_value": _("Vul een lengte van minstens 1 in."),
                        "max_value": _("Vul een lengte van hoogstens 520 in.")})
    offset_unit = forms.ChoiceField(label=_("Eenheid"), choices=OffsetUnit.choices)
    source = forms.CharField(
        label=_("Bron of besluit"), required=False, max_length=300,
        help_text=_("Bijvoorbeeld het collegebesluit waarin deze norm is vastgesteld. Leeg laten mag."))


class DueSoonForm(JourneyForm):
    due_soon_days = forms.IntegerField(
        label=_("'Binnenkort' vanaf hoeveel dagen vóór een termijn"), min_value=0, max_value=365,
        error_messages={"min_value": _("Vul 0 of meer dagen in."), "max_value": _("Vul hoogstens 365 dagen in.")},
        help_text=_("Een termijn krijgt de status 'binnenkort' als hij binnen dit aantal dagen verloopt."))
