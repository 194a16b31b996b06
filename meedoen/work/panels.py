"""The "Werk" panel on the client page: placements (current and earlier) with their outflow and support, the
bijstand status (partial outflow, or ended through work) and a return flag, open proposals, trajectories, the
work profile, and links to the work pages that exist.

Also adds the partial outflow ("aanvullende bijstand") to the journey's bijstand section through
``journey.panels.register_bijstand_note``, so the journey never imports work.

Both run a fixed number of queries whatever the client's history (tested).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.accounts import access
from meedoen.journey import returns
from meedoen.journey.models import BijstandEndReason, BijstandEpisode
from meedoen.journey.panels import return_text
from meedoen.work.models import (
    Outflow,
    PlaceKind,
    Placement,
    Proposal,
    ProposalStatus,
    Sector,
    Trajectory,
    WorkProfile,
)
from meedoen.work.services.placements import money

PANEL_KEY = "werk"
ORDER = 65
TEMPLATE = "work/placements/panel.html"
STYLESHEETS = ("work/placements.css",)

OPEN_PROPOSAL_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.INTERVIEW)

# (URL name, link text): shown when the URL exists and the user may change the client.
LINKS = (
    ("work:client_matches", gettext_lazy("Passende vacatures zoeken")),
    ("work:profile_edit", gettext_lazy("Werkprofiel bewerken")),
    ("work:placement_create", gettext_lazy("Plaatsing vastleggen")),
    ("work:trajectory_create", gettext_lazy("Traject starten")),
)


def _date(value) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


def _can_change(request, client) -> bool:
    cache = request.__dict__.setdefault("_work_can_change", {})
    if client.pk not in cache:
        cache[client.pk] = access.can_change_client(request.user, client)
    return cache[client.pk]


def links(client) -> list[dict]:
    found = []
    for name, label in LINKS:
        try:
            url = reverse(name, args=[client.public_id])
        except NoReverseMatch:
            continue
        found.append({"name": name, "url": url, "label": str(label)})
    return found


def support_labels(placement: Placement) -> list[str]:
    labels = []
    if placement.contract_type == "sheltered":
        labels.append(_("beschut werk"))
    if placement.job_coach:
        labels.append(_("jobcoach"))
    if placement.wage_cost_subsidy:
        if placement.wage_value_percent:
            labels.append(_("loonkostensubsidie (loonwaarde %(percent)s%%)")
                          % {"percent": placement.wage_value_percent})
        else:
            labels.append(_("loonkostensubsidie"))
    return labels


@dataclass
class BijstandStatus:
    text: str
    partial: list[Placement]
    return_text: str = ""


def bijstand_status(episodes: list[BijstandEpisode], placements: list[Placement]) -> BijstandStatus:
    """The bijstand line of the panel, from the episodes (newest first) and the placements."""
    today = timezone.localdate()
    open_episode = next((e for e in episodes if e.end is None), None)
    running_partial = [p for p in placements if p.outflow == Outflow.PARTIAL and (p.end is None or p.end >= today)]
    back = returns.latest_return(episodes)
    flag = return_text(back) if back else ""
    if open_episode is not None:
        if running_partial:
            text = _("Bijstand sinds %(date)s, als aanvullende bijstand: gedeeltelijke uitstroom door werk.") % {
                "date": _date(open_episode.start)}
        else:
            text = _("Bijstand sinds %(date)s.") % {"date": _date(open_episode.start)}
        return BijstandStatus(text, running_partial, flag)
    if episodes:
        last = episodes[0]
        if last.end_reason == BijstandEndReason.WORK:
            text = _("Bijstand beëindigd op %(date)s door werk (volledige uitstroom).") % {"date": _date(last.end)}
        else:
            text = _("Geen bijstand. Laatste periode beëindigd op %(date)s (%(reason)s).") % {
                "date": _date(last.end), "reason": last.get_end_reason_display().lower()}
        return BijstandStatus(text, [], flag)
    return BijstandStatus(_("Geen bijstand vastgelegd."), [], "")


def profile_summary(profile: WorkProfile | None) -> list[str]:
    if profile is None:
        return []
    lines = []
    if profile.experience_occupation:
        years = profile.experience_years
        lines.append(_("Werkervaring: %(occupation)s") % {"occupation": profile.experience_occupation}
                     + (_(" (%(years)s jaar)") % {"years": years} if years else ""))
    if profile.desired_sectors:
        sectors = ", ".join(str(Sector(s).label).lower() for s in profile.desired_sectors if s in Sector.values)
        if sectors:
            lines.append(_("Wil werken in: %(sectors)s") % {"sectors": sectors})
    if profile.desired_kinds:
        kinds = ", ".join(str(PlaceKind(k).label).lower() for k in profile.desired_kinds if k in PlaceKind.values)
        if kinds:
            lines.append(_("Soort werk: %(kinds)s") % {"kinds": kinds})
    if profile.desired_hours:
        lines.append(_("Gewenst: %(hours)s uur per week") % {"hours": profile.desired_hours})
    if profile.preferred_locations:
        lines.append(_("Werkplaatsen: %(places)s") % {"places": profile.preferred_locations})
    lines.append(_("Rijbewijs B: ja") if profile.driving_licence else _("Rijbewijs B: nee"))
    return lines


def werk_context(request, client) -> dict:
    """Five queries (placements, episodes, open proposals, trajectories, work profile) and the may-change
    check."""
    today = timezone.localdate()
    placements = list(Placement.objects.filter(client=client).select_related("employer").order_by("-start", "-id"))
    for p in placements:
        p.support = support_labels(p)
        p.is_current = p.end is None or p.end >= today
    episodes = list(BijstandEpisode.objects.filter(client=client).order_by("-start", "-id"))
    proposals = list(Proposal.objects.filter(client=client, status__in=OPEN_PROPOSAL_STATUSES)
                     .select_related("vacancy__employer").order_by("-proposed_on", "-id"))
    trajectories = list(Trajectory.objects.filter(client=client).select_related("contract__provider")
                        .order_by("-start", "-id"))
    profile = WorkProfile.objects.filter(client=client).first()
    can_change = _can_change(request, client)
    return {
        "panel_id": PANEL_KEY,
        "current": [p for p in placements if p.is_current],
        "earlier": [p for p in placements if not p.is_current],
        "bijstand": bijstand_status(episodes, placements),
        "proposals": proposals,
        "trajectories": trajectories,
        "profile": profile,
        "profile_lines": profile_summary(profile),
        "can_change": can_change,
        "links": links(client) if can_change else [],
    }


def bijstand_note(client, episodes) -> list[str]:
    """Lines for the journey's bijstand section: running jobs with partial outflow (one query)."""
    today = timezone.localdate()
    rows = list(Placement.objects.filter(client=client, outflow=Outflow.PARTIAL).select_related("employer")
                .order_by("-start", "-id"))
    if not any(e.end is None for e in episodes):
        return []
    lines = []
    for p in rows:
        if p.end is not None and p.end < today:
            continue
        lines.append(_("Aanvullende bijstand: gedeeltelijke uitstroom door werk bij %(employer)s sinds %(date)s "
                       "(loon %(wage)s, norm %(norm)s).") % {
            "employer": p.employer.name, "date": _date(p.start), "wage": _money(p.monthly_wage),
            "norm": _money(p.bijstand_norm)})
    return lines


def _money(value) -> str:
    return money(value) if value is not None else "—"


def register() -> None:
    from meedoen.clients.panels import register_panel
    from meedoen.journey.panels import register_bijstand_note

    register_panel(PANEL_KEY, ORDER, TEMPLATE, werk_context, stylesheets=STYLESHEETS)
    register_bijstand_note(bijstand_note)
