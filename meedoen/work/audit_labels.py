"""Dutch labels for the audit actions this app records (merged into ``audit.forms.ACTION_LABELS``).

READ_ACTIONS / CHANGE_ACTIONS say which of them count as looking at or changing one client's record.
One section per area; each area keeps its codes here.
"""

from django.utils.translation import gettext_lazy as _

# --- Employers, agreements, vacancies (no client data) ---
EMPLOYER_LABELS: dict = {
    "work.employer_created": _("Werkgever toegevoegd"),
    "work.employer_updated": _("Werkgever gewijzigd"),
    "work.employer_contact_created": _("Contactpersoon werkgever toegevoegd"),
    "work.employer_contact_updated": _("Contactpersoon werkgever gewijzigd"),
    "work.agreement_created": _("Samenwerkingsafspraak vastgelegd"),
    "work.agreement_updated": _("Samenwerkingsafspraak gewijzigd"),
    "work.vacancy_created": _("Vacature toegevoegd"),
    "work.vacancy_updated": _("Vacature gewijzigd"),
    "work.vacancy_status_changed": _("Status vacature gewijzigd"),
    "work.settings_updated": _("Instellingen werk gewijzigd"),
}

# --- Matching and proposals ---
MATCHING_LABELS: dict = {
    "work.profile_updated": _("Werkprofiel bijgewerkt"),
    "work.candidates_viewed": _("Kandidaten voor een vacature bekeken"),
    "work.match_viewed": _("Passende vacatures van een cliënt bekeken"),
    "work.proposal_created": _("Cliënt voorgedragen bij werkgever"),
    "work.proposal_updated": _("Voordracht bijgewerkt"),
    "work.proposal_viewed": _("Voordracht bekeken"),
}

# --- Placements and bijstand outflow ---
PLACEMENT_LABELS: dict = {
    "work.placement_recorded": _("Plaatsing vastgelegd"),
    "work.placement_updated": _("Plaatsing gewijzigd"),
    "work.placement_ended": _("Plaatsing beëindigd"),
}

# --- Procured trajectories ---
TRAJECTORY_LABELS: dict = {
    "work.provider_created": _("Re-integratiebedrijf toegevoegd"),
    "work.provider_updated": _("Re-integratiebedrijf gewijzigd"),
    "work.contract_created": _("Contract re-integratie vastgelegd"),
    "work.contract_updated": _("Contract re-integratie gewijzigd"),
    "work.trajectory_started": _("Traject gestart"),
    "work.trajectory_updated": _("Traject bijgewerkt"),
    "work.trajectory_result_recorded": _("Resultaat traject vastgelegd"),
}

ACTION_LABELS: dict = {**EMPLOYER_LABELS, **MATCHING_LABELS, **PLACEMENT_LABELS, **TRAJECTORY_LABELS}
READ_ACTIONS: tuple[str, ...] = ("work.candidates_viewed", "work.match_viewed", "work.proposal_viewed")
CHANGE_ACTIONS: tuple[str, ...] = (
    "work.profile_updated", "work.proposal_created", "work.proposal_updated",
    "work.placement_recorded", "work.placement_updated", "work.placement_ended",
    "work.trajectory_started", "work.trajectory_updated", "work.trajectory_result_recorded",
)
