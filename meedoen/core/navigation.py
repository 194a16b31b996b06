"""The main navigation: which links a user sees follows from their roles.

Works from the values the ``meedoen`` context processor puts on every page (``current_roles``,
``current_membership``), so the UI shell needs no import from the domain apps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Role codes as stored on Membership.role (meedoen.accounts.models.Role).
KLANTMANAGER = "klantmanager"
TEAMLEIDER = "teamleider"
BELEIDSMEDEWERKER = "beleidsmedewerker"
FUNCTIONEEL_BEHEERDER = "functioneel_beheerder"
PARTNERMEDEWERKER = "partnermedewerker"


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool


def _entries(roles: set[str], primary_role: str, is_superuser: bool) -> list[tuple[str, str]]:
    """(label, url name) pairs in menu order."""
    entries = [(_("Startpagina"), "core:home")]
    if KLANTMANAGER in roles:
        entries.append((_("Mijn caseload"), "caseload:mine"))
    if TEAMLEIDER in roles:
        entries.append((_("Team en wachtlijst"), "caseload:team"))
    if roles & {KLANTMANAGER, TEAMLEIDER}:
        label = _("Mijn cliënten") if primary_role == KLANTMANAGER else _("Cliënten van het team")
        entries.append((label, "clients:list"))
    if roles & {KLANTMANAGER, TEAMLEIDER}:
        entries.append((_("Aanbod"), "partners:catalogue"))
    if roles & {KLANTMANAGER, TEAMLEIDER}:
        entries.append((_("Vacatures"), "work:vacancy_list"))
    if roles & {KLANTMANAGER, TEAMLEIDER, FUNCTIONEEL_BEHEERDER}:
        entries.append((_("Werkgevers"), "work:employer_list"))
    if PARTNERMEDEWERKER in roles:
        entries.append((_("Verwijzingen"), "referrals:partner_list"))
    if roles & {TEAMLEIDER, BELEIDSMEDEWERKER, FUNCTIONEEL_BEHEERDER}:
        entries.append((_("Dashboard"), "monitoring:dashboard"))
        entries.append((_("Bijstand en prognose"), "monitoring:caseload"))
        entries.append((_("Uitstroom en terugkeer"), "work:outflow"))
        entries.append((_("Re-integratietrajecten"), "work:provider_performance"))
    if roles & {TEAMLEIDER, FUNCTIONEEL_BEHEERDER}:
        entries.append((_("Kwartaaloverzicht partners"), "referrals:quarterly"))
    if FUNCTIONEEL_BEHEERDER in roles:
        entries.append((_("Partners"), "partners:list"))
        entries.append((_("Audit"), "audit:log"))
        entries.append((_("Termijnen"), "journey:rules"))
        entries.append((_("Normen plan"), "plans:settings"))
        entries.append((_("Bijstandsnormen"), "work:settings"))
        entries.append((_("Re-integratiebedrijven"), "work:provider_list"))
    if FUNCTIONEEL_BEHEERDER in roles or is_superuser:
        entries.append((_("Beheer"), "admin:index"))
    return entries


def _is_current(url: str, path: str) -> bool:
    if url == "/":
        return path == "/"
    return path.startswith(url)


def main_menu(user, path: str, roles: set[str], primary_role: str = "") -> list[MenuItem]:
    """The menu for a user with these roles, the item for ``path`` marked current; empty when anonymous.

    A link whose page does not exist (yet) is left out rather than breaking every page.
    """
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, url_name in _entries(set(roles), primary_role, user.is_superuser):
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(MenuItem(label=label, url=url, current=_is_current(url, path)))
    return items
