"""Forms of the intake pages: parse and validate; the services have the last word."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.clients.forms import DateInput, NldsForm
from meedoen.core.forms import NLDesignFormMixin
from meedoen.intake.models import (
    ZRM_DOMAINS,
    ZRM_SPECIAL_DOMAINS,
    BroadIntake,
    IntakeHealth,
    LearnabilityTest,
    OriginBackground,
    PersonalCircumstances,
)
from meedoen.intake.services import GENERAL_FIELDS, HEALTH_FIELDS, PARTS


class _PartForm(NLDesignFormMixin, forms.ModelForm):
    def _post_clean(self):  # the service validates the model; the form only parses
        pass


YES_NO_UNKNOWN = [("", _("Onbekend")), ("true", _("Ja")), ("false", _("Nee"))]


class LearnabilityForm(_PartForm):
    class Meta:
        model = LearnabilityTest
        fields = PARTS["learnability"][2]
        widgets = {"tested_on": DateInput(), "deviation_reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"exemption": _("Wie een visuele beperking heeft (of een auditieve, als de toets daardoor "
                                     "niet kan) is vrijgesteld van de toets."),
                      "deviation_reason": _("Alleen invullen als de gemeente afwijkt van de uitslag: "
                                            "leg uit waarom.")}


class OriginForm(_PartForm):
    class Meta:
        model = OriginBackground
        fields = PARTS["origin"][2]


class CircumstancesForm(_PartForm):
    has_debts = forms.TypedChoiceField(label=_("Schulden"), choices=YES_NO_UNKNOWN, required=False,
                                       coerce=lambda v: v == "true", empty_value=None)

    class Meta:
        model = PersonalCircumstances
        fields = PARTS["circumstances"][2]
        widgets = {"childcare_needs": forms.Textarea(attrs={"rows": 3}),
                   "debts_note": forms.Textarea(attrs={"rows": 3}),
                   "motivation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours_available"].widget.attrs.update({"min": 0, "max": 60})
        if self.instance and self.instance.pk and self.instance.has_debts is not None:
            self.initial["has_debts"] = "true" if self.instance.has_debts else "false"


class HealthForm(_PartForm):
    class Meta:
        model = IntakeHealth
        fields = HEALTH_FIELDS
        widgets = {"health": forms.Textarea(attrs={"rows": 4}), "care_needs": forms.Textarea(attrs={"rows": 3})}


class GeneralForm(_PartForm):
    class Meta:
        model = BroadIntake
        fields = GENERAL_FIELDS
        widgets = {"vve_informed_on": DateInput(), "conversation_offered_on": DateInput()}


class CompleteForm(NldsForm):
    completed_on = forms.DateField(label=_("Afgerond op"), widget=DateInput())


class ZrmForm(NldsForm):
    measured_on = forms.DateField(label=_("Gemeten op"), widget=DateInput())

    def __init__(self, *args, include_special: bool, **kwargs):
        kwargs.setdefault("initial", {"measured_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(str(i), str(i)) for i in range(1, 6)]]
        for name, label in ZRM_DOMAINS:
            special = name in ZRM_SPECIAL_DOMAINS
            if special and not include_special:
                continue
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, required=not special, empty_value=None,
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}))

    def scores(self) -> dict[str, int | None]:
        return {name: self.cleaned_data[name] for name, _label in ZRM_DOMAINS if name in self.fields}
