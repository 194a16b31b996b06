"""The partnership with a partner organisation: covenants, contact people, the legal basis of each data
flow, and the offers that make up the municipality's activity catalogue.

Who the partner is (``accounts.PartnerOrganisation``) lives in accounts (decision 0003); every row here
points down to it and repeats its municipality, so tenant filters need no join.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet

MAX_HOURS_PER_WEEK = Decimal("40")


class PartnerRow(BaseModel):
    """A row about one partner organisation, in the partner's municipality."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partnerorganisatie"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.partner_id and self.municipality_id and self.partner.municipality_id != self.municipality_id:
            raise ValidationError({"partner": _("De partnerorganisatie hoort bij een andere gemeente.")})


def _check_period(start, end, end_field: str, message) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: message})


class Covenant(PartnerRow):
    """An agreement (convenant) with a partner: for which period and what the partner delivers."""

    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="covenants",
                                verbose_name=_("partnerorganisatie"))
    start = models.DateField(_("ingangsdatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True,
                           help_text=_("Leeg laten als het convenant voor onbepaalde tijd geldt."))
    delivers = models.CharField(_("wat de partner levert"), max_length=200)
    signed_on = models.DateField(_("ondertekend op"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="covenant_end_not_before_start",
                                   violation_error_message=_("De einddatum ligt vóór de ingangsdatum.")),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.start:%d-%m-%Y}"

    def clean(self) -> None:
        super().clean()
        _check_period(self.start, self.end, "end", _("De einddatum ligt vóór de ingangsdatum."))

    def status(self, today=None) -> str:
        """``active``, ``future`` or ``expired`` on the given day (today by default)."""
        today = today or timezone.localdate()
        if self.start > today:
            return "future"
        if self.end is not None and self.end < today:
            return "expired"
        return "active"


class PartnerContact(PartnerRow):
    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="contacts",
                                verbose_name=_("partnerorganisatie"))
    name = models.CharField(_("naam"), max_length=150)
    function = models.CharField(_("functie"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.TextChoices):
    PROCESSOR_AGREEMENT = "processor_agreement", _("Verwerkersovereenkomst")
    LEGAL_TASK = "legal_task", _("Wettelijke taak")
    CONSENT = "consent", _("Toestemming")


class DataFlowBasis(PartnerRow):
    """The legal basis on which client data flows to a partner (AVG art. 6; domain.md, Data protection)."""

    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT,
                                related_name="data_flow_bases", verbose_name=_("partnerorganisatie"))
    basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    shared_data = models.CharField(_("welke gegevens worden gedeeld"), max_length=300)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    document_reference = models.CharField(
        _("documentkenmerk"), max_length=100, blank=True,
        help_text=_("Bijvoorbeeld het kenmerk van de verwerkersovereenkomst of het besluit."),
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("grondslag gegevensdeling")
        verbose_name_plural = _("grondslagen gegevensdeling")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="dataflowbasis_until_not_before_from",
                violation_error_message=_("De datum ‘geldig tot en met’ ligt vóór ‘geldig vanaf’."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.get_basis_display()}"

    def clean(self) -> None:
        super().clean()
        _check_period(self.valid_from, self.valid_until, "valid_until",
                      _("De datum ‘geldig tot en met’ ligt vóór ‘geldig vanaf’."))

    def is_valid_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class ActivityType(models.TextChoices):
    LANGUAGE_COURSE = "language_course", _("Taalles")
    KNM = "knm", _("KNM (Kennis van de Nederlandse Maatschappij)")
    LITERACY = "literacy", _("Alfabetisering")
    MAP_PRACTICE = "map_practice", _("MAP-praktijk")
    PVT = "pvt", _("PVT (Participatieverklaringstraject)")
    EDUCATION = "education", _("Opleiding")
    WORK_EXPERIENCE = "work_experience", _("Werkervaringsplaats")
    VOLUNTEERING = "volunteering", _("Vrijwilligerswerk")
    PAID_WORK = "paid_work", _("Betaald werk")
    SKILLS_TRAINING = "skills_training", _("Competentietraining")
    BUDDY = "buddy", _("Maatje")
    MENTAL_HEALTH_ADDICTION = "mental_health_addiction", _("GGZ-/verslavingszorg")
    DEBT_ASSISTANCE = "debt_assistance", _("Schuldhulp")
    CHILDCARE = "childcare", _("Kinderopvang")


class OfferQuerySet(TenantQuerySet):
    def active(self) -> OfferQuerySet:
        return self.filter(active=True)


class Offer(PartnerRow):
    """One offer of a partner in the municipality's activity catalogue."""

    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="offers",
                                verbose_name=_("partnerorganisatie"))
    name = models.CharField(_("naam"), max_length=150)
    activity_type = models.CharField(_("soort activiteit"), max_length=30, choices=ActivityType.choices)
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0"), _("Het aantal uren per week kan niet negatief zijn.")),
                    MaxValueValidator(MAX_HOURS_PER_WEEK, _("Een activiteit duurt hoogstens 40 uur per week."))],
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duur in weken"), validators=[MinValueValidator(1, _("De duur is minstens één week."))],
    )
    location = models.CharField(_("locatie"), max_length=200)
    languages = models.ManyToManyField("clients.Language", blank=True, related_name="+",
                                       verbose_name=_("voertalen"))
    capacity = models.PositiveIntegerField(_("aantal plaatsen"))
    price = models.DecimalField(
        _("prijs per deelnemer (euro)"), max_digits=9, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("De prijs kan niet negatief zijn."))],
    )
    active = models.BooleanField(_("actief"), default=True,
                                 help_text=_("Alleen actief aanbod staat in de catalogus."))

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__gte=0, hours_per_week__lte=40),
                                   name="offer_hours_per_week_0_40",
                                   violation_error_message=_("Een activiteit duurt 0 tot 40 uur per week.")),
            models.CheckConstraint(condition=Q(price__gte=0), name="offer_price_not_negative",
                                   violation_error_message=_("De prijs kan niet negatief zijn.")),
            models.UniqueConstraint(fields=["partner", "name"], name="offer_unique_name_per_partner",
                                    violation_error_message=_("Deze partner heeft al aanbod met deze naam.")),
        ]

    def __str__(self) -> str:
        return self.name
