"""The client's journey: dated milestones, bijstand episodes, term extensions, conversations,
Participatieladder measurements, and the deadlines computed from them by rules kept as data.

Sources of the rules: ``../shared/docs/domain.md`` (Wi2021 art. 11, 14, 15; Participatiewet art. 56a),
seeded as ``DeadlineRule`` rows with their source text.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet


class MilestoneKind(models.TextChoices):
    PERMIT = "permit", _("Verblijfsvergunning verleend")
    LINKED = "linked", _("Gekoppeld aan de gemeente")
    HANDOVER = "handover", _("Warme overdracht afgerond")
    HOUSING_OFFERED = "housing_offered", _("Woning aangeboden")
    HOUSED = "housed", _("Gehuisvest")
    BRP_REGISTERED = "brp_registered", _("Ingeschreven in de BRP")
    INTAKE_STARTED = "intake_started", _("Brede intake gestart")
    INTAKE_COMPLETED = "intake_completed", _("Brede intake afgerond")
    PIP_SET = "pip_set", _("PIP vastgesteld")
    DUTY_FULFILLED = "duty_fulfilled", _("Inburgeringsplicht voldaan")
    DUTY_EXEMPTED = "duty_exempted", _("Ontheffing inburgeringsplicht")
    WORK_STARTED = "work_started", _("Aan het werk")


# The order a journey normally follows: (earlier, later) — when both are recorded, the earlier one may not
# be dated after the later one. Recording out of order is refused unless the user documents an exception.
MILESTONE_ORDER: tuple[tuple[str, str], ...] = (
    (MilestoneKind.PERMIT, MilestoneKind.LINKED),
    (MilestoneKind.LINKED, MilestoneKind.HANDOVER),
    (MilestoneKind.LINKED, MilestoneKind.HOUSING_OFFERED),
    (MilestoneKind.LINKED, MilestoneKind.HOUSED),
    (MilestoneKind.HOUSING_OFFERED, MilestoneKind.HOUSED),
    (MilestoneKind.INTAKE_STARTED, MilestoneKind.INTAKE_COMPLETED),
    (MilestoneKind.INTAKE_STARTED, MilestoneKind.PIP_SET),
    (MilestoneKind.PIP_SET, MilestoneKind.DUTY_FULFILLED),
)

# Milestones that must already be recorded before another one (same exception rule).
MILESTONE_PREREQUISITES: dict[str, tuple[str, ...]] = {
    MilestoneKind.HANDOVER: (MilestoneKind.LINKED,),
    MilestoneKind.HOUSING_OFFERED: (MilestoneKind.LINKED,),
    MilestoneKind.HOUSED: (MilestoneKind.LINKED,),
    MilestoneKind.INTAKE_COMPLETED: (MilestoneKind.INTAKE_STARTED,),
    MilestoneKind.PIP_SET: (MilestoneKind.INTAKE_STARTED,),
}

# Milestones that may occur more than once (each a numbered version).
REPEATABLE = {MilestoneKind.PIP_SET, MilestoneKind.WORK_STARTED}

# Repeatable milestones whose versions are documents in sequence: a new version may not be dated before
# the previous one. Other repeatable milestones (work started: one per paid job) may be recorded late.
VERSIONED = {MilestoneKind.PIP_SET}

# Milestones recorded by another app's service, never by hand on the journey pages (work started: with a
# placement of a paid job on the work pages).
RECORDED_ELSEWHERE = {MilestoneKind.WORK_STARTED}

# Extra facts a milestone kind may carry (short values only; everything else has its own model).
MILESTONE_DETAIL_FIELDS: dict[str, dict[str, int]] = {
    MilestoneKind.HOUSED: {"housing_corporation": 100},
    MilestoneKind.DUTY_EXEMPTED: {"ground": 100},
}


class Milestone(BaseModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="milestones")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("mijlpaal"), max_length=20, choices=MilestoneKind.choices)
    date = models.DateField(_("datum"))
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    details = models.JSONField(_("gegevens"), default=dict, blank=True)
    exception_reason = models.CharField(
        _("reden afwijkende volgorde"), max_length=300, blank=True,
        help_text=_("Ingevuld als deze mijlpaal bewust buiten de gebruikelijke volgorde is vastgelegd."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        constraints = [
            models.UniqueConstraint(fields=["client", "kind", "version"], name="milestone_unique_version"),
        ]
        indexes = [models.Index(fields=["municipality", "kind", "date"], name="milestone_muni_kind_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"


class CoaProfile(BaseModel):
    """The information profile COA sends with the link (domain.md, 'Before arrival')."""

    class Education(models.TextChoices):
        NONE = "none", _("Geen onderwijs")
        PRIMARY = "primary", _("Basisonderwijs")
        SECONDARY = "secondary", _("Voortgezet onderwijs")
        VOCATIONAL = "vocational", _("Beroepsonderwijs")
        HIGHER = "higher", _("Hoger onderwijs")
        UNKNOWN = "unknown", _("Onbekend")

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="coa_profile")
    received_on = models.DateField(_("ontvangen op"))
    household_size = models.PositiveSmallIntegerField(_("omvang huishouden"), default=1,
                                                      validators=[MinValueValidator(1), MaxValueValidator(20)])
    education = models.CharField(_("opleiding"), max_length=12, choices=Education.choices, default=Education.UNKNOWN)
    education_years = models.PositiveSmallIntegerField(_("jaren onderwijs"), null=True, blank=True,
                                                       validators=[MaxValueValidator(30)])
    work_experience_years = models.PositiveSmallIntegerField(_("jaren werkervaring"), null=True, blank=True,
                                                             validators=[MaxValueValidator(60)])
    occupation = models.CharField(_("beroep"), max_length=100, blank=True)
    # Special-category data (health): shown only to the own klantmanager and the teamleider.
    visible_limitations = models.CharField(_("zichtbare lichamelijke beperkingen"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("COA-informatieprofiel")
        verbose_name_plural = _("COA-informatieprofielen")


class Handover(BaseModel):
    """Warm handover checklist (warme overdracht) from the AZC to the municipality."""

    class Consent(models.TextChoices):
        NOT_ASKED = "not_asked", _("Nog niet gevraagd")
        GIVEN = "given", _("Gegeven")
        REFUSED = "refused", _("Geweigerd")

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="handover")
    first_talk_on = models.DateField(_("eerste gesprek in het azc"), null=True, blank=True)
    profile_received = models.BooleanField(_("informatieprofiel ontvangen"), default=False)
    contact_details_received = models.BooleanField(_("contactgegevens ontvangen"), default=False)
    health_consent = models.CharField(_("toestemming gezondheidsinformatie"), max_length=10,
                                      choices=Consent.choices, default=Consent.NOT_ASKED)
    health_consent_on = models.DateField(_("datum toestemming"), null=True, blank=True)
    pre_integration_followed = models.BooleanField(_("voorinburgering gevolgd"), default=False)

    class Meta:
        verbose_name = _("warme overdracht")
        verbose_name_plural = _("warme overdrachten")

    CHECKLIST = ("first_talk_on", "profile_received", "contact_details_received", "health_consent",
                 "pre_integration_followed")

    @property
    def items_done(self) -> int:
        return sum([
            self.first_talk_on is not None, self.profile_received, self.contact_details_received,
            self.health_consent != self.Consent.NOT_ASKED, self.pre_integration_followed,
        ])


class BijstandEndReason(models.TextChoices):
    WORK = "work", _("Werk")
    EDUCATION = "education", _("Opleiding")
    MOVED = "moved", _("Verhuisd naar andere gemeente")
    PARTNER_INCOME = "partner_income", _("Inkomen partner")
    OTHER = "other", _("Anders")


class BijstandEpisode(BaseModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="bijstand_episodes")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=16, choices=BijstandEndReason.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("bijstandsperiode")
        verbose_name_plural = _("bijstandsperioden")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="episode_end_after_start"),
            models.CheckConstraint(condition=Q(end__isnull=True, end_reason="") | Q(end__isnull=False),
                                   name="episode_reason_only_when_ended"),
        ]


class ExtensionGround(models.TextChoices):
    MEDICAL = "medical", _("Medische redenen")
    NO_COURSE = "no_course", _("Geen passend aanbod beschikbaar")
    CIRCUMSTANCES = "circumstances", _("Persoonlijke omstandigheden")
    EFFORT = "effort", _("Aantoonbaar voldoende inspanning")
    OTHER = "other", _("Andere grond")


class TermExtension(BaseModel):
    """An extension of the inburgering term (in weeks, with a ground; Wi2021 art. 11)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="term_extensions")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    weeks = models.PositiveSmallIntegerField(_("weken"), validators=[MinValueValidator(1), MaxValueValidator(156)])
    ground = models.CharField(_("grond"), max_length=16, choices=ExtensionGround.choices)
    decided_on = models.DateField(_("besloten op"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["decided_on"]
        verbose_name = _("verlenging inburgeringstermijn")
        verbose_name_plural = _("verlengingen inburgeringstermijn")
        constraints = [models.CheckConstraint(condition=Q(weeks__gte=1), name="extension_positive_weeks")]


class ContactKind(models.TextChoices):
    INTAKE = "intake", _("Intakegesprek")
    PROGRESS = "progress", _("Voortgangsgesprek")
    PHONE = "phone", _("Telefonisch contact")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    OTHER = "other", _("Ander contact")


class Contact(BaseModel):
    """A conversation with the client, with an optional next appointment."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="contacts")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort gesprek"), max_length=12, choices=ContactKind.choices)
    occurred_on = models.DateField(_("datum"))
    interpreter = models.BooleanField(_("tolk aanwezig"), default=False)
    interpreter_language = models.ForeignKey("clients.Language", on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+", verbose_name=_("taal van de tolk"))
    summary = models.TextField(_("verslag"), blank=True, max_length=4000)
    next_appointment = models.DateTimeField(_("volgende afspraak"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        indexes = [models.Index(fields=["client", "-occurred_on"], name="contact_client_date")]
        constraints = [
            models.CheckConstraint(condition=Q(interpreter=True) | Q(interpreter_language__isnull=True),
                                   name="contact_language_only_with_interpreter"),
        ]


class LadderRung(models.IntegerChoices):
    """Participatieladder (domain.md, Instruments)."""

    ISOLATED = 1, _("1 Geïsoleerd")
    SOCIAL_CONTACTS = 2, _("2 Sociale contacten buitenshuis")
    ORGANISED_ACTIVITIES = 3, _("3 Deelname georganiseerde activiteiten")
    UNPAID_WORK = 4, _("4 Onbetaald werk")
    PAID_WORK_SUPPORTED = 5, _("5 Betaald werk met ondersteuning")
    PAID_WORK = 6, _("6 Betaald werk")


class LadderMeasurement(BaseModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="ladder_measurements")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    measured_on = models.DateField(_("gemeten op"))
    rung = models.PositiveSmallIntegerField(_("trede"), choices=LadderRung.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["measured_on"]
        verbose_name = _("meting participatieladder")
        verbose_name_plural = _("metingen participatieladder")


# --- Deadline rules (data) and computed deadlines ------------------------------------------------

class DeadlineCode(models.TextChoices):
    HOUSING_OFFER = "housing_offer", _("Woning aanbieden")
    HOUSING_MOVE = "housing_move", _("Verhuizing naar woning")
    PIP = "pip", _("PIP vaststellen")
    INBURGERING_TERM = "inburgering_term", _("Inburgeringstermijn")
    ROUTE_SWITCH = "route_switch", _("Wisselen van leerroute mogelijk tot")
    ONTZORGEN = "ontzorgen", _("Ontzorgen")
    PROGRESS_CONVERSATION = "progress_conversation", _("Voortgangsgesprek")
    LADDER_MEASUREMENT = "ladder_measurement", _("Meting participatieladder")


class Anchor(models.TextChoices):
    """The event a deadline counts from."""

    LINKED = "linked", _("Koppeling aan de gemeente")
    BRP_REGISTERED = "brp_registered", _("Inschrijving in de BRP")
    HOUSED = "housed", _("Huisvesting")
    FIRST_PIP = "first_pip", _("Dagtekening eerste PIP")
    BIJSTAND_START = "bijstand_start", _("Begin eerste bijstandsperiode")
    LAST_PROGRESS = "last_progress", _("Laatste voortgangsgesprek (of intake/PIP)")
    LAST_LADDER = "last_ladder", _("Laatste meting participatieladder (of einde intake)")


class OffsetUnit(models.TextChoices):
    DAYS = "days", _("dagen")
    WEEKS = "weeks", _("weken")
    MONTHS = "months", _("maanden")
    YEARS = "years", _("jaren")


class DeadlineRuleQuerySet(models.QuerySet):
    def defaults(self):
        return self.filter(municipality__isnull=True)


class DeadlineRule(BaseModel):
    """One deadline rule. Rows without municipality are the national defaults (seeded with their source);
    a municipality's row with the same code overrides the default (only where ``is_norm``: a local norm,
    not a legal term)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="deadline_rules")
    code = models.CharField(_("termijn"), max_length=24, choices=DeadlineCode.choices)
    anchor = models.CharField(_("telt vanaf"), max_length=16, choices=Anchor.choices)
    anchor_shift_days = models.SmallIntegerField(
        _("begint dagen na het moment"), default=0,
        help_text=_("Bijv. 1: de inburgeringstermijn begint de dag na de dagtekening van het eerste PIP."))
    offset_amount = models.PositiveSmallIntegerField(_("lengte"), validators=[MinValueValidator(1)])
    offset_unit = models.CharField(_("eenheid"), max_length=6, choices=OffsetUnit.choices)
    end_adjust_days = models.SmallIntegerField(
        _("correctie op de einddatum (dagen)"), default=0,
        help_text=_("Bijv. -1: de termijn eindigt de dag vóór de verjaardag van het begin."))
    is_window = models.BooleanField(
        _("periode"), default=False,
        help_text=_("Een periode die afloopt (zoals ontzorgen) in plaats van een taak die op tijd af moet."))
    regimes = models.JSONField(_("geldt voor regimes"), default=list, blank=True)
    target_groups = models.JSONField(_("geldt voor doelgroepen"), default=list, blank=True)
    is_norm = models.BooleanField(_("lokale norm (aanpasbaar)"), default=True)
    active = models.BooleanField(_("actief"), default=True)
    source = models.CharField(_("bron"), max_length=300)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("termijnregel")
        verbose_name_plural = _("termijnregels")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(municipality__isnull=True),
                                    name="deadline_rule_one_default"),
            models.UniqueConstraint(fields=["municipality", "code"], condition=Q(municipality__isnull=False),
                                    name="deadline_rule_one_per_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.municipality or _('landelijk')})"


class JourneySettings(models.Model):
    """Per-municipality settings of the journey (editable by the functioneel beheerder)."""

    municipality = models.OneToOneField("accounts.Municipality", on_delete=models.CASCADE,
                                        related_name="journey_settings")
    due_soon_days = models.PositiveSmallIntegerField(
        _("'binnenkort' vanaf (dagen voor de termijn)"), default=14, validators=[MaxValueValidator(365)])

    class Meta:
        verbose_name = _("trajectinstellingen")
        verbose_name_plural = _("trajectinstellingen")

    def __str__(self) -> str:
        return str(self.municipality)


class ClientDeadline(models.Model):
    """A deadline computed for one client: rewritten by ``journey.services.recompute_deadlines`` in the
    same transaction as every change of a date it depends on. The status (on time, due soon, overdue) is
    derived at read time from ``due_date``, ``met_on`` and today."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="deadlines")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=24, choices=DeadlineCode.choices)
    anchor_date = models.DateField()
    due_date = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    is_window = models.BooleanField(default=False)
    rule_source = models.CharField(max_length=300)

    class Meta:
        ordering = ["due_date"]
        constraints = [models.UniqueConstraint(fields=["client", "code"], name="client_deadline_unique")]
        indexes = [models.Index(fields=["municipality", "met_on", "due_date"], name="deadline_open_due")]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.due_date:%d-%m-%Y}"
