"""The journey's panels on the client page (``clients:detail``): Traject, Termijnen, Tijdlijn, Gesprekken.

Each context function runs a fixed number of queries whatever the size of the dossier (tested). They are
registered with ``meedoen.clients.panels.register_panel`` from ``JourneyConfig.ready``; the client page
has already fetched the client through the access door (and recorded the read).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from meedoen.accounts import access
from meedoen.journey import deadlines as engine
from meedoen.journey import returns, services
from meedoen.journey.models import (
    RECORDED_ELSEWHERE,
    REPEATABLE,
    VERSIONED,
    Anchor,
    BijstandEpisode,
    CoaProfile,
    Contact,
    DeadlineCode,
    Handover,
    LadderMeasurement,
    Milestone,
    MilestoneKind,
    TermExtension,
)

# Panel keys; also the ids of the panels' sections, so a form can send the user back to its panel.
TRAJECT = "traject"
TERMIJNEN = "termijnen"
TIJDLIJN = "tijdlijn"
GESPREKKEN = "gesprekken"

TIMELINE_PANEL_SIZE = 15
RECENT_CONTACTS = 3

# Status → style: te laat = danger, binnenkort = warning, op tijd = neutral, gehaald = success.
STATUS_STYLE = {
    engine.Status.OVERDUE: "danger",
    engine.Status.DUE_SOON: "warning",
    engine.Status.ON_TIME: "neutral",
    engine.Status.MET: "success",
    engine.Status.MET_LATE: "neutral",
    engine.Status.OPEN: "neutral",
    engine.Status.CLOSING: "warning",
    engine.Status.CLOSED: "neutral",
}

ANCHOR_PHRASE = {
    Anchor.LINKED: gettext_lazy("sinds koppeling"),
    Anchor.BRP_REGISTERED: gettext_lazy("sinds inschrijving in de BRP"),
    Anchor.HOUSED: gettext_lazy("sinds huisvesting"),
    Anchor.FIRST_PIP: gettext_lazy("sinds dagtekening eerste PIP"),
    Anchor.BIJSTAND_START: gettext_lazy("sinds begin bijstand"),
    Anchor.LAST_PROGRESS: gettext_lazy("sinds laatste voortgangsmoment"),
    Anchor.LAST_LADDER: gettext_lazy("sinds laatste meting"),
}

# The engine's status labels (Dutch source strings), listed here so makemessages finds them.
_STATUS_MSGIDS = (gettext_noop("Op tijd"), gettext_noop("Binnenkort"), gettext_noop("Te laat"),
                  gettext_noop("Gehaald"), gettext_noop("Gehaald, te laat"), gettext_noop("Loopt"),
                  gettext_noop("Loopt binnenkort af"), gettext_noop("Afgelopen"))

# Two ways the inburgering duty ends: once one is recorded, the other is not offered.
_ALTERNATIVES = {MilestoneKind.DUTY_FULFILLED: MilestoneKind.DUTY_EXEMPTED,
                 MilestoneKind.DUTY_EXEMPTED: MilestoneKind.DUTY_FULFILLED}
_KIND_ORDER = {kind: i for i, kind in enumerate(MilestoneKind.values)}


def _can_change(request, client) -> bool:
    """Whether the user may change this client; asked once per request and client."""
    cache = request.__dict__.setdefault("_journey_can_change", {})
    if client.pk not in cache:
        cache[client.pk] = access.can_change_client(request.user, client)
    return cache[client.pk]


def _date(value: dt.date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


# --- Traject -----------------------------------------------------------------------------------------------

def traject_context(request, client) -> dict:
    """Milestones in journey order; what may still be recorded; COA profile, handover, bijstand, ladder."""
    milestones = sorted(client.milestones.select_related("recorded_by"),
                        key=lambda m: (_KIND_ORDER.get(m.kind, 99), m.version, m.date))
    recorded = {m.kind for m in milestones}
    latest_version = {m.kind: m.version for m in milestones}
    for m in milestones:
        m.is_latest_version = m.version == latest_version[m.kind]
        m.shows_version = m.kind in VERSIONED and m.version > 1  # "Aan het werk" is repeated, not versioned
    to_record = []
    for kind, label in MilestoneKind.choices:
        if kind in RECORDED_ELSEWHERE:
            continue
        if kind in REPEATABLE and kind in recorded:
            to_record.append({"kind": kind, "label": _("Nieuwe versie van het PIP")})
        elif kind not in recorded and _ALTERNATIVES.get(kind) not in recorded:
            to_record.append({"kind": kind, "label": label})
    episodes = list(BijstandEpisode.objects.filter(client=client).order_by("-start"))
    last_ladder = LadderMeasurement.objects.filter(client=client).order_by("-measured_on", "-id").first()
    back = returns.latest_return(episodes)
    return {
        "client": client,
        "panel_id": TRAJECT,
        "milestones": milestones,
        "to_record": to_record,
        "coa_profile": CoaProfile.objects.filter(client=client).first(),
        "handover": Handover.objects.filter(client=client).first(),
        "open_episode": next((e for e in episodes if e.end is None), None),
        "last_episode": episodes[0] if episodes else None,
        "last_ladder": last_ladder,
        "return_text": return_text(back) if back else "",
        "bijstand_notes": bijstand_notes(client, episodes),
        "can_change": _can_change(request, client),
    }


def return_text(back: returns.Return) -> str:
    """'Terug in de bijstand 4 maanden na uitstroom naar werk (binnen 6 maanden)'."""
    if back.gap_months == 0:
        text = _("Terug in de bijstand binnen een maand na uitstroom naar werk")
    else:
        text = ngettext("Terug in de bijstand %(months)s maand na uitstroom naar werk",
                        "Terug in de bijstand %(months)s maanden na uitstroom naar werk",
                        back.gap_months) % {"months": back.gap_months}
    if back.window is not None:
        text += " " + ngettext("(binnen %(n)s maand)", "(binnen %(n)s maanden)", back.window) % {"n": back.window}
    return text


# Higher apps add lines to the bijstand section (work: partial outflow, "aanvullende bijstand") without the
# journey importing them: ``note(client, episodes) -> list[str]``, each running a fixed number of queries.
_bijstand_note_functions: list = []


def register_bijstand_note(function) -> None:
    if function not in _bijstand_note_functions:
        _bijstand_note_functions.append(function)


def bijstand_notes(client, episodes: list) -> list[str]:
    lines: list[str] = []
    for function in _bijstand_note_functions:
        lines.extend(function(client, episodes))
    return lines


# --- Termijnen ---------------------------------------------------------------------------------------------

@dataclass
class DeadlineView:
    code: str
    label: str
    due_date: dt.date
    met_on: dt.date | None
    is_window: bool
    status: str
    status_label: str
    style: str
    anchor_text: str
    source: str
    start_date: dt.date | None = None
    extensions: list = field(default_factory=list)


def deadline_views(client, *, today: dt.date | None = None) -> list[DeadlineView]:
    """The client's deadlines with status, ready to show (four queries)."""
    today = today or timezone.localdate()
    soon = services.due_soon_days(client.municipality_id)
    rules = {r.code: r for r in services.rules_for(client.municipality_id)}
    extensions = list(TermExtension.objects.filter(client=client).order_by("decided_on", "id"))
    result = []
    for d in client.deadlines.order_by("due_date", "code"):
        st = engine.status(d.due_date, d.met_on, d.is_window, today, soon)
        rule = rules.get(d.code)
        phrase = ANCHOR_PHRASE.get(rule.anchor, "") if rule else ""
        view = DeadlineView(
            code=d.code, label=str(DeadlineCode(d.code).label), due_date=d.due_date, met_on=d.met_on,
            is_window=d.is_window, status=st.value, status_label=_(engine.STATUS_LABELS[st]),
            style=STATUS_STYLE[st], anchor_text=f"{phrase} {_date(d.anchor_date)}".strip(),
            source=d.rule_source,
        )
        if d.code == DeadlineCode.INBURGERING_TERM:
            shift = rule.anchor_shift_days if rule else 1
            view.start_date = d.anchor_date + dt.timedelta(days=shift)
            view.extensions = extensions
        result.append(view)
    return result


def termijnen_context(request, client) -> dict:
    deadlines = deadline_views(client)
    return {
        "client": client,
        "panel_id": TERMIJNEN,
        "deadlines": deadlines,
        # The term can be extended once it runs (from the first PIP on).
        "can_extend": any(d.code == DeadlineCode.INBURGERING_TERM for d in deadlines),
        "can_change": _can_change(request, client),
    }


# --- Tijdlijn ----------------------------------------------------------------------------------------------

@dataclass
class TimelineEvent:
    date: dt.date
    kind: str
    title: str
    lines: list[str] = field(default_factory=list)
    who: str = ""
    order: int = 0  # tie-break within a day: later steps first


def timeline_events(client, *, limit: int | None = None) -> list[TimelineEvent]:
    """Everything that happened, newest first: milestones, bijstand, extensions, contacts, ladder measurements.
    Five queries whatever the size of the dossier, merged here in Python. ``limit`` caps each source (and the
    result), so the panel reads no more rows than it shows."""

    def capped(qs, *ordering):
        qs = qs.order_by(*ordering)
        return qs[:limit] if limit else qs

    events: list[TimelineEvent] = []
    for m in capped(Milestone.objects.filter(client=client).select_related("recorded_by"), "-date", "-id"):
        title = m.get_kind_display()
        if m.kind in VERSIONED and m.version > 1:
            title = _("%(kind)s (versie %(version)s)") % {"kind": title, "version": m.version}
        lines = [value for value in m.details.values()]
        if m.exception_reason:
            lines.append(_("Afwijkende volgorde: %(reason)s") % {"reason": m.exception_reason})
        events.append(TimelineEvent(m.date, "milestone", title, lines, _who(m.recorded_by),
                                    _KIND_ORDER.get(m.kind, 0)))
    # Bijstand: a start and (when ended) an end event per episode; newest by the later of the two dates.
    for e in capped(BijstandEpisode.objects.filter(client=client).select_related("recorded_by"), "-start", "-id"):
        events.append(TimelineEvent(e.start, "bijstand", _("Bijstand gestart"), [], _who(e.recorded_by)))
        if e.end:
            events.append(TimelineEvent(e.end, "bijstand", _("Bijstand beëindigd"),
                                        [_("Reden: %(reason)s") % {"reason": e.get_end_reason_display()}],
                                        _who(e.recorded_by), 1))
    for x in capped(TermExtension.objects.filter(client=client).select_related("recorded_by"), "-decided_on", "-id"):
        events.append(TimelineEvent(
            x.decided_on, "extension", _("Inburgeringstermijn verlengd"),
            [_("%(weeks)s weken; grond: %(ground)s") % {"weeks": x.weeks, "ground": x.get_ground_display()}],
            _who(x.recorded_by)))
    contacts = Contact.objects.filter(client=client).select_related("recorded_by", "interpreter_language")
    for c in capped(contacts, "-occurred_on", "-id"):
        events.append(TimelineEvent(c.occurred_on, "contact", c.get_kind_display(), _contact_lines(c),
                                    _who(c.recorded_by)))
    ladder = LadderMeasurement.objects.filter(client=client).select_related("recorded_by")
    for lm in capped(ladder, "-measured_on", "-id"):
        events.append(TimelineEvent(lm.measured_on, "ladder", _("Meting Participatieladder"),
                                    [lm.get_rung_display()], _who(lm.recorded_by)))
    events.sort(key=lambda ev: (ev.date, ev.order), reverse=True)
    return events[:limit] if limit else events


def _who(user) -> str:
    return str(user) if user else ""


def _contact_lines(c: Contact) -> list[str]:
    lines = []
    if c.interpreter:
        lines.append(_("Met tolk (%(language)s)") % {"language": c.interpreter_language}
                     if c.interpreter_language else _("Met tolk"))
    if c.next_appointment:
        lines.append(_("Volgende afspraak: %(when)s")
                     % {"when": f"{timezone.localtime(c.next_appointment):%d-%m-%Y %H:%M}"})
    if c.summary:
        lines.append(c.summary)
    return lines


def tijdlijn_context(request, client) -> dict:
    events = timeline_events(client, limit=TIMELINE_PANEL_SIZE + 1)
    return {
        "client": client,
        "panel_id": TIJDLIJN,
        "events": events[:TIMELINE_PANEL_SIZE],
        "has_more": len(events) > TIMELINE_PANEL_SIZE,
        "full_url": reverse("journey:timeline", args=[client.public_id]),
    }


# --- Gesprekken --------------------------------------------------------------------------------------------

def gesprekken_context(request, client) -> dict:
    """The next appointment and the latest conversations (two queries)."""
    now = timezone.now()
    next_contact = (Contact.objects.filter(client=client, next_appointment__gte=now)
                    .order_by("next_appointment").first())
    recent = list(Contact.objects.filter(client=client).select_related("recorded_by", "interpreter_language")
                  .order_by("-occurred_on", "-id")[:RECENT_CONTACTS])
    return {
        "client": client,
        "panel_id": GESPREKKEN,
        "next_appointment": timezone.localtime(next_contact.next_appointment) if next_contact else None,
        "recent": recent,
        "can_change": _can_change(request, client),
    }


STYLESHEETS = ("css/journey.css",)

PANELS = (
    # key, order, template, context function
    (TERMIJNEN, 10, "journey/panels/termijnen.html", termijnen_context),
    (TRAJECT, 20, "journey/panels/traject.html", traject_context),
    (GESPREKKEN, 30, "journey/panels/gesprekken.html", gesprekken_context),
    (TIJDLIJN, 40, "journey/panels/tijdlijn.html", tijdlijn_context),
)


def register() -> None:
    from meedoen.clients.panels import register_panel

    for key, order, template_name, context_function in PANELS:
        register_panel(key, order, template_name, context_function, stylesheets=STYLESHEETS)
