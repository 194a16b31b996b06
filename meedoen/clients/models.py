"""The client record. Minimal for now (the foundation); the journey issue grows it into the registry."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import bsn as stdnum_bsn

from meedoen.core.models import BaseModel, TenantQuerySet


class Regime(models.TextChoices):
    """The legal regime a client falls under (domain.md: two inburgering laws plus the Participatiewet)."""

    WI2021 = "wi2021", _("Wet inburgering 2021")
    WI2013 = "wi2013", _("Wet inburgering 2013")
    NONE = "none", _("Geen inburgeringsplicht (alleen Participatiewet)")


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
            models.Index(fields=["municipality", "family_name"], name="client_muni_family"),
            models.Index(fields=["municipality", "team"], name="client_muni_team"),
            models.Index(fields=["klantmanager"], name="client_klantmanager"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    def clean(self) -> None:
        errors = {}
        if self.team_id and self.team.municipality_id != self.municipality_id:
            errors["team"] = _("Het team hoort bij een andere gemeente.")
        if errors:
            raise ValidationError(errors)


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
