"""Forms of the employer, agreement, vacancy and bijstand-norm pages. Model validation (``_post_clean``) is
left to the services, which run ``full_clean`` on the complete row with Dutch messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.clients.forms import DateInput
from meedoen.core.forms import NLDesignFormMixin
from meedoen.work.models import (
    Certificate,
    CooperationAgreement,
    Employer,
    EmployerContact,
    PlaceKind,
    Sector,
    Vacancy,
    VacancyStatus,
    WorkSettings,
)
from meedoen.work.services import employers as services


class ServiceModelForm(NLDesignFormMixin, forms.ModelForm):
    fieldsets: tuple = ()

    def _post_clean(self):  # the service validates the model
        pass

    def groups(self) -> list[dict]:
        """The fields per fieldset (legend, intro, fields) for the template."""
        result = []
        for legend, intro, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                result.append({"legend": legend, "intro": intro, "fields": fields})
        return result


class EmployerForm(ServiceModelForm):
    # Wider than the model so "12 34 56 78" reaches the service, which strips the spaces.
    kvk_number = forms.CharField(label=_("KvK-nummer"), max_length=20,
                                 help_text=_("8 cijfers, zoals in het Handelsregister."))

    class Meta:
        model = Employer
        fields = services.EMPLOYER_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"active": _("Een werkgever die niet actief is, krijgt geen nieuwe vacatures.")}


class ContactForm(ServiceModelForm):
    class Meta:
        model = EmployerContact
        fields = services.CONTACT_FIELDS


class AgreementForm(ServiceModelForm):
    class Meta:
        model = CooperationAgreement
        fields = services.AGREEMENT_FIELDS
        widgets = {"start": DateInput(), "end": DateInput(), "signed_on": DateInput()}
        help_texts = {
            "committed_work_experience": _("Werkervaringsplaatsen en MAP-praktijkplaatsen tellen hier allebei mee."),
            "committed_other": _("Bijvoorbeeld: snuffelstages, een open dag, een taalmaatje op de werkvloer."),
        }


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.city})" if obj.city else obj.name


class VacancyForm(ServiceModelForm):
    fieldsets = (
        (_("De plaats"), "", ("employer", "title", "occupation", "sector", "kind", "description")),
        (_("Uren, plaats en periode"), "",
         ("hours_per_week", "location", "start", "duration_weeks", "capacity")),
        (_("Vereist taalniveau Nederlands"),
         _("Vraag alleen het niveau dat het werk echt nodig heeft, per vaardigheid. Leeg betekent: geen eis."),
         ("required_speaking", "required_listening", "required_reading", "required_writing", "language_reason")),
        (_("Overige eisen"), "", ("requires_driving_licence", "certificates")),
    )

    employer = EmployerChoiceField(label=_("Werkgever"), queryset=Employer.objects.none(), to_field_name="public_id",
                                   empty_label=_("Kies een werkgever"))
    certificates = forms.ModelMultipleChoiceField(label=_("Vereiste certificaten"), queryset=Certificate.objects.all(),
                                                  required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Vacancy
        fields = ("employer", *services.VACANCY_FIELDS, "certificates")
        widgets = {"start": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is None:  # editing: the employer stays
            del self.fields["employer"]
        else:
            self.fields["employer"].queryset = employers
        self.fields["sector"].required = False
        self.fields["sector"].widget.attrs.pop("aria-required", None)
        self.fields["sector"].help_text = _("Leeg: de sector van de werkgever.")
        self.fields["hours_per_week"].widget.attrs.update({"min": 1, "max": services.MAX_HOURS})
        self.fields["duration_weeks"].widget.attrs.update({"min": 1, "max": services.MAX_DURATION_WEEKS})
        self.fields["capacity"].widget.attrs["min"] = 1


class VacancyStatusForm(NLDesignFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=VacancyStatus.choices)


class SettingsForm(ServiceModelForm):
    class Meta:
        model = WorkSettings
        fields = services.SETTINGS_FIELDS
        widgets = {"norms_valid_from": DateInput()}
        help_texts = {
            "norm_single": _("Netto per maand, inclusief vakantietoeslag, zoals de Rijksoverheid die publiceert."),
            "norms_valid_from": _("De landelijke normbedragen veranderen op 1 januari en 1 juli."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


ALL = "alle"


class EmployerFilterForm(NLDesignFormMixin, forms.Form):
    q = forms.CharField(label=_("Zoek op naam of KvK-nummer"), required=False, max_length=150)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("Alle sectoren")), *Sector.choices])


class VacancyFilterForm(NLDesignFormMixin, forms.Form):
    q = forms.CharField(label=_("Zoek op titel, beroep of werkgever"), required=False, max_length=150)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[*VacancyStatus.choices, (ALL, _("Alle statussen"))])
    kind = forms.ChoiceField(label=_("Soort plaats"), required=False,
                             choices=[("", _("Alle soorten")), *PlaceKind.choices])
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("Alle sectoren")), *Sector.choices])

    def filters(self) -> dict:
        """Arguments for ``services.vacancy_list``: open vacancies unless another status is chosen."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or VacancyStatus.OPEN
        return {"status": "" if status == ALL else status, "kind": data.get("kind", ""),
                "sector": data.get("sector", ""), "text": data.get("q", "")}
