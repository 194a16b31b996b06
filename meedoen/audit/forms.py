"""The audit page's filter form, and the one map from action codes to Dutch labels.

Apps that record new actions add their label to ``ACTION_LABELS`` (an unknown code is shown as is),
and say whether it reads or changes client data in ``READ_ACTIONS`` / ``CHANGE_ACTIONS``. The newer apps
keep these in their own ``audit_labels.py``, merged in here.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.models import Role
from meedoen.core.forms import NLDesignFormMixin
from meedoen.exams import audit_labels as exams_labels
from meedoen.plans import audit_labels as plans_labels
from meedoen.referrals import audit_labels as referrals_labels
from meedoen.work import audit_labels as work_labels

ACTION_LABELS = {
    "auth.login": _("Ingelogd"),
    "auth.login_failed": _("Inloggen mislukt"),
    "auth.logout": _("Uitgelogd"),
    "auth.password_changed": _("Wachtwoord gewijzigd"),
    "auth.password_reset": _("Wachtwoord opnieuw ingesteld"),
    "auth.otp_enabled": _("Tweestapsverificatie aangezet"),
    "auth.otp_disabled": _("Tweestapsverificatie uitgezet"),
    "auth.otp_verified": _("Verificatiecode goedgekeurd"),
    "auth.otp_failed": _("Verificatiecode afgewezen"),
    "client.list_viewed": _("Cliëntenlijst bekeken"),
    "client.viewed": _("Dossier bekeken"),
    "client.searched_bsn": _("Gezocht op BSN"),
    "client.bsn_revealed": _("BSN getoond"),
    "client.created": _("Cliënt aangemaakt"),
    "client.updated": _("Cliënt gewijzigd"),
    "audit.client_lookup": _("Cliënt opgezocht voor audit"),
    "audit.client_trail_viewed": _("Audittrail bekeken"),
    "audit.exported": _("Auditlog geëxporteerd"),
    "client.searched_v_number": _("Gezocht op V-nummer"),
    "client.identifier_revealed": _("Identificatienummer getoond"),
    "client.identifier_added": _("Identificatienummer toegevoegd"),
    "client.identifier_changed": _("Identificatienummer gewijzigd"),
    "client.identifier_removed": _("Identificatienummer verwijderd"),
    "client.duplicate_shown": _("Getoond als mogelijke dubbele inschrijving"),
    "client.household_linked": _("Gekoppeld aan huishouden"),
    "client.household_unlinked": _("Losgekoppeld van huishouden"),
    "journey.milestone_recorded": _("Mijlpaal vastgelegd"),
    "journey.milestone_corrected": _("Mijlpaal gecorrigeerd"),
    "journey.milestone_removed": _("Mijlpaal verwijderd"),
    "journey.bijstand_started": _("Bijstand gestart"),
    "journey.bijstand_ended": _("Bijstand beëindigd"),
    "journey.term_extended": _("Inburgeringstermijn verlengd"),
    "journey.contact_recorded": _("Gesprek vastgelegd"),
    "journey.ladder_measured": _("Participatieladder gemeten"),
    "journey.coa_profile_saved": _("COA-informatieprofiel opgeslagen"),
    "journey.handover_saved": _("Warme overdracht bijgewerkt"),
    "journey.special_category_viewed": _("Gezondheidsgegevens bekeken"),
    "journey.admin_viewed": _("Trajectgegevens bekeken in beheer"),
    "journey.norm_set": _("Termijnnorm aangepast"),
    "journey.norm_reset": _("Termijnnorm teruggezet"),
    "journey.due_soon_days_set": _("Signaleringstermijn aangepast"),
    "caseload.client_routed": _("Team toegewezen (routering)"),
    "caseload.klantmanager_assigned": _("Klantmanager toegewezen"),
    "caseload.team_overridden": _("Team handmatig gewijzigd"),
    "caseload.segment_determined": _("Segment bepaald"),
    "caseload.segment_overridden": _("Segment handmatig gewijzigd"),
    "caseload.rule_changed": _("Regel aangepast"),
    "caseload.rule_deleted": _("Regel verwijderd"),
    "intake.started": _("Brede intake gestart"),
    "intake.part_saved": _("Deel brede intake opgeslagen"),
    "intake.completed": _("Brede intake afgerond"),
    "intake.health_saved": _("Gezondheid en zorg (intake) opgeslagen"),
    "intake.health_viewed": _("Gezondheid en zorg (intake) bekeken"),
    "intake.no_show_recorded": _("Niet verschenen: waarschuwing of boete vastgelegd"),
    "intake.zrm_measured": _("Zelfredzaamheid-Matrix gemeten"),
    "intake.zrm_special_viewed": _("Gezondheidsscores ZRM bekeken"),
    "partners.covenant_created": _("Convenant toegevoegd"),
    "partners.covenant_updated": _("Convenant gewijzigd"),
    "partners.contact_created": _("Contactpersoon partner toegevoegd"),
    "partners.contact_updated": _("Contactpersoon partner gewijzigd"),
    "partners.basis_created": _("Grondslag gegevensdeling vastgelegd"),
    "partners.basis_updated": _("Grondslag gegevensdeling gewijzigd"),
    "partners.offer_created": _("Aanbod toegevoegd"),
    "partners.offer_updated": _("Aanbod gewijzigd"),
    "demo.seeded": _("Demogegevens geladen"),
    "client.partner_viewed": _("Verwijzing bekeken door partner"),
}
# Apps above the trail keep their own labels next to their code.
_APP_LABELS = (plans_labels, referrals_labels, exams_labels, work_labels)
for _module in _APP_LABELS:
    ACTION_LABELS.update(_module.ACTION_LABELS)

# Which actions count as looking at, or changing, one client's record (the trail's summary per user).
READ_ACTIONS = (
    "client.viewed", "client.bsn_revealed", "client.searched_bsn", "client.searched_v_number",
    "client.identifier_revealed", "client.duplicate_shown", "journey.special_category_viewed",
    "journey.admin_viewed", "intake.health_viewed", "intake.zrm_special_viewed", "client.partner_viewed",
    *(code for module in _APP_LABELS for code in module.READ_ACTIONS),
)
CHANGE_ACTIONS = (
    "client.created", "client.updated", "client.identifier_added", "client.identifier_changed",
    "client.identifier_removed", "client.household_linked", "client.household_unlinked",
    "journey.milestone_recorded", "journey.milestone_corrected", "journey.milestone_removed",
    "journey.bijstand_started", "journey.bijstand_ended", "journey.term_extended", "journey.contact_recorded",
    "journey.ladder_measured", "journey.coa_profile_saved", "journey.handover_saved",
    "caseload.client_routed", "caseload.klantmanager_assigned", "caseload.team_overridden",
    "caseload.segment_determined", "caseload.segment_overridden",
    "intake.started", "intake.part_saved", "intake.completed", "intake.health_saved", "intake.no_show_recorded",
    "intake.zrm_measured",
    *(code for module in _APP_LABELS for code in module.CHANGE_ACTIONS),
)

OBJECT_LABELS = {
    "clients.client": _("Cliënt"),
    "accounts.municipality": _("Gemeente"),
    "accounts.user": _("Gebruiker"),
}

ROLE_LABELS = {**dict(Role.choices), "superuser": _("Systeembeheerder")}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code)) if code else ""


def object_label(code: str) -> str:
    return str(OBJECT_LABELS.get(code, code)) if code else ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(NLDesignFormMixin, forms.Form):
    actie = forms.ChoiceField(label=_("Handeling"), required=False)
    gebruiker = forms.CharField(label=_("Gebruiker"), required=False, max_length=150,
                                help_text=_("Gebruikersnaam of een deel daarvan."))
    van = forms.DateField(label=_("Vanaf datum"), required=False, widget=DateInput())
    tot = forms.DateField(label=_("Tot en met datum"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(ACTION_LABELS.items(), key=lambda item: str(item[1]))
        self.fields["actie"].choices = [("", _("Alle handelingen")), *((k, v) for k, v in actions)]

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data

    def apply(self, events):
        """Filter an AuditEvent queryset with the valid fields (invalid ones are shown as errors)."""
        if not self.is_bound:
            return events
        self.is_valid()
        data = self.cleaned_data
        if data.get("actie"):
            events = events.filter(action=data["actie"])
        if data.get("gebruiker"):
            events = events.filter(actor_username__icontains=data["gebruiker"].strip())
        if data.get("van"):
            events = events.filter(occurred_at__gte=_start_of(data["van"]))
        if data.get("tot") and "tot" not in self.errors:
            events = events.filter(occurred_at__lt=_start_of(data["tot"] + dt.timedelta(days=1)))
        return events


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the local time zone (an index-friendly range bound)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ClientLookupForm(NLDesignFormMixin, forms.Form):
    clientnaam = forms.CharField(
        label=_("Naam van de cliënt"), required=True, max_length=100,
        help_text=_("U ziet alleen naam en geboortedatum, geen dossier."),
    )

    def name_terms(self) -> list[str]:
        return self.cleaned_data["clientnaam"].split()[:5]
