"""Exams and modules of the inburgering duty (domain.md, Learning routes): exam attempts per component,
PVT and MAP completion, and the final conversation of the Z-route. Fulfilment of the duty is derived from
these (``exams.fulfilment``) and shown on the journey.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import BaseModel, TenantQuerySet


class ExamComponent(models.TextChoices):
    READING = "reading", _("Lezen")
    LISTENING = "listening", _("Luisteren")
    WRITING = "writing", _("Schrijven")
    SPEAKING = "speaking", _("Spreken")
    KNM = "knm", _("KNM (Kennis van de Nederlandse Maatschappij)")
    STAATSEXAMEN_I = "staatsexamen_1", _("Staatsexamen NT2 programma I (B1)")
    STAATSEXAMEN_II = "staatsexamen_2", _("Staatsexamen NT2 programma II (B2)")
    ONA = "ona", _("ONA (Oriëntatie op de Nederlandse Arbeidsmarkt, Wi2013)")


class ExamLevel(models.TextChoices):
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"


class ExamResult(models.TextChoices):
    PENDING = "pending", _("Uitslag nog niet bekend")
    PASSED = "passed", _("Gehaald")
    FAILED = "failed", _("Niet gehaald")
    NO_SHOW = "no_show", _("Niet verschenen")


FREE_ATTEMPTS = 2  # for asielstatushouders, per exam component (domain.md)
# Target groups (clients.TargetGroup values) that count as asielstatushouder for the free attempts.
ASIEL_TARGET_GROUPS = ("asielstatushouder", "gezinsvormer_asiel", "gezinshereniger_asiel")

# The language skills examined at a CEFR level; KNM and ONA have no level; a Staatsexamen has a fixed one.
LANGUAGE_COMPONENTS = ("reading", "listening", "writing", "speaking")
STAATSEXAMEN_LEVEL = {"staatsexamen_1": "b1", "staatsexamen_2": "b2"}
LEVEL_ORDER = {"a1": 1, "a2": 2, "b1": 3, "b2": 4}


class ExamAttempt(BaseModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="exam_attempts")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    component = models.CharField(_("onderdeel"), max_length=16, choices=ExamComponent.choices)
    level = models.CharField(_("niveau"), max_length=2, choices=ExamLevel.choices, blank=True)
    taken_on = models.DateField(_("examendatum"))
    result = models.CharField(_("uitslag"), max_length=8, choices=ExamResult.choices, default=ExamResult.PENDING)
    result_on = models.DateField(_("uitslag bekend op"), null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(_("poging"))
    free = models.BooleanField(_("kosteloos"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["taken_on", "id"]
        verbose_name = _("examenpoging")
        verbose_name_plural = _("examenpogingen")
        constraints = [
            models.UniqueConstraint(fields=["client", "component", "attempt"], name="exam_attempt_number_unique"),
        ]


class MapTheme(models.TextChoices):
    """The eight MAP themes (domain.md)."""

    BEROEPSORIENTATIE = "beroepsorientatie", _("Beroepsoriëntatie")
    WERKCOMPETENTIES = "werkcompetenties", _("Werkcompetenties")
    REALISTISCH_BEROEPSBEELD = "realistisch_beroepsbeeld", _("Realistisch beroepsbeeld")
    BEROEPSKANSEN = "beroepskansen", _("Beroepskansen")
    BEROEPSCOMPETENTIES = "beroepscompetenties", _("Beroepscompetenties verwerven")
    NETWERK = "netwerk", _("Netwerk opbouwen")
    WERK_VINDEN = "werk_vinden", _("Werk vinden")
    WERKCULTUUR = "werkcultuur", _("Werkcultuur")


class ModuleProgress(BaseModel):
    """PVT, MAP and the Z-route's final conversation for one client (one row per client)."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="module_progress")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    pvt_hours = models.PositiveSmallIntegerField(
        _("PVT: gevolgde uren"), default=0,
        validators=[MaxValueValidator(200, _("Vul het aantal gevolgde PVT-uren in (hoogstens 200)."))])
    pvt_signed_on = models.DateField(_("participatieverklaring ondertekend op"), null=True, blank=True)
    map_themes_done = models.JSONField(_("MAP: afgeronde thema's"), default=list, blank=True)
    map_practical_hours = models.PositiveSmallIntegerField(
        _("MAP: praktijkuren"), default=0,
        validators=[MaxValueValidator(2000, _("Vul het aantal MAP-praktijkuren in (hoogstens 2000)."))])
    map_final_conversation_on = models.DateField(_("MAP: eindgesprek op"), null=True, blank=True)
    z_final_conversation_on = models.DateField(_("Z-route: eindgesprek op"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("modules inburgering")
        verbose_name_plural = _("modules inburgering")
