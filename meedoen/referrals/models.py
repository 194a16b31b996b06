"""Referrals from a plan activity to a partner's offer, the consent they may need, what the partner
reports back (attendance, progress notes, results), and the early-warning signals raised from it.

A partner user reaches a client only through a referral to their own organisation with a valid legal
basis (``partners.DataFlowBasis``) on the day; the access door (``accounts.access``) asks this app's
``partner_scope`` for that set.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet


class ConsentDecision(models.TextChoices):
    GIVEN = "given", _("Toestemming gegeven")
    REFUSED = "refused", _("Toestemming geweigerd")
    WITHDRAWN = "withdrawn", _("Toestemming ingetrokken")


class Consent(BaseModel):
    """The client's decision on sharing data with one partner (AVG art. 6(1)(a)); the latest one counts."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="consents")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partnerorganisatie"))
    decision = models.CharField(_("besluit"), max_length=10, choices=ConsentDecision.choices)
    scope = models.CharField(_("waarvoor"), max_length=300,
                             help_text=_("Welke gegevens voor welk doel gedeeld mogen worden."))
    decided_on = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("vastgelegd door"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")


class ReferralStatus(models.TextChoices):
    WAITING = "waiting", _("Op de wachtlijst")
    SENT = "sent", _("Verstuurd")
    ACCEPTED = "accepted", _("Geaccepteerd")
    REJECTED = "rejected", _("Afgewezen")
    STARTED = "started", _("Gestart")
    COMPLETED = "completed", _("Afgerond")
    STOPPED = "stopped", _("Gestopt")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


OPEN_STATUSES = (ReferralStatus.WAITING, ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.STARTED)
# Statuses that take a place in the offer (capacity).
PLACE_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.STARTED)
# Allowed transitions: from → allowed targets.
TRANSITIONS = {
    ReferralStatus.WAITING: (ReferralStatus.SENT, ReferralStatus.WITHDRAWN),
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.REJECTED, ReferralStatus.WITHDRAWN),
    ReferralStatus.ACCEPTED: (ReferralStatus.STARTED, ReferralStatus.STOPPED, ReferralStatus.WITHDRAWN),
    ReferralStatus.STARTED: (ReferralStatus.COMPLETED, ReferralStatus.STOPPED),
}


class ReferralResult(models.TextChoices):
    NONE = "", _("Nog geen resultaat")
    ACHIEVED = "achieved", _("Doel behaald")
    PARTLY = "partly", _("Doel deels behaald")
    NOT_ACHIEVED = "not_achieved", _("Doel niet behaald")


class Referral(BaseModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="referrals")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("partnerorganisatie"))
    offer = models.ForeignKey("partners.Offer", on_delete=models.PROTECT, related_name="referrals",
                              verbose_name=_("aanbod"))
    plan_activity = models.ForeignKey("plans.PlanActivity", on_delete=models.PROTECT, related_name="referrals",
                                      verbose_name=_("activiteit in het plan"))
    basis = models.ForeignKey("partners.DataFlowBasis", on_delete=models.PROTECT, related_name="referrals",
                              verbose_name=_("grondslag gegevensdeling"))
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals",
                                verbose_name=_("toestemming"))
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices)
    referred_on = models.DateField(_("verwezen op"))
    waiting_since = models.DateField(_("op de wachtlijst sinds"), null=True, blank=True)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    decided_on = models.DateField(_("geaccepteerd of afgewezen op"), null=True, blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300, blank=True,
                              help_text=_("Verplicht bij afwijzen, stoppen en intrekken."))
    result = models.CharField(_("resultaat"), max_length=14, choices=ReferralResult.choices, blank=True)
    note_for_partner = models.CharField(_("toelichting voor de partner"), max_length=500, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("verwezen door"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_activity", "offer"], condition=Q(status__in=["waiting", "sent", "accepted", "started"]),
                name="referral_one_open_per_activity_offer"),
        ]
        indexes = [
            models.Index(fields=["partner", "status"], name="referral_partner_status"),
            models.Index(fields=["municipality", "referred_on"], name="referral_muni_date"),
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.offer}"


class ReferralEvent(models.Model):
    """One status change of a referral (the history behind the dates on ``Referral``)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices)
    occurred_on = models.DateField(_("datum"))
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.occurred_on:%d-%m-%Y}"


def _hours_field(label):
    return models.DecimalField(label, max_digits=4, decimal_places=1, default=Decimal("0"),
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))])


class Attendance(BaseModel):
    """Attendance in one week (Monday) of a started referral, reported by the partner."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attendance")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(_("week van (maandag)"))
    hours_present = _hours_field(_("uren aanwezig"))
    hours_absent_authorised = _hours_field(_("uren geoorloofd afwezig"))
    hours_absent_unauthorised = _hours_field(_("uren ongeoorloofd afwezig"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["week_start"]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["referral", "week_start"], name="attendance_one_per_week"),
        ]

    @property
    def hours_scheduled(self) -> Decimal:
        return self.hours_present + self.hours_absent_authorised + self.hours_absent_unauthorised


class ProgressNote(BaseModel):
    """A progress note by the partner (or the klantmanager) on a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("datum"))
    text = models.TextField(_("voortgang"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")


class SignalKind(models.TextChoices):
    LOW_ATTENDANCE = "low_attendance", _("Lage aanwezigheid")
    UNAUTHORISED_ABSENCE = "unauthorised_absence", _("Ongeoorloofd afwezig")
    STOPPED = "stopped", _("Activiteit gestopt")
    REJECTED = "rejected", _("Verwijzing afgewezen")


class Signal(BaseModel):
    """An early warning on the caseload, raised by what a partner reports; open until handled."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="signals")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(_("soort signaal"), max_length=24, choices=SignalKind.choices)
    raised_on = models.DateField(_("gesignaleerd op"))
    # Short facts for the explanation (percentages, hours, week dates); never free text.
    facts = models.JSONField(default=dict, blank=True)
    handled_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    handled_note = models.CharField(_("wat is er gedaan"), max_length=300, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [
            models.UniqueConstraint(fields=["referral", "kind"], condition=Q(handled_on__isnull=True),
                                    name="signal_one_open_per_referral_kind"),
        ]
        indexes = [models.Index(fields=["municipality", "handled_on"], name="signal_muni_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.raised_on:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.handled_on is None

    @property
    def explanation(self) -> str:
        """The signal in one Dutch sentence from its facts, e.g. "Aanwezigheid 55% in de laatste 4 weken
        (norm 80%)"."""
        return explain(self.kind, self.facts or {})


def _number(value) -> str:
    """A number the Dutch way: 55 → "55", 55.5 → "55,5"."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "?"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _date(value) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return "?"


def explain(kind: str, facts: dict) -> str:
    """One Dutch sentence that explains a signal from its facts (see ``services.evaluate_signals``)."""
    if kind == SignalKind.LOW_ATTENDANCE:
        weeks = int(facts.get("weeks") or 0)
        return ngettext(
            "Aanwezigheid %(rate)s%% in de laatste week (norm %(threshold)s%%)",
            "Aanwezigheid %(rate)s%% in de laatste %(weeks)s weken (norm %(threshold)s%%)", weeks,
        ) % {"rate": _number(facts.get("rate")), "weeks": weeks, "threshold": _number(facts.get("threshold"))}
    if kind == SignalKind.UNAUTHORISED_ABSENCE:
        weeks = int(facts.get("weeks") or 0)
        return ngettext(
            "%(hours)s uur ongeoorloofd afwezig in de laatste week",
            "%(hours)s uur ongeoorloofd afwezig in de laatste %(weeks)s weken", weeks,
        ) % {"hours": _number(facts.get("hours")), "weeks": weeks}
    if kind == SignalKind.STOPPED:
        return gettext("Activiteit gestopt op %(date)s") % {"date": _date(facts.get("date"))}
    if kind == SignalKind.REJECTED:
        return gettext("Verwijzing afgewezen op %(date)s") % {"date": _date(facts.get("date"))}
    return str(kind)
