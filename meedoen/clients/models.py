"""The client record. Minimal for now (the foundation); the journey issue grows it into the registry."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import bsn as stdnum_bsn

from meedoen.core.models import BaseModel, TenantQuerySet


class Regime(models.TextChoices):
    """The legal regime a client falls under (domain.md: two inburgering laws plus the Participatiewet)."""

    WI2021 = "wi2021", _("Wet inburgering 2021")
    WI2013 = "wi2013", _("Wet inburgering 2013")
    NONE = "none", _("Geen inburgeringsplicht (alleen Participatiewet)")


class TargetGroup(models.TextChoices):
    """GGM enumeration *Doelgroep* (Model Inburgering)."""

    ASIELSTATUSHOUDER = "asielstatushouder", _("Asielstatushouder")
    GEZINSVORMER = "gezinsvormer", _("Gezinsvormer")
    GEZINSHERENIGER = "gezinshereniger", _("Gezinshereniger")
    GEESTELIJK_BEDIENAAR = "geestelijk_bedienaar", _("Geestelijk bedienaar")
    GEZINSVORMER_ASIEL = "gezinsvormer_asiel", _("Gezinsvormer met asielstatushouder")
    GEZINSHERENIGER_ASIEL = "gezinshereniger_asiel", _("Gezinshereniger met asielstatushouder")
    OVERIG = "overig", _("Overig")


class Language(models.Model):
    """Reference table of languages (ISO 639-3 code), maintained by the functioneel beheerder."""

    code = models.CharField(_("code (ISO 639-3)"), max_length=3, unique=True,
                            validators=[RegexValidator(r"^[a-z]{3}$", _("Drie kleine letters, bijv. ara."))])
    name = models.CharField(_("naam"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taal")
        verbose_name_plural = _("talen")

    def __str__(self) -> str:
        return self.name


class Household(BaseModel):
    """People who form one household (linked together by COA or at registration)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")


class HouseholdRole(models.TextChoices):
    REFERENT = "referent", _("Referent")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Kind")
    OTHER = "other", _("Ander gezinslid")


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Een postcode is vier cijfers en twee hoofdletters, bijvoorbeeld 8011 AB.")
)


class ClientQuerySet(TenantQuerySet):
    def with_relations(self) -> ClientQuerySet:
        return self.select_related("municipality", "team", "klantmanager")


class Client(BaseModel):
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="clients")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="clients")
    klantmanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="caseload")
    given_names = models.CharField(_("voornamen"), max_length=150)
    family_name = models.CharField(_("achternaam"), max_length=150)
    birth_date = models.DateField(_("geboortedatum"))
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices, default=Regime.NONE)
    target_group = models.CharField(_("doelgroep"), max_length=24, choices=TargetGroup.choices, blank=True)
    country_of_origin = CountryField(_("land van herkomst"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("talen"), blank=True, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="members", verbose_name=_("huishouden"))
    household_role = models.CharField(_("rol in huishouden"), max_length=10, choices=HouseholdRole.choices,
                                      blank=True)
    # Contact details and address
    phone = models.CharField(_("telefoon"), max_length=20, blank=True,
                             validators=[RegexValidator(r"^\+?[0-9 ()-]{6,20}$", _("Geen geldig telefoonnummer."))])
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    city = models.CharField(_("woonplaats"), max_length=80, blank=True)
    # Stated facts used by the priority rules (low literacy, no work experience); None = not known yet.
    low_literacy = models.BooleanField(_("laaggeletterd"), null=True, blank=True)
    has_work_experience = models.BooleanField(_("werkervaring"), null=True, blank=True)
    # Routing, segment and waiting list (written by the caseload services, explained on the client page).
    routing_explanation = models.CharField(_("toelichting teamtoewijzing"), max_length=200, blank=True)
    segment = models.ForeignKey("clients.Segment", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="clients", verbose_name=_("segment"))
    segment_explanation = models.CharField(_("toelichting segment"), max_length=300, blank=True)
    waiting_since = models.DateField(_("op wachtlijst sinds"), null=True, blank=True)
    is_synthetic = models.BooleanField(
        _("synthetisch (demo)"), default=False, editable=False,
        help_text=_("Verzonnen persoon uit de demogegevens."),
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        indexes = [
            models.Index(fields=["municipality", "waiting_since"], name="client_muni_waiting"),
            models.Index(fields=["municipality", "birth_date"], name="client_muni_birth"),
            models.Index(fields=["municipality", "family_name"], name="client_muni_family"),
            models.Index(fields=["municipality", "team"], name="client_muni_team"),
            models.Index(fields=["klantmanager"], name="client_klantmanager"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    def age_on(self, day) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def address_line(self) -> str:
        first = " ".join(part for part in (self.street, self.house_number) if part)
        second = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (first, second) if part)

    def clean(self) -> None:
        errors = {}
        if self.team_id and self.team.municipality_id != self.municipality_id:
            errors["team"] = _("Het team hoort bij een andere gemeente.")
        if self.household_id and self.household.municipality_id != self.municipality_id:
            errors["household"] = _("Het huishouden hoort bij een andere gemeente.")
        if self.regime in (Regime.WI2021, Regime.WI2013) and not self.target_group:
            errors["target_group"] = _("Kies de doelgroep van deze inburgeringsplichtige.")
        if self.postcode:
            self.postcode = self.postcode.upper()
            if len(self.postcode) == 6:
                self.postcode = f"{self.postcode[:4]} {self.postcode[4:]}"
        if errors:
            raise ValidationError(errors)


class Segment(BaseModel):
    """A municipality-defined segment (e.g. "Direct naar werk", "Intensieve begeleiding")."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="segments")
    name = models.CharField(_("naam"), max_length=80)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "order", "name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segmenten")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="segment_unique_name")]

    def __str__(self) -> str:
        return self.name


class IdentifierKind(models.TextChoices):
    BSN = "bsn", _("BSN")
    V_NUMBER = "v_number", _("V-nummer")
    COA_NUMBER = "coa_number", _("COA-nummer")


def normalise_bsn(value: str) -> str:
    """Strip separators and pad an 8-digit number with a leading zero."""
    digits = "".join(ch for ch in str(value) if not ch.isspace() and ch not in ".-")
    if digits.isdigit() and len(digits) == 8:
        digits = "0" + digits
    return digits


def validate_bsn(value: str) -> str:
    """Return the normalised BSN or raise a ValidationError with a clear Dutch message.

    The 11-check (weights 9..2 and -1) is done by python-stdnum; all zeros is refused too.
    A valid checksum does not prove that the number was issued.
    """
    digits = normalise_bsn(value)
    if not digits.isdigit() or len(digits) != 9:
        raise ValidationError(_("Een BSN bestaat uit 9 cijfers (of 8, dan met een 0 ervoor)."), code="bsn_format")
    try:
        stdnum_bsn.validate(digits)
    except StdnumValidationError:
        raise ValidationError(_("Dit is geen geldig BSN: de elfproef klopt niet."), code="bsn_checksum") from None
    if int(digits) == 0:
        raise ValidationError(_("Dit is geen geldig BSN."), code="bsn_zero")
    return digits


class ClientIdentifier(BaseModel):
    """An identifier of a client: BSN, V-nummer or COA number, each its own row."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="identifiers")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=12, choices=IdentifierKind.choices)
    value = models.CharField(_("nummer"), max_length=20)
    verified_on = models.DateField(_("geverifieerd op"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("identificatienummer")
        verbose_name_plural = _("identificatienummers")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind", "value"], name="identifier_unique_per_muni"),
            models.UniqueConstraint(fields=["client", "kind"], name="identifier_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"

    @property
    def masked(self) -> str:
        """Shown on screen: only the last three characters."""
        return "•" * max(len(self.value) - 3, 0) + self.value[-3:]

    def clean(self) -> None:
        if self.kind == IdentifierKind.BSN:
            try:
                self.value = validate_bsn(self.value)
            except ValidationError as exc:
                raise ValidationError({"value": exc.messages}) from None
