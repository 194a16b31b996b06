"""Routing, segments and the waiting list: rules kept as data per municipality, and the history of
every change of a client's team, klantmanager or segment.

Routing and segment rules take only age, regime and stated facts about a person's situation
(literacy, work experience, education). Nationality, origin, gender and health are never inputs:
the rule models have no such fields, and ``caseload.facts.FACTS`` offers none.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meedoen.caseload.facts import validate_conditions
from meedoen.clients.models import Regime
from meedoen.core.models import BaseModel, TenantQuerySet


def _validate_regimes(value) -> None:
    if not isinstance(value, list) or any(item not in Regime.values for item in value):
        raise ValidationError(
            _("Kies regimes uit: %(values)s (als lijst, bijvoorbeeld [\"wi2021\"]).") % {
                "values": ", ".join(Regime.values)},
            code="regimes")
    if len(set(value)) != len(value):
        raise ValidationError(_("Elk regime mag maar één keer in de lijst staan."), code="regimes")


class RoutingRuleQuerySet(TenantQuerySet):
    def in_force(self) -> RoutingRuleQuerySet:
        return self.filter(active=True).select_related("team").order_by("order", "id")


class RoutingRule(BaseModel):
    """Which team a new client goes to. The first active rule (by order) that matches wins."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("gemeente"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=10)
    min_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True,
                                               validators=[MaxValueValidator(130)])
    max_age = models.PositiveSmallIntegerField(
        _("tot leeftijd"), null=True, blank=True, validators=[MaxValueValidator(130)],
        help_text=_("Tot, niet tot en met: 27 betekent jonger dan 27."))
    regimes = models.JSONField(_("alleen voor regimes"), default=list, blank=True, validators=[_validate_regimes],
                               help_text=_("Leeg: alle regimes. Anders een lijst, bijvoorbeeld [\"wi2021\"]."))
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    active = models.BooleanField(_("actief"), default=True)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "order", "id"]
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(max_age__gt=models.F("min_age")),
                name="routing_rule_age_range"),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.describe()} → {self.team}"

    def clean(self) -> None:
        errors = {}
        if self.team_id and self.municipality_id and self.team.municipality_id != self.municipality_id:
            errors["team"] = _("Het team hoort bij een andere gemeente.")
        if self.min_age is not None and self.max_age is not None and self.max_age <= self.min_age:
            errors["max_age"] = _("'Tot leeftijd' moet hoger zijn dan 'vanaf leeftijd'.")
        if errors:
            raise ValidationError(errors)

    def matches(self, age: int, regime: str) -> bool:
        if self.min_age is not None and age < self.min_age:
            return False
        if self.max_age is not None and age >= self.max_age:
            return False
        return not self.regimes or regime in self.regimes

    def terms(self, age: int, regime: str) -> list[str]:
        """The reasons this rule matched, in words: ["leeftijd 24 < 27"]."""
        terms = []
        if self.min_age is not None and self.max_age is not None:
            terms.append(gettext("leeftijd %(min)s ≤ %(age)s < %(max)s") % {
                "min": self.min_age, "age": age, "max": self.max_age})
        elif self.min_age is not None:
            terms.append(gettext("leeftijd %(age)s ≥ %(min)s") % {"age": age, "min": self.min_age})
        elif self.max_age is not None:
            terms.append(gettext("leeftijd %(age)s < %(max)s") % {"age": age, "max": self.max_age})
        if self.regimes:
            terms.append(gettext("regime: %(regime)s") % {"regime": Regime(regime).label})
        return terms

    def describe(self) -> str:
        """The rule's condition, without a client: "jonger dan 27", "27 jaar of ouder"."""
        parts = []
        if self.min_age is not None:
            parts.append(gettext("%(age)s jaar of ouder") % {"age": self.min_age})
        if self.max_age is not None:
            parts.append(gettext("jonger dan %(age)s") % {"age": self.max_age})
        if self.regimes:
            parts.append(", ".join(self.regimes))
        return ", ".join(parts) or gettext("alle cliënten")


class SegmentRuleQuerySet(TenantQuerySet):
    def in_force(self) -> SegmentRuleQuerySet:
        return self.filter(active=True).select_related("segment").order_by("order", "id")


class SegmentRule(BaseModel):
    """Which segment follows from the stated facts after intake. The first active rule (by order) whose
    conditions all hold wins; a rule without conditions matches everyone (a fallback at the end)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("gemeente"))
    segment = models.ForeignKey("clients.Segment", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("segment"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=10)
    conditions = models.JSONField(
        _("voorwaarden"), default=list, blank=True,
        help_text=_('Lijst van voorwaarden die allemaal moeten kloppen, bijvoorbeeld '
                    '[{"fact": "has_work_experience", "op": "eq", "value": true}]. Gegevens: age, low_literacy, '
                    'has_work_experience, work_experience_years, education, regime. Vergelijkingen: lt, lte, gt, '
                    'gte, eq, ne. Leeg: geldt voor iedereen.'))
    active = models.BooleanField(_("actief"), default=True)

    objects = SegmentRuleQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "order", "id"]
        verbose_name = _("segmentregel")
        verbose_name_plural = _("segmentregels")

    def __str__(self) -> str:
        return f"{self.order}: {self.segment}"

    def clean(self) -> None:
        errors = {}
        if self.segment_id and self.municipality_id and self.segment.municipality_id != self.municipality_id:
            errors["segment"] = _("Het segment hoort bij een andere gemeente.")
        try:
            validate_conditions(self.conditions)
        except ValidationError as exc:
            errors["conditions"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Conditions are checked on every save, not only in forms: a bad rule must never be stored.
        validate_conditions(self.conditions)
        super().save(*args, **kwargs)


class WaitingCriterion(models.TextChoices):
    LOW_LITERACY_FIRST = "low_literacy_first", _("Laaggeletterden eerst")
    NO_WORK_EXPERIENCE_FIRST = "no_work_experience_first", _("Zonder werkervaring eerst")
    LONGEST_WAITING_FIRST = "longest_waiting_first", _("Langst wachtenden eerst")


DEFAULT_WAITING_CRITERIA = [c.value for c in WaitingCriterion]


def default_waiting_criteria() -> list[str]:
    return list(DEFAULT_WAITING_CRITERIA)


def validate_waiting_criteria(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("De volgorde is een lijst met ten minste één regel, bijvoorbeeld [\"low_literacy_first\", "
              "\"longest_waiting_first\"]."), code="criteria_type")
    unknown = [item for item in value if item not in WaitingCriterion.values]
    if unknown:
        raise ValidationError(_("Onbekende regel: %(unknown)s. Toegestaan zijn: %(allowed)s.") % {
            "unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(WaitingCriterion.values)},
            code="criteria_unknown")
    if len(set(value)) != len(value):
        raise ValidationError(_("Elke regel mag maar één keer in de volgorde staan."), code="criteria_duplicate")


class WaitingListPolicy(BaseModel):
    """The order of the waiting list of a municipality: criteria applied one after the other; people who
    are equal on all of them keep the order in which they started waiting."""

    municipality = models.OneToOneField("accounts.Municipality", on_delete=models.CASCADE, related_name="+",
                                        verbose_name=_("gemeente"))
    criteria = models.JSONField(
        _("volgorde van de wachtlijst"), default=default_waiting_criteria, validators=[validate_waiting_criteria],
        help_text=_("Lijst van regels in volgorde van belang: low_literacy_first, no_work_experience_first, "
                    "longest_waiting_first."))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("wachtlijstvolgorde")
        verbose_name_plural = _("wachtlijstvolgorde")

    def __str__(self) -> str:
        return str(self.municipality)

    def save(self, *args, **kwargs):
        validate_waiting_criteria(self.criteria)
        super().save(*args, **kwargs)


class ChangeKind(models.TextChoices):
    TEAM = "team", _("Team")
    KLANTMANAGER = "klantmanager", _("Klantmanager")
    SEGMENT = "segment", _("Segment")


class AssignmentChange(BaseModel):
    """One change of a client's team, klantmanager or segment. Stores the public ids and display names
    of the team, staff member or segment (never client data). A manual change of team or segment is an
    override and keeps its reason."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="assignment_changes")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=12, choices=ChangeKind.choices)
    from_public_id = models.UUIDField(null=True, blank=True)
    from_label = models.CharField(_("van"), max_length=150, blank=True)
    to_public_id = models.UUIDField(null=True, blank=True)
    to_label = models.CharField(_("naar"), max_length=150, blank=True)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    automatic = models.BooleanField(_("automatisch"), default=False,
                                    help_text=_("Door de regels bepaald (routering, segmentregels)."))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("toewijzingswijziging")
        verbose_name_plural = _("toewijzingswijzigingen")
        indexes = [models.Index(fields=["client", "-created_at"], name="assignment_change_client")]
        constraints = [
            models.CheckConstraint(
                condition=Q(automatic=True) | Q(kind="klantmanager") | ~Q(reason=""),
                name="assignment_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.from_label or '—'} → {self.to_label or '—'}"

    @property
    def is_override(self) -> bool:
        return not self.automatic and self.kind != ChangeKind.KLANTMANAGER
