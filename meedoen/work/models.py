"""Work: employers and their cooperation agreements, vacancies and places, the client's work profile and
the matching read-model, proposals of candidates, placements (paid jobs and unpaid places) with the
bijstand outflow they cause, and procured re-integration trajectories.

Rules and figures: ``../shared/docs/domain.md`` (Participatiewet art. 7, 10, 10b, 10c/10d; Divosa return
rates) and ``../shared/reference/targets_from_practice.csv`` (trajectory success 20–30 %).

Only the services in ``meedoen.work.services`` write these models (the demo seeder and the benchmark
generator may bulk-insert and then rebuild the matching profiles).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet
from meedoen.intake.models import Cefr

# KvK numbers have eight digits (Handelsregisterwet; since 2016 without a check digit rule).
kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))


class Sector(models.TextChoices):
    LOGISTICS = "logistics", _("Logistiek en transport")
    CARE = "care", _("Zorg en welzijn")
    CONSTRUCTION = "construction", _("Bouw en infra")
    HOSPITALITY = "hospitality", _("Horeca")
    RETAIL = "retail", _("Detailhandel")
    TECHNICAL = "technical", _("Techniek en industrie")
    CLEANING = "cleaning", _("Schoonmaak en facilitair")
    AGRICULTURE = "agriculture", _("Groen en agrarisch")
    EDUCATION = "education", _("Onderwijs en kinderopvang")
    BUSINESS = "business", _("Zakelijke dienstverlening en administratie")
    OTHER = "other", _("Overig")


class PlaceKind(models.TextChoices):
    """What a vacancy offers, and what a placement is."""

    PAID_JOB = "paid_job", _("Betaalde baan")
    WORK_EXPERIENCE = "work_experience", _("Werkervaringsplaats")
    MAP_PRACTICAL = "map_practical", _("MAP-praktijkplaats")
    VOLUNTEER = "volunteer", _("Vrijwilligerswerk")


LANGUAGE_SKILLS = ("reading", "listening", "writing", "speaking")
# CEFR codes in order; 0 = unknown. Used by the matching profile and the requirements.
CEFR_RANK = {"pre_a1": 1, "a1": 2, "a2": 3, "b1": 4, "b2": 5, "c1": 6, "c2": 7}


# --- Employers ----------------------------------------------------------------------------------

class Employer(BaseModel):
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=150)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    city = models.CharField(_("vestigingsplaats"), max_length=80, blank=True)
    notes = models.TextField(_("toelichting"), blank=True, max_length=2000)
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kvk_number"], name="employer_unique_kvk"),
        ]

    def __str__(self) -> str:
        return self.name


class EmployerContact(BaseModel):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=150)
    function = models.CharField(_("functie"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contactpersoon werkgever")
        verbose_name_plural = _("contactpersonen werkgever")

    def __str__(self) -> str:
        return self.name


class CooperationAgreement(BaseModel):
    """Afspraken met een werkgever: what the employer commits to and what the municipality offers."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="agreements")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("ingangsdatum"))
    end = models.DateField(_("einddatum"))
    committed_jobs = models.PositiveSmallIntegerField(_("toegezegde banen"), default=0)
    committed_work_experience = models.PositiveSmallIntegerField(_("toegezegde werkervaringsplaatsen"), default=0)
    committed_other = models.CharField(_("overige toezeggingen"), max_length=300, blank=True)
    municipality_offers = models.CharField(_("wat de gemeente biedt"), max_length=300, blank=True,
                                           help_text=_("Bijvoorbeeld jobcoaching, loonkostensubsidie, "
                                                       "voorselectie van kandidaten."))
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("samenwerkingsafspraak")
        verbose_name_plural = _("samenwerkingsafspraken")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="agreement_end_after_start"),
        ]


# --- Vacancies ----------------------------------------------------------------------------------

class Certificate(models.Model):
    """A certificate a vacancy may require and a client may hold (VCA, BHV, heftruck, HACCP, …)."""

    name = models.CharField(_("naam"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")

    def __str__(self) -> str:
        return self.name


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Vervuld")
    CLOSED = "closed", _("Gesloten")


class VacancyQuerySet(TenantQuerySet):
    def open(self) -> VacancyQuerySet:
        return self.filter(status=VacancyStatus.OPEN)


def _cefr_field(label):
    return models.CharField(label, max_length=6, choices=Cefr.choices, blank=True,
                            help_text=_("Leeg: geen eis."))


class Vacancy(BaseModel):
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("titel"), max_length=150)
    occupation = models.CharField(_("beroep"), max_length=100)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    kind = models.CharField(_("soort plaats"), max_length=16, choices=PlaceKind.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"),
                                                      validators=[MinValueValidator(1), MaxValueValidator(40)])
    location = models.CharField(_("werkplaats"), max_length=80)
    start = models.DateField(_("startdatum"))
    duration_weeks = models.PositiveSmallIntegerField(_("duur in weken"), null=True, blank=True,
                                                      validators=[MinValueValidator(1)],
                                                      help_text=_("Leeg: onbepaalde tijd."))
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=1, validators=[MinValueValidator(1)])
    description = models.TextField(_("omschrijving"), blank=True, max_length=4000)
    required_reading = _cefr_field(_("vereist niveau lezen"))
    required_listening = _cefr_field(_("vereist niveau luisteren"))
    required_writing = _cefr_field(_("vereist niveau schrijven"))
    required_speaking = _cefr_field(_("vereist niveau spreken"))
    language_reason = models.CharField(_("waarom dit taalniveau"), max_length=200, blank=True,
                                       help_text=_("Bijvoorbeeld: veiligheidsinstructies lezen, klantcontact."))
    requires_driving_licence = models.BooleanField(_("rijbewijs B vereist"), default=False)
    certificates = models.ManyToManyField(Certificate, blank=True, related_name="+",
                                          verbose_name=_("vereiste certificaten"))
    status = models.CharField(_("status"), max_length=8, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["start", "title"]
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    def required_levels(self) -> dict[str, str]:
        """{skill: CEFR code} for the skills with a requirement."""
        return {skill: getattr(self, f"required_{skill}") for skill in LANGUAGE_SKILLS
                if getattr(self, f"required_{skill}")}


# --- The client's work profile and the matching read-model ----------------------------------------

class WorkProfile(BaseModel):
    """What the klantmanager records about a client's work: experience, preferences, licence, certificates.

    Never holds nationality, origin, gender, age or health: matching may not use them.
    """

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="work_profile")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    experience_occupation = models.CharField(_("beroep met werkervaring"), max_length=100, blank=True)
    experience_sectors = models.JSONField(_("sectoren met werkervaring"), default=list, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("jaren werkervaring"), null=True, blank=True,
                                                        validators=[MaxValueValidator(60)])
    desired_sectors = models.JSONField(_("gewenste sectoren"), default=list, blank=True)
    desired_kinds = models.JSONField(_("gewenste soort werk"), default=list, blank=True)
    desired_hours = models.PositiveSmallIntegerField(_("gewenst aantal uren per week"), null=True, blank=True,
                                                     validators=[MinValueValidator(1), MaxValueValidator(40)])
    preferred_locations = models.CharField(_("gewenste werkplaatsen"), max_length=200, blank=True,
                                           help_text=_("Plaatsnamen, gescheiden door komma's."))
    driving_licence = models.BooleanField(_("rijbewijs B"), default=False)
    certificates = models.ManyToManyField(Certificate, blank=True, related_name="+",
                                          verbose_name=_("certificaten"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkprofiel")
        verbose_name_plural = _("werkprofielen")


class MatchProfile(models.Model):
    """A denormalised, rebuildable summary of one client's matching inputs (read-model).

    Built from the intake (Dutch levels, occupation, hours), passed exams, the plan in force (availability,
    weekly load, status), the work profile and current placements, so that one vacancy can be scored
    against a whole municipality in one query. Never the source of truth; ``stale`` marks rows whose
    sources changed and that are rebuilt before matching.
    """

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="match_profile")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE, related_name="+")
    # Dutch level per skill as CEFR_RANK (0 = unknown) and where it came from ("intake", "exam").
    reading = models.PositiveSmallIntegerField(default=0)
    listening = models.PositiveSmallIntegerField(default=0)
    writing = models.PositiveSmallIntegerField(default=0)
    speaking = models.PositiveSmallIntegerField(default=0)
    level_sources = models.JSONField(default=dict, blank=True)
    hours_available = models.PositiveSmallIntegerField(null=True, blank=True)
    # Weekly hours of the plan's activities (excluding paid work at the same time), as of the build date.
    weekly_load = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    load_items = models.JSONField(default=list, blank=True)  # [[label, hours], …] for the explanation
    plan_status = models.CharField(max_length=8, blank=True)  # "set", "draft" or "" (no plan)
    occupation = models.CharField(max_length=100, blank=True)  # normalised (lower case, trimmed)
    experience_sectors = models.CharField(max_length=200, blank=True)  # ",care,logistics,"
    experience_years = models.PositiveSmallIntegerField(null=True, blank=True)
    desired_sectors = models.CharField(max_length=200, blank=True)
    desired_kinds = models.CharField(max_length=100, blank=True)
    desired_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    preferred_locations = models.CharField(max_length=200, blank=True)  # ",zwolle,kampen,"
    driving_licence = models.BooleanField(default=False)
    certificate_ids = models.CharField(max_length=200, blank=True)  # ",1,4,"
    in_paid_work = models.BooleanField(default=False)
    active = models.BooleanField(default=True)  # an open dossier that matching considers
    stale = models.BooleanField(default=False)
    built_at = models.DateTimeField(null=True, blank=True)
    # The first day on which a date-dependent input changes (a plan activity or a placement starts or ends):
    # the row is rebuilt from that day on. Null: nothing changes with the date.
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("matchprofiel")
        verbose_name_plural = _("matchprofielen")
        indexes = [models.Index(fields=["municipality", "active"]), models.Index(fields=["stale"]),
                   models.Index(fields=["municipality", "valid_until"], name="matchprofile_muni_valid")]

    def __str__(self) -> str:
        return f"matchprofiel {self.client_id}"


# --- Proposals ----------------------------------------------------------------------------------

class ShareBasis(models.TextChoices):
    """The legal basis for sharing a candidate's data with an employer (domain.md, Data protection)."""

    CONSENT = "consent", _("Toestemming van de cliënt")
    CLIENT_APPLIES = "client_applies", _("De cliënt solliciteert zelf; de gemeente deelt niets")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgedragen")
    INTERVIEW = "interview", _("Sollicitatiegesprek")
    HIRED = "hired", _("Aangenomen")
    NOT_HIRED = "not_hired", _("Niet aangenomen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class NotHiredReason(models.TextChoices):
    LANGUAGE = "language", _("Taalniveau onvoldoende")
    EXPERIENCE = "experience", _("Te weinig ervaring")
    HOURS = "hours", _("Uren of werktijden passen niet")
    OTHER_CANDIDATE = "other_candidate", _("Andere kandidaat gekozen")
    CLIENT_DECLINED = "client_declined", _("Cliënt zag ervan af")
    NO_SHOW = "no_show", _("Niet op gesprek verschenen")
    OTHER = "other", _("Anders")


PROPOSAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProposalStatus.PROPOSED: (ProposalStatus.INTERVIEW, ProposalStatus.HIRED, ProposalStatus.NOT_HIRED,
                              ProposalStatus.WITHDRAWN),
    ProposalStatus.INTERVIEW: (ProposalStatus.HIRED, ProposalStatus.NOT_HIRED, ProposalStatus.WITHDRAWN),
    ProposalStatus.HIRED: (),
    ProposalStatus.NOT_HIRED: (),
    ProposalStatus.WITHDRAWN: (),
}


class Proposal(BaseModel):
    """Voordracht: the klantmanager proposes a client for a vacancy and tracks the result."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="proposals")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="proposals")
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    proposed_on = models.DateField(_("voorgedragen op"))
    share_basis = models.CharField(_("grondslag voor het delen"), max_length=16, choices=ShareBasis.choices)
    consent_on = models.DateField(_("toestemming gegeven op"), null=True, blank=True)
    shared_data = models.CharField(_("gedeelde gegevens"), max_length=300, blank=True,
                                   help_text=_("Bijvoorbeeld: naam, telefoon, cv, taalniveau."))
    score = models.PositiveSmallIntegerField(_("matchscore bij voordracht"), null=True, blank=True)
    interview_on = models.DateField(_("gesprek op"), null=True, blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    not_hired_reason = models.CharField(_("reden niet aangenomen"), max_length=16, choices=NotHiredReason.choices,
                                        blank=True)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-created_at"]
        verbose_name = _("voordracht")
        verbose_name_plural = _("voordrachten")
        constraints = [
            models.CheckConstraint(condition=~Q(share_basis="consent") | Q(consent_on__isnull=False),
                                   name="proposal_consent_has_date"),
            models.CheckConstraint(condition=~Q(status="not_hired") | ~Q(not_hired_reason=""),
                                   name="proposal_not_hired_has_reason"),
        ]


# --- Placements: paid jobs and unpaid places ------------------------------------------------------

class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Vast contract (onbepaalde tijd)")
    FIXED_TERM = "fixed_term", _("Tijdelijk contract (bepaalde tijd)")
    ON_CALL = "on_call", _("Oproep- of nulurencontract")
    AGENCY = "agency", _("Uitzendwerk")
    SHELTERED = "sheltered", _("Beschut werk (Participatiewet art. 10b)")


class Outflow(models.TextChoices):
    FULL = "full", _("Volledige uitstroom uit de bijstand")
    PARTIAL = "partial", _("Gedeeltelijke uitstroom (aanvullende bijstand)")
    NONE = "none", _("Geen uitstroom")


class PlacementEndReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("Contract afgelopen")
    DISMISSED = "dismissed", _("Ontslagen")
    RESIGNED = "resigned", _("Zelf gestopt")
    PLACE_COMPLETED = "place_completed", _("Plaats afgerond")
    OTHER = "other", _("Anders")


class Placement(BaseModel):
    """A client at work: a paid job (with wage and outflow) or an unpaid place (work experience, MAP
    practical place, volunteer work)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("soort"), max_length=16, choices=PlaceKind.choices)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements")
    proposal = models.OneToOneField(Proposal, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="placement")
    occupation = models.CharField(_("functie"), max_length=100, blank=True)
    start = models.DateField(_("begindatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=16, choices=PlacementEndReason.choices, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"),
                                                      validators=[MinValueValidator(1), MaxValueValidator(60)])
    contract_type = models.CharField(_("soort contract"), max_length=12, choices=ContractType.choices, blank=True)
    monthly_wage = models.DecimalField(_("netto loon per maand (euro)"), max_digits=8, decimal_places=2,
                                       null=True, blank=True, validators=[MinValueValidator(0)])
    bijstand_norm = models.DecimalField(_("bijstandsnorm per maand (euro)"), max_digits=8, decimal_places=2,
                                        null=True, blank=True, validators=[MinValueValidator(0)])
    outflow = models.CharField(_("uitstroom"), max_length=8, choices=Outflow.choices, default=Outflow.NONE)
    job_coach = models.BooleanField(_("jobcoach"), default=False)
    wage_cost_subsidy = models.BooleanField(_("loonkostensubsidie"), default=False)
    wage_value_percent = models.PositiveSmallIntegerField(_("loonwaarde (%)"), null=True, blank=True,
                                                          validators=[MinValueValidator(1), MaxValueValidator(100)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="placement_end_after_start"),
            models.CheckConstraint(condition=Q(wage_cost_subsidy=True) | Q(wage_value_percent__isnull=True),
                                   name="placement_wage_value_only_with_subsidy"),
        ]

    @property
    def is_paid(self) -> bool:
        return self.kind == PlaceKind.PAID_JOB


class WorkSettings(models.Model):
    """Per municipality: the bijstand norms used to judge outflow (set by the functioneel beheerder from
    the current national normbedragen, which change on 1 January and 1 July)."""

    municipality = models.OneToOneField("accounts.Municipality", on_delete=models.CASCADE,
                                        related_name="work_settings")
    norm_single = models.DecimalField(_("bijstandsnorm alleenstaande (per maand)"), max_digits=8, decimal_places=2,
                                      null=True, blank=True)
    norm_couple = models.DecimalField(_("bijstandsnorm gehuwden/samenwonenden (per maand)"), max_digits=8,
                                      decimal_places=2, null=True, blank=True)
    norms_valid_from = models.DateField(_("normen geldig vanaf"), null=True, blank=True)

    class Meta:
        verbose_name = _("instellingen werk")
        verbose_name_plural = _("instellingen werk")

    def __str__(self) -> str:
        return str(self.municipality)


# --- Procured re-integration trajectories -------------------------------------------------------

class Provider(BaseModel):
    """A re-integration company the municipality buys trajectories from."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=150)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("re-integratiebedrijf")
        verbose_name_plural = _("re-integratiebedrijven")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kvk_number"], name="provider_unique_kvk"),
        ]

    def __str__(self) -> str:
        return self.name


class TrajectoryType(models.TextChoices):
    WORK_FIT = "work_fit", _("Werkfit maken")
    TO_WORK = "to_work", _("Naar werk (bemiddeling)")
    JOB_COACHING = "job_coaching", _("Jobcoaching")
    LANGUAGE_AND_WORK = "language_work", _("Taal en werk (duaal)")


class ProcurementContract(BaseModel):
    """A contract from a procurement: what the provider delivers, at what price, with what promise."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(_("kenmerk aanbesteding"), max_length=60)
    trajectory_type = models.CharField(_("soort traject"), max_length=16, choices=TrajectoryType.choices)
    start = models.DateField(_("ingangsdatum"))
    end = models.DateField(_("einddatum"))
    price = models.DecimalField(_("prijs per traject (euro)"), max_digits=9, decimal_places=2,
                                validators=[MinValueValidator(0)])
    promised_success_percent = models.PositiveSmallIntegerField(
        _("beloofd succespercentage"), validators=[MaxValueValidator(100)])
    success_window_months = models.PositiveSmallIntegerField(
        _("resultaat telt binnen (maanden)"), validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Werk of opleiding telt als succes als het binnen zoveel maanden na de start is bereikt."))

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("contract re-integratie")
        verbose_name_plural = _("contracten re-integratie")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="contract_end_after_start"),
            models.UniqueConstraint(fields=["municipality", "reference", "provider"], name="contract_unique_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} — {self.reference}"


class TrajectoryResult(models.TextChoices):
    PENDING = "pending", _("Loopt nog")
    WORK = "work", _("Werk")
    EDUCATION = "education", _("Opleiding")
    NONE = "none", _("Geen resultaat")


class Trajectory(BaseModel):
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(ProcurementContract, on_delete=models.PROTECT, related_name="trajectories")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="trajectories")
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True)
    result = models.CharField(_("resultaat"), max_length=10, choices=TrajectoryResult.choices,
                              default=TrajectoryResult.PENDING)
    result_on = models.DateField(_("resultaat bereikt op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="trajectory_end_after_start"),
            models.CheckConstraint(condition=Q(result="pending") | Q(result_on__isnull=False),
                                   name="trajectory_result_has_date"),
        ]
