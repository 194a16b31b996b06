"""Municipalities (the tenants), teams, partner organisations, users and their memberships."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet


class Province(models.TextChoices):
    GRONINGEN = "GR", "Groningen"
    FRYSLAN = "FR", "Fryslân"
    DRENTHE = "DR", "Drenthe"
    OVERIJSSEL = "OV", "Overijssel"
    FLEVOLAND = "FL", "Flevoland"
    GELDERLAND = "GE", "Gelderland"
    UTRECHT = "UT", "Utrecht"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"
    ZEELAND = "ZE", "Zeeland"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    LIMBURG = "LI", "Limburg"


cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0193.")
)
hex_colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Gebruik een kleur als #RRGGBB."))


class Municipality(BaseModel):
    """A gemeente: the tenant. Every row about a client belongs to exactly one."""

    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator])
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices)
    theme_primary_colour = models.CharField(
        _("huisstijlkleur"), max_length=7, blank=True, default="", validators=[hex_colour_validator],
        help_text=_("Hoofdkleur van de huisstijl (#RRGGBB); leeg laat het standaardthema staan."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"


class TeamKind(models.TextChoices):
    YOUTH_DESK = "youth_desk", _("Jongerenloket (onder 27)")
    REINTEGRATION = "reintegration", _("Re-integratie (27 en ouder)")
    INBURGERING = "inburgering", _("Inburgering")
    OTHER = "other", _("Overig")


class Team(BaseModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=20, choices=TeamKind.choices)
    fte = models.DecimalField(
        _("formatie (fte)"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    caseload_norm = models.PositiveIntegerField(
        _("caseloadnorm per fte"), default=0,
        help_text=_("Aantal cliënten per fte. Er is geen landelijke norm; de gemeente stelt die zelf vast."),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name_per_municipality"),
            models.CheckConstraint(condition=Q(fte__gte=0), name="team_fte_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capacity(self) -> int:
        """Clients the team can carry: FTE × caseload norm, rounded down."""
        return int(self.fte * self.caseload_norm)


class PartnerOrganisation(BaseModel):
    """An organisation that delivers activities for the municipality (Taalhuis, VluchtelingenWerk, ...).

    The registry of who the partner is lives here because partner users are bound to it; covenants,
    contacts and the legal basis of data flows are added by the partners app.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(_("naam"), max_length=150)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="partner_unique_name_per_municipality"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff (or of a partner). What they may do follows from their memberships."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    KLANTMANAGER = "klantmanager", _("Klantmanager")
    TEAMLEIDER = "teamleider", _("Teamleider")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    PARTNERMEDEWERKER = "partnermedewerker", _("Medewerker partnerorganisatie")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")


TEAM_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)


class MembershipQuerySet(TenantQuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(active=True, user__is_active=True)


class Membership(BaseModel):
    """A user's role in one municipality, optionally in one team or for one partner."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    active = models.BooleanField(_("actief"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "role"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.CheckConstraint(
                name="membership_partner_iff_partner_role",
                condition=(Q(role="partnermedewerker", partner__isnull=False, team__isnull=True)
                           | (~Q(role="partnermedewerker") & Q(partner__isnull=True))),
            ),
            models.CheckConstraint(
                name="membership_team_required_for_team_roles",
                condition=~Q(role__in=["klantmanager", "teamleider"]) | Q(team__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role", "team"], condition=Q(team__isnull=False),
                name="membership_unique_team_role",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role", "partner"], condition=Q(partner__isnull=False),
                name="membership_unique_partner_role",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], condition=Q(team__isnull=True, partner__isnull=True),
                name="membership_unique_municipal_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.team or self.partner or self.municipality
        return f"{self.user} — {self.get_role_display()} — {where}"

    def clean(self) -> None:
        errors = {}
        if self.role == Role.PARTNERMEDEWERKER:
            if not self.partner_id:
                errors["partner"] = _("Een medewerker van een partnerorganisatie hoort bij een partner.")
            if self.team_id:
                errors["team"] = _("Een medewerker van een partnerorganisatie hoort niet bij een team.")
        elif self.partner_id:
            errors["partner"] = _("Alleen medewerkers van een partnerorganisatie horen bij een partner.")
        if self.role in TEAM_ROLES and not self.team_id:
            errors["team"] = _("Een klantmanager of teamleider hoort bij een team.")
        if self.team_id and self.municipality_id and self.team.municipality_id != self.municipality_id:
            errors["team"] = _("Het team hoort bij een andere gemeente.")
        if self.partner_id and self.municipality_id and self.partner.municipality_id != self.municipality_id:
            errors["partner"] = _("De partnerorganisatie hoort bij een andere gemeente.")
        if errors:
            raise ValidationError(errors)
