"""The personal plan (persoonlijk plan inburgering en participatie, PIP; art. 15 Wi2021), versioned.

A client has a chain of ``Plan`` versions. Version 1 starts as a draft; setting it (vaststellen) makes it
immutable and records the journey milestone PIP_SET with the plan's dagtekening, so the first set plan
starts the inburgering term. Revising a set plan copies it into a new draft version; setting that draft
marks the previous set version as revised (herzien). At most one draft per client at a time.

``PlanActivity`` rows are the activities of one version (a copy per version, so a set version keeps its
activities unchanged). The weekly load check (``plans.load``) adds the hours of the activities that run in
the same week and compares them with the availability and childcare on the plan.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SET = "set", _("Vastgesteld")
    REVISED = "revised", _("Herzien (vervangen door een nieuwere versie)")


class LearningRoute(models.TextChoices):
    """GGM *Leerroute* (Model Inburgering)."""

    B1 = "b1", _("B1-route")
    EDUCATION = "education", _("Onderwijsroute")
    Z = "z", _("Z-route")


class Intensity(models.TextChoices):
    LOW = "low", _("Laag")
    MEDIUM = "medium", _("Gemiddeld")
    HIGH = "high", _("Hoog")


# Statuses in which a version is immutable (only SET → REVISED may still be written).
FROZEN_STATUSES = ("set", "revised")


class ImmutablePlanError(ValidationError):
    """A set or revised plan version (or one of its activities) cannot be changed or deleted."""

    def __init__(self):
        super().__init__(_("Een vastgesteld plan kan niet meer worden gewijzigd. Herzie het plan om een nieuwe "
                           "versie te maken."), code="immutable")


class PlanSettings(models.Model):
    """Norms of one municipality for plans, route minimums and early warning (defaults from domain.md)."""

    municipality = models.OneToOneField("accounts.Municipality", on_delete=models.CASCADE,
                                        related_name="plan_settings")
    z_route_language_hours = models.PositiveSmallIntegerField(_("Z-route: uren taal"), default=800)
    z_route_participation_hours = models.PositiveSmallIntegerField(_("Z-route: uren participatie"), default=800)
    pvt_minimum_hours = models.PositiveSmallIntegerField(_("PVT: minimum aantal uren"), default=12)
    map_practical_hours = models.PositiveSmallIntegerField(
        _("MAP: norm praktijkuren"), default=40,
        help_text=_("Vaak genoemd: ten minste 40 uur. De gemeente bepaalt de eigen norm."))
    attendance_threshold_percent = models.PositiveSmallIntegerField(
        _("signaal bij aanwezigheid onder (%)"), default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)])
    attendance_window_weeks = models.PositiveSmallIntegerField(
        _("aanwezigheid beoordelen over de laatste (weken)"), default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)])

    class Meta:
        verbose_name = _("normen plan en signalen")
        verbose_name_plural = _("normen plan en signalen")

    def __str__(self) -> str:
        return str(self.municipality)


class PlanQuerySet(TenantQuerySet):
    def set_versions(self) -> PlanQuerySet:
        return self.filter(status__in=(PlanStatus.SET, PlanStatus.REVISED))

    def current(self) -> PlanQuerySet:
        """The version in force: the set one (each client has at most one)."""
        return self.filter(status=PlanStatus.SET)


class Plan(BaseModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="plans")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="next_version", verbose_name=_("vorige versie"))
    dagtekening = models.DateField(_("dagtekening"), null=True, blank=True,
                                   help_text=_("De datum van het besluit. Wordt ingevuld bij vaststellen."))
    route = models.CharField(_("leerroute"), max_length=10, choices=LearningRoute.choices, blank=True)
    stepped_down_to_a2 = models.BooleanField(_("afgeschaald naar A2"), default=False)
    stepped_down_on = models.DateField(_("afgeschaald op"), null=True, blank=True)
    stepped_down_reason = models.CharField(_("reden afschalen"), max_length=300, blank=True)
    main_goal = models.TextField(_("hoofddoel"), blank=True)
    goal_language = models.TextField(_("doel taal en inburgering"), blank=True)
    goal_work = models.TextField(_("doel werk en participatie"), blank=True)
    goal_finance = models.TextField(_("doel financiële zelfredzaamheid"), blank=True)
    pvt_intensity = models.CharField(_("intensiteit PVT"), max_length=8, choices=Intensity.choices, blank=True)
    map_intensity = models.CharField(_("intensiteit MAP"), max_length=8, choices=Intensity.choices, blank=True)
    ontzorgen = models.BooleanField(_("ontzorgen"), default=False)
    ontzorgen_until = models.DateField(_("ontzorgen tot en met"), null=True, blank=True)
    ontzorgen_note = models.CharField(_("wat wordt ontzorgd"), max_length=300, blank=True,
                                      help_text=_("Bijvoorbeeld huur, energie en zorgverzekering."))
    progress_agreements = models.TextField(_("afspraken over de voortgang"), blank=True)
    contact_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("contactpersoon gemeente"))
    participatiewet_obligations = models.TextField(
        _("verplichtingen Participatiewet"), blank=True,
        help_text=_("Alleen voor cliënten met bijstand: arbeidsverplichtingen en tegenprestatie."))
    hours_available = models.PositiveSmallIntegerField(
        _("beschikbaar (uren per week)"), null=True, blank=True, validators=[MaxValueValidator(60)],
        help_text=_("Overgenomen uit de brede intake; hier aan te passen."))
    needs_childcare = models.BooleanField(
        _("kinderopvang nodig"), default=False,
        help_text=_("Als dit aan staat, moeten de uren van de activiteiten in elke week gedekt zijn door "
                    "kinderopvang in het plan."))
    load_override_reason = models.CharField(
        _("reden om toch vast te stellen"), max_length=300, blank=True,
        help_text=_("Verplicht als de weekbelasting niet past."))
    set_on = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("vastgesteld door"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["client", "-version"]
        verbose_name = _("plan (PIP)")
        verbose_name_plural = _("plannen (PIP)")
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="plan_unique_version"),
            models.UniqueConstraint(fields=["client"], condition=Q(status="draft"), name="plan_one_draft"),
            models.UniqueConstraint(fields=["client"], condition=Q(status="set"), name="plan_one_in_force"),
            models.CheckConstraint(condition=Q(status="draft") | Q(dagtekening__isnull=False),
                                   name="plan_set_has_dagtekening"),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="plan_muni_status")]

    def __str__(self) -> str:
        return f"PIP {self.client} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    # --- Guard: a set or revised version is immutable --------------------------------------------------
    # The services refuse first, with a clear message; this is the last line for code that bypasses them.
    # Only rows loaded from the database are guarded (new rows may be written in any status, e.g. by the
    # demo seeder), and the one change still allowed is SET → REVISED with update_fields=["status", ...].

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = dict(zip(field_names, values, strict=False)).get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._stored_status = self.__dict__.get("status")

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_status", None)
        if stored in FROZEN_STATUSES:
            update_fields = kwargs.get("update_fields")
            if (update_fields is None or set(update_fields) - {"status", "updated_at"}
                    or self.status not in FROZEN_STATUSES or (stored, self.status) == ("revised", "set")):
                raise ImmutablePlanError
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_status", None) in FROZEN_STATUSES:
            raise ImmutablePlanError
        return super().delete(*args, **kwargs)


class LoadGroup(models.TextChoices):
    """How an activity counts toward the route minimums."""

    LANGUAGE = "language", _("Taal")
    PARTICIPATION = "participation", _("Participatie")
    PVT = "pvt", _("PVT")
    MAP = "map", _("MAP")
    SUPPORT = "support", _("Ondersteuning")
    CHILDCARE = "childcare", _("Kinderopvang")


# Activity type (partners.ActivityType value) → how its hours count.
ACTIVITY_GROUP = {
    "language_course": LoadGroup.LANGUAGE,
    "knm": LoadGroup.LANGUAGE,
    "literacy": LoadGroup.LANGUAGE,
    "map_practice": LoadGroup.MAP,
    "pvt": LoadGroup.PVT,
    "education": LoadGroup.PARTICIPATION,
    "work_experience": LoadGroup.PARTICIPATION,
    "volunteering": LoadGroup.PARTICIPATION,
    "paid_work": LoadGroup.PARTICIPATION,
    "skills_training": LoadGroup.PARTICIPATION,
    "buddy": LoadGroup.SUPPORT,
    "mental_health_addiction": LoadGroup.SUPPORT,
    "debt_assistance": LoadGroup.SUPPORT,
    "childcare": LoadGroup.CHILDCARE,
}


class PlanActivity(BaseModel):
    """One activity of one plan version: what, how many hours a week, from when to when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    activity_type = models.CharField(_("soort activiteit"), max_length=30)  # partners.ActivityType value
    offer = models.ForeignKey("partners.Offer", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="plan_activities", verbose_name=_("aanbod"))
    description = models.CharField(_("omschrijving"), max_length=200)
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))])
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("einddatum"))
    # The activity it continues in the previous version (to keep referrals attached across revisions).
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("activiteit in het plan")
        verbose_name_plural = _("activiteiten in het plan")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="planactivity_end_after_start",
                                   violation_error_message=_("De einddatum ligt vóór de startdatum.")),
            models.CheckConstraint(condition=Q(hours_per_week__gte=0, hours_per_week__lte=40),
                                   name="planactivity_hours_0_40",
                                   violation_error_message=_("Een activiteit duurt 0 tot 40 uur per week.")),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def group(self) -> str:
        return ACTIVITY_GROUP.get(self.activity_type, LoadGroup.SUPPORT)

    def _plan_is_frozen(self) -> bool:
        status = Plan.objects.filter(pk=self.plan_id).values_list("status", flat=True).first()
        return status in FROZEN_STATUSES

    def save(self, *args, **kwargs):
        """Changing an existing activity of a set or revised version is refused (see ``Plan.save``)."""
        if not self._state.adding and self._plan_is_frozen():
            raise ImmutablePlanError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._plan_is_frozen():
            raise ImmutablePlanError
        return super().delete(*args, **kwargs)
