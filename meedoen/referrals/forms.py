"""Forms of the referral pages. They parse; the services validate the rules and save."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import NLDesignFormMixin
from meedoen.referrals.models import ConsentDecision, ReferralResult, ReferralStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate,
                           error_messages={"required": _("Vul een datum in."),
                                           "invalid": _("Vul een geldige datum in.")}, **kwargs)


class ServiceForm(NLDesignFormMixin, forms.Form):
    """A form whose service may raise a ``ValidationError``: put its messages back on the form."""


class ConsentForm(ServiceForm):
    partner = forms.ModelChoiceField(label=_("Partnerorganisatie"), queryset=None, empty_label=_("Kies een partner"),
                                     error_messages={"required": _("Kies de partnerorganisatie."),
                                                     "invalid_choice": _("Kies de partnerorganisatie.")})
    decision = forms.ChoiceField(label=_("Besluit van de cliënt"), choices=ConsentDecision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Kies het besluit van de cliënt.")})
    scope = forms.CharField(label=_("Waarvoor"), max_length=300,
                            help_text=_("Welke gegevens voor welk doel gedeeld mogen worden, zoals de cliënt het "
                                        "heeft besproken. Bijvoorbeeld: naam, contactgegevens en taalniveau, om "
                                        "deel te nemen aan de taalles."),
                            error_messages={"required": _("Beschrijf welke gegevens voor welk doel gedeeld mogen "
                                                          "worden.")})
    decided_on = _date_field(_("Datum van het besluit"))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class ReferralForm(ServiceForm):
    offer = forms.ModelChoiceField(label=_("Aanbod"), queryset=None, widget=forms.RadioSelect, empty_label=None,
                                   error_messages={"required": _("Kies het aanbod."),
                                                   "invalid_choice": _("Kies het aanbod.")})
    note_for_partner = forms.CharField(
        label=_("Toelichting voor de partner (niet verplicht)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat de partner moet weten om de cliënt uit te nodigen, bijvoorbeeld wanneer de cliënt kan. "
                    "Schrijf hier geen gegevens over gezondheid."))

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda offer: f"{offer.name} — {offer.partner.name}"


class WithdrawForm(ServiceForm):
    occurred_on = _date_field(_("Datum"))
    reason = forms.CharField(label=_("Reden van intrekken"), max_length=300,
                             help_text=_("De partner ziet deze reden niet."),
                             error_messages={"required": _("Geef een reden op.")})


class SendForm(ServiceForm):
    occurred_on = _date_field(_("Datum"))


class TransitionForm(ServiceForm):
    """A partner's step: accept, reject, start, complete or stop (the fields the step needs)."""

    occurred_on = _date_field(_("Datum"))
    reason = forms.CharField(label=_("Reden"), max_length=300, required=False)
    result = forms.ChoiceField(label=_("Resultaat"), required=False,
                               choices=[("", _("Kies het resultaat"))]
                               + [c for c in ReferralResult.choices if c[0]])

    STEP_FIELDS = {
        ReferralStatus.ACCEPTED: ("occurred_on",),
        ReferralStatus.REJECTED: ("occurred_on", "reason"),
        ReferralStatus.STARTED: ("occurred_on",),
        ReferralStatus.COMPLETED: ("occurred_on", "result"),
        ReferralStatus.STOPPED: ("occurred_on", "reason", "result"),
    }

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for name in list(self.fields):
            if name not in self.STEP_FIELDS[step]:
                del self.fields[name]
        if "reason" in self.fields:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("Geef een reden op.")
            self.fields["reason"].label = (_("Reden van afwijzen") if step == ReferralStatus.REJECTED
                                           else _("Reden van stoppen"))
        if "result" in self.fields:
            self.fields["result"].required = True
            self.fields["result"].error_messages["required"] = _("Kies het resultaat.")


class AttendanceForm(ServiceForm):
    week_start = _date_field(_("Week van (maandag)"),
                             help_text=_("Kies de maandag van de week. Kiest u een andere dag, dan geldt de week "
                                         "waarin die dag valt."))
    hours_present = forms.DecimalField(label=_("Uren aanwezig"), min_value=Decimal("0"), max_value=Decimal("60"),
                                       max_digits=4, decimal_places=1, initial=Decimal("0"))
    hours_absent_authorised = forms.DecimalField(
        label=_("Uren geoorloofd afwezig"), min_value=Decimal("0"), max_value=Decimal("60"), max_digits=4,
        decimal_places=1, initial=Decimal("0"), help_text=_("Met bericht en een geldige reden, zoals ziekte."))
    hours_absent_unauthorised = forms.DecimalField(
        label=_("Uren ongeoorloofd afwezig"), min_value=Decimal("0"), max_value=Decimal("60"), max_digits=4,
        decimal_places=1, initial=Decimal("0"), help_text=_("Zonder bericht of zonder geldige reden."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hours_present", "hours_absent_authorised", "hours_absent_unauthorised"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "size": "5"})
            self.fields[name].error_messages.update({
                "invalid": _("Vul een aantal uren in, bijvoorbeeld 4 of 2,5."),
                "min_value": _("Het aantal uren kan niet negatief zijn."),
                "max_value": _("Een week heeft hoogstens 60 uur aan activiteiten."),
                "max_decimal_places": _("Vul de uren in met hoogstens één cijfer achter de komma."),
                "max_digits": _("Vul een aantal uren in, bijvoorbeeld 4 of 2,5."),
                "max_whole_digits": _("Een week heeft hoogstens 60 uur aan activiteiten."),
                "required": _("Vul een aantal uren in (0 als het niet van toepassing is)."),
            })


class NoteForm(ServiceForm):
    written_on = _date_field(_("Datum"))
    text = forms.CharField(label=_("Voortgang"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Hoe gaat het met de activiteit? Schrijf hier geen gegevens over "
                                       "gezondheid."),
                           error_messages={"required": _("Schrijf de voortgang op.")})


class KlantmanagerNoteForm(NoteForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("De partner ziet deze notitie ook. Schrijf hier geen gegevens over "
                                          "gezondheid.")


class SignalHandleForm(ServiceForm):
    handled_note = forms.CharField(label=_("Wat hebt u gedaan?"), max_length=300,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Kort, bijvoorbeeld: gebeld met de cliënt, afspraak gemaakt op "
                                               "maandag."),
                                   error_messages={"required": _("Schrijf kort op wat u met het signaal hebt "
                                                                 "gedaan.")})


PARTNER_STATUS_FILTERS = [("", _("Alle verwijzingen"))] + [
    (s.value, s.label) for s in (ReferralStatus.SENT, ReferralStatus.WAITING, ReferralStatus.ACCEPTED,
                                 ReferralStatus.STARTED, ReferralStatus.COMPLETED, ReferralStatus.STOPPED,
                                 ReferralStatus.REJECTED, ReferralStatus.WITHDRAWN)]


class PartnerFilterForm(NLDesignFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PARTNER_STATUS_FILTERS, required=False)


class QuarterForm(NLDesignFormMixin, forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, choices=())
    kwartaal = forms.TypedChoiceField(label=_("Kwartaal"), coerce=int,
                                      choices=[(1, _("1e kwartaal (jan–mrt)")), (2, _("2e kwartaal (apr–jun)")),
                                               (3, _("3e kwartaal (jul–sep)")), (4, _("4e kwartaal (okt–dec)"))])

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(y, str(y)) for y in years]
