"""Broad intake (brede intake, art. 14 Wi2021) and ZRM 2017 measurements.

One ``BroadIntake`` per client, filled in three parts that are saved separately as drafts:
``LearnabilityTest``, ``OriginBackground`` and ``PersonalCircumstances``. Health and care needs are
special-category data (GDPR art. 9) and live in their own model ``IntakeHealth``, read and written only
by users passing ``access.can_view_special_category`` (every read audited).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    COMPLETED = "completed", _("Afgerond")


class Cefr(models.TextChoices):
    PRE_A1 = "pre_a1", "pre-A1"
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    C2 = "c2", "C2"


class Literacy(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Gedeeltelijk")
    NO = "no", _("Nee")


class SensoryExemption(models.TextChoices):
    NONE = "", _("Geen vrijstelling")
    VISUAL = "visual", _("Visuele beperking")
    HEARING = "hearing", _("Auditieve beperking")


class EducationLevel(models.TextChoices):
    NONE = "none", _("Geen onderwijs")
    PRIMARY = "primary", _("Basisonderwijs")
    SECONDARY_LOWER = "secondary_lower", _("Lager voortgezet onderwijs")
    SECONDARY_UPPER = "secondary_upper", _("Hoger voortgezet onderwijs")
    VOCATIONAL = "vocational", _("Beroepsonderwijs")
    HIGHER = "higher", _("Hoger onderwijs (bachelor)")
    UNIVERSITY = "university", _("Universiteit (master of hoger)")


class NoShowStep(models.TextChoices):
    WARNING = "warning", _("Schriftelijke waarschuwing")
    FINE_1 = "fine_1", _("Eerste boete (€ 250)")
    FINE_2 = "fine_2", _("Tweede boete (€ 250)")


NO_SHOW_SEQUENCE = (NoShowStep.WARNING, NoShowStep.FINE_1, NoShowStep.FINE_2)
NO_SHOW_AMOUNT = {NoShowStep.WARNING: 0, NoShowStep.FINE_1: 250, NoShowStep.FINE_2: 250}

DUTCH_SKILLS = (
    ("dutch_reading", _("Lezen")),
    ("dutch_listening", _("Luisteren")),
    ("dutch_writing", _("Schrijven")),
    ("dutch_speaking", _("Spreken")),
)


class BroadIntake(BaseModel):
    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="broad_intake")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT)
    started_on = models.DateField(_("gestart op"))
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    # Language and literacy
    mother_tongue = models.ForeignKey("clients.Language", on_delete=models.PROTECT, related_name="+",
                                      null=True, blank=True, verbose_name=_("moedertaal"))
    dutch_reading = models.CharField(_("Nederlands lezen"), max_length=6, choices=Cefr.choices, blank=True)
    dutch_listening = models.CharField(_("Nederlands luisteren"), max_length=6, choices=Cefr.choices, blank=True)
    dutch_writing = models.CharField(_("Nederlands schrijven"), max_length=6, choices=Cefr.choices, blank=True)
    dutch_speaking = models.CharField(_("Nederlands spreken"), max_length=6, choices=Cefr.choices, blank=True)
    literacy_own_script = models.CharField(_("geletterd in eigen schrift"), max_length=6,
                                           choices=Literacy.choices, blank=True)
    literacy_latin_script = models.CharField(_("geletterd in Latijns schrift"), max_length=6,
                                             choices=Literacy.choices, blank=True)
    # Duties of the municipality during the intake
    vve_informed_on = models.DateField(_("informatie over VVE gegeven op"), null=True, blank=True)
    conversation_offered_on = models.DateField(_("individueel gesprek aangeboden op"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("brede intake")
        verbose_name_plural = _("brede intakes")

    def __str__(self) -> str:
        return f"{self.client} ({self.get_status_display()})"


class LearnabilityTest(BaseModel):
    """Part 1: the learnability test (leerbaarheidstoets) by an independent party."""

    intake = models.OneToOneField(BroadIntake, on_delete=models.CASCADE, related_name="learnability")
    tested_on = models.DateField(_("datum toets"), null=True, blank=True)
    result = models.CharField(_("uitslag (score of niveau)"), max_length=40, blank=True)
    provider = models.CharField(_("afgenomen door"), max_length=120, blank=True)
    exemption = models.CharField(_("vrijstelling wegens zintuiglijke beperking"), max_length=8,
                                 choices=SensoryExemption.choices, blank=True, default="")
    deviation_reason = models.TextField(_("gemotiveerde afwijking door de gemeente"), blank=True)

    class Meta:
        verbose_name = _("leerbaarheidstoets")
        verbose_name_plural = _("leerbaarheidstoetsen")

    @property
    def is_complete(self) -> bool:
        return bool(self.exemption) or bool(self.tested_on and self.result)


class OriginBackground(BaseModel):
    """Part 2: education and work experience in the country of origin."""

    intake = models.OneToOneField(BroadIntake, on_delete=models.CASCADE, related_name="origin")
    education_level = models.CharField(_("opleidingsniveau"), max_length=16, choices=EducationLevel.choices,
                                       blank=True)
    education_years = models.PositiveSmallIntegerField(_("jaren onderwijs"), null=True, blank=True,
                                                       validators=[MaxValueValidator(40)])
    has_diploma = models.BooleanField(_("diploma behaald"), default=False)
    recognition_requested = models.BooleanField(_("erkenning diploma aangevraagd"), default=False)
    occupation = models.CharField(_("beroep"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    work_years = models.PositiveSmallIntegerField(_("jaren werkervaring"), null=True, blank=True,
                                                  validators=[MaxValueValidator(60)])

    class Meta:
        verbose_name = _("opleiding en werk in land van herkomst")
        verbose_name_plural = _("opleiding en werk in land van herkomst")

    @property
    def is_complete(self) -> bool:
        return bool(self.education_level)


class PersonalCircumstances(BaseModel):
    """Part 3: personal circumstances (health and care needs are in ``IntakeHealth``)."""

    intake = models.OneToOneField(BroadIntake, on_delete=models.CASCADE, related_name="circumstances")
    childcare_needs = models.TextField(_("behoefte aan kinderopvang"), blank=True)
    has_debts = models.BooleanField(_("schulden"), null=True, blank=True)
    debts_note = models.TextField(_("toelichting schulden"), blank=True)
    hours_available = models.PositiveSmallIntegerField(
        _("beschikbaar (uren per week)"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)])
    motivation = models.TextField(_("motivatie en verwachtingen"), blank=True)

    class Meta:
        verbose_name = _("persoonlijke omstandigheden")
        verbose_name_plural = _("persoonlijke omstandigheden")

    @property
    def is_complete(self) -> bool:
        return self.hours_available is not None and self.has_debts is not None


class IntakeHealth(BaseModel):
    """Special-category data (GDPR art. 9): only the client's own klantmanager and the team's teamleider."""

    intake = models.OneToOneField(BroadIntake, on_delete=models.CASCADE, related_name="health")
    health = models.TextField(_("lichamelijke en psychische gezondheid"), blank=True)
    care_needs = models.TextField(_("zorgbehoefte"), blank=True)

    class Meta:
        verbose_name = _("gezondheid (intake)")
        verbose_name_plural = _("gezondheid (intake)")


class NoShowSanction(BaseModel):
    """A call not answered: written warning, then at most two fines of €250."""

    intake = models.ForeignKey(BroadIntake, on_delete=models.CASCADE, related_name="no_shows")
    step = models.CharField(_("stap"), max_length=8, choices=NoShowStep.choices)
    decided_on = models.DateField(_("datum"))
    amount = models.PositiveSmallIntegerField(_("bedrag (euro)"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [models.UniqueConstraint(fields=["intake", "step"], name="intake_no_show_step_once")]
        verbose_name = _("oproep niet verschenen")
        verbose_name_plural = _("oproepen niet verschenen")


# --- ZRM 2017 -------------------------------------------------------------------------------------------

ZRM_DOMAINS: tuple[tuple[str, str], ...] = (
    ("financien", _("Financiën")),
    ("werk_opleiding", _("Werk & opleiding")),
    ("tijdsbesteding", _("Tijdsbesteding")),
    ("huisvesting", _("Huisvesting")),
    ("huiselijke_relaties", _("Huiselijke relaties")),
    ("geestelijke_gezondheid", _("Geestelijke gezondheid")),
    ("lichamelijke_gezondheid", _("Lichamelijke gezondheid")),
    ("middelengebruik", _("Middelengebruik")),
    ("basale_adl", _("Basale ADL")),
    ("instrumentele_adl", _("Instrumentele ADL")),
    ("sociaal_netwerk", _("Sociaal netwerk")),
    ("maatschappelijke_participatie", _("Maatschappelijke participatie")),
    ("justitie", _("Justitie")),
)
# Special-category domains: shown only to users passing access.can_view_special_category.
ZRM_SPECIAL_DOMAINS = frozenset({"geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik"})
ZRM_SCORE_LABELS = {1: _("acuut"), 2: _("niet zelfredzaam"), 3: _("beperkt zelfredzaam"),
                    4: _("voldoende zelfredzaam"), 5: _("volledig zelfredzaam")}


def _zrm_field(label, *, special: bool = False):
    # The special-category domains may stay empty: only users who may see them can score them.
    return models.PositiveSmallIntegerField(label, null=special, blank=special,
                                            validators=[MinValueValidator(1), MaxValueValidator(5)])


class ZrmMeasurement(BaseModel):
    """A dated ZRM 2017 measurement: 13 domain scores 1–5 (scores only; no licensed criteria texts)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="zrm_measurements")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    measured_on = models.DateField(_("gemeten op"))
    financien = _zrm_field(_("Financiën"))
    werk_opleiding = _zrm_field(_("Werk & opleiding"))
    tijdsbesteding = _zrm_field(_("Tijdsbesteding"))
    huisvesting = _zrm_field(_("Huisvesting"))
    huiselijke_relaties = _zrm_field(_("Huiselijke relaties"))
    geestelijke_gezondheid = _zrm_field(_("Geestelijke gezondheid"), special=True)
    lichamelijke_gezondheid = _zrm_field(_("Lichamelijke gezondheid"), special=True)
    middelengebruik = _zrm_field(_("Middelengebruik"), special=True)
    basale_adl = _zrm_field(_("Basale ADL"))
    instrumentele_adl = _zrm_field(_("Instrumentele ADL"))
    sociaal_netwerk = _zrm_field(_("Sociaal netwerk"))
    maatschappelijke_participatie = _zrm_field(_("Maatschappelijke participatie"))
    justitie = _zrm_field(_("Justitie"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("meting zelfredzaamheid (ZRM)")
        verbose_name_plural = _("metingen zelfredzaamheid (ZRM)")

    def scores(self, *, include_special: bool) -> list[tuple[str, str, int]]:
        """(field, label, score) per domain in ZRM order; the special domains only when allowed."""
        return [(name, label, getattr(self, name)) for name, label in ZRM_DOMAINS
                if include_special or name not in ZRM_SPECIAL_DOMAINS]
