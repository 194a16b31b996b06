"""The matching engine: a score of 0–100 for a client against a vacancy, explained term by term, and the hard
requirements that are not met, named. Pure Python over ``MatchProfile`` values: no database access here (the
views and services fetch the rows, see ``meedoen.work.profiles``).

Terms (points):

* **Taal** (30): per required skill (lezen, luisteren, schrijven, spreken) the client's level against the
  requirement; 30 × met / required, rounded down. An unknown level counts as not met ("niveau onbekend").
  No requirement: 30 ("geen taaleis").
* **Ervaring** (20): experience in the occupation 20, else in the sector 12, else 0.
* **Uren** (20): the vacancy's hours fit in the free hours (availability − the plan's weekly load) 20, else 0;
  availability unknown: 10 ("beschikbaarheid onbekend").
* **Plan** (10): a set plan 10, a draft 5, no plan 0.
* **Voorkeuren** (20): sector 8, kind of work 6, place 6; each in full when the vacancy matches a stated
  preference, 0 when it does not, half when nothing is stated.

Hard requirements: each required language skill, driving licence B, each required certificate, and the hours
(when the vacancy needs more hours than are free). A candidate who misses one is never dropped: the unmet
requirements are listed by name and the candidate is ranked after everyone who meets all of them (among
themselves: fewest unmet first, then by score).

The inputs (``Candidate``) hold no birth date, age, gender, nationality, country of origin or health: they
cannot influence a score.

Two entry points with the same arithmetic: :func:`rank` (fast, over ``FAST_FIELDS`` value rows of a whole
municipality; only numbers) and :func:`evaluate` (one candidate, with the explanation), used for the rows shown.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from meedoen.intake.models import Cefr
from meedoen.work.models import CEFR_RANK, LANGUAGE_SKILLS, PlaceKind, Sector
from meedoen.work.profiles import normalise

LANGUAGE_POINTS = 30
EXPERIENCE_POINTS = 20
SECTOR_POINTS = 12
HOURS_POINTS = 20
HOURS_UNKNOWN_POINTS = 10
PLAN_POINTS = {"set": 10, "draft": 5, "": 0}
PLAN_MAX = 10
PREFERENCE_POINTS = {"sector": 8, "kind": 6, "location": 6}
PREFERENCE_MAX = sum(PREFERENCE_POINTS.values())
MIN_OCCUPATION_LENGTH = 3

# The MatchProfile columns a Candidate is built from (DETAIL_FIELDS adds what only the explanation needs).
FAST_FIELDS = (
    "client_id", "reading", "listening", "writing", "speaking", "hours_available", "weekly_load", "plan_status",
    "occupation", "experience_sectors", "desired_sectors", "desired_kinds", "preferred_locations",
    "driving_licence", "certificate_ids", "in_paid_work",
)
# The extra columns for the explanation of the rows shown.
DETAIL_FIELDS = (*FAST_FIELDS, "load_items", "level_sources", "experience_years")

RANK_LABEL = {rank: dict(Cefr.choices)[code] for code, rank in CEFR_RANK.items()}
SKILL_INDEX = {skill: index for index, skill in enumerate(LANGUAGE_SKILLS)}


def skill_label(skill: str) -> str:
    return {"reading": _("Lezen"), "listening": _("Luisteren"), "writing": _("Schrijven"),
            "speaking": _("Spreken")}[skill]


def hours_text(value) -> str:
    from meedoen.plans.load import hours_unit

    return hours_unit(Decimal(str(value)))


# --- Inputs ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Requirements:
    """What a vacancy asks, normalised for scoring."""

    occupation: str
    sector: str
    kind: str
    hours: int
    location: str
    levels: tuple[tuple[str, int], ...] = ()  # (skill, CEFR rank)
    driving_licence: bool = False
    certificates: tuple[tuple[int, str], ...] = ()  # (id, name)

    @classmethod
    def from_vacancy(cls, vacancy, certificates=None) -> Requirements:
        """``certificates``: the vacancy's certificates as (id, name) pairs, when already fetched."""
        if certificates is None:
            certificates = [(c.pk, c.name) for c in vacancy.certificates.all()]
        return cls(
            occupation=normalise(vacancy.occupation), sector=vacancy.sector, kind=vacancy.kind,
            hours=vacancy.hours_per_week, location=normalise(vacancy.location),
            levels=tuple((skill, CEFR_RANK[code]) for skill, code in vacancy.required_levels().items()),
            driving_licence=vacancy.requires_driving_licence,
            certificates=tuple(sorted(certificates, key=lambda pair: pair[1])),
        )


@dataclass(frozen=True)
class Candidate:
    """A client's matching inputs (a MatchProfile row). Deliberately without any protected attribute."""

    client_id: int
    reading: int = 0
    listening: int = 0
    writing: int = 0
    speaking: int = 0
    hours_available: int | None = None
    weekly_load: Decimal = Decimal("0")
    plan_status: str = ""
    occupation: str = ""
    experience_sectors: str = ""
    desired_sectors: str = ""
    desired_kinds: str = ""
    preferred_locations: str = ""
    driving_licence: bool = False
    certificate_ids: str = ""
    in_paid_work: bool = False
    load_items: tuple = ()
    level_sources: dict = field(default_factory=dict, hash=False)
    experience_years: int | None = None

    @classmethod
    def from_row(cls, row) -> Candidate:
        """From a ``FAST_FIELDS`` or ``DETAIL_FIELDS`` value row."""
        values = dict(zip(DETAIL_FIELDS, row, strict=False))
        values["weekly_load"] = Decimal(values.get("weekly_load") or 0)
        values["load_items"] = tuple(tuple(item) for item in values.get("load_items") or ())
        values["level_sources"] = dict(values.get("level_sources") or {})
        return cls(**values)

    def level(self, skill: str) -> int:
        return getattr(self, skill)


# --- Output ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    key: str
    label: str
    points: int
    maximum: int
    text: str


@dataclass(frozen=True)
class Match:
    client_id: int
    total: int
    terms: tuple[Term, ...]
    unmet: tuple[str, ...]  # hard requirements not met, in Dutch
    notes: tuple[str, ...] = ()

    @property
    def meets_all(self) -> bool:
        return not self.unmet

    def sort_key(self) -> tuple:
        return sort_key(self.total, len(self.unmet), self.client_id)


def sort_key(total: int, unmet: int, tie: int) -> tuple:
    """Everyone who meets every hard requirement first (by score); then fewest unmet, then by score."""
    return (unmet > 0, unmet, -total, tie)


# --- Shared arithmetic ----------------------------------------------------------------------------------

def _occupation_matches(wanted: str, occupations: str) -> bool:
    if not wanted or not occupations:
        return False
    for occupation in occupations.split("|"):
        if occupation == wanted:
            return True
        if len(occupation) >= MIN_OCCUPATION_LENGTH and len(wanted) >= MIN_OCCUPATION_LENGTH and (
                wanted in occupation or occupation in wanted):
            return True
    return False


def _preference(stated: str, value: str, points: int) -> int:
    if not stated:
        return points // 2
    return points if f",{value}," in stated else 0


def language_points(met: int, required: int) -> int:
    return LANGUAGE_POINTS if required == 0 else LANGUAGE_POINTS * met // required


# --- One candidate, explained ---------------------------------------------------------------------------

def evaluate(req: Requirements, c: Candidate) -> Match:
    terms, unmet, notes = [], [], []

    # Language
    if not req.levels:
        terms.append(Term("language", _("Taal"), LANGUAGE_POINTS, LANGUAGE_POINTS, _("geen taaleis")))
    else:
        met, parts = 0, []
        for skill, wanted in req.levels:
            have = c.level(skill)
            label, wanted_label = skill_label(skill), RANK_LABEL[wanted]
            source = {"exam": _("examen"), "intake": _("intake")}.get(c.level_sources.get(skill, ""), "")
            if have == 0:
                shortfall = _("%(skill)s: niveau onbekend, gevraagd %(wanted)s") % {
                    "skill": label, "wanted": wanted_label}
                unmet.append(shortfall)
                parts.append(shortfall)
                continue
            have_label = (_("%(level)s (%(source)s)") % {"level": RANK_LABEL[have], "source": source} if source
                          else RANK_LABEL[have])
            if have < wanted:
                unmet.append(_("%(skill)s: %(have)s, gevraagd %(wanted)s") % {
                    "skill": label, "have": RANK_LABEL[have], "wanted": wanted_label})
                parts.append(_("%(skill)s: %(have)s, gevraagd %(wanted)s: voldoet niet") % {
                    "skill": label, "have": have_label, "wanted": wanted_label})
            else:
                met += 1
                parts.append(_("%(skill)s: %(have)s, gevraagd %(wanted)s: voldoet") % {
                    "skill": label, "have": have_label, "wanted": wanted_label})
        terms.append(Term("language", _("Taal"), language_points(met, len(req.levels)), LANGUAGE_POINTS,
                          "; ".join(parts)))

    # Experience
    years = (" " + _("(%(years)s jaar)") % {"years": c.experience_years}) if c.experience_years else ""
    if _occupation_matches(req.occupation, c.occupation):
        terms.append(Term("experience", _("Ervaring"), EXPERIENCE_POINTS, EXPERIENCE_POINTS,
                          _("ervaring als %(occupation)s") % {"occupation": req.occupation} + years))
    elif req.sector and f",{req.sector}," in c.experience_sectors:
        terms.append(Term("experience", _("Ervaring"), SECTOR_POINTS, EXPERIENCE_POINTS,
                          _("ervaring in de sector %(sector)s") % {"sector": Sector(req.sector).label} + years))
    else:
        terms.append(Term("experience", _("Ervaring"), 0, EXPERIENCE_POINTS,
                          _("geen ervaring in dit beroep of deze sector bekend")))

    # Hours
    if c.hours_available is None:
        terms.append(Term("hours", _("Uren"), HOURS_UNKNOWN_POINTS, HOURS_POINTS, _("beschikbaarheid onbekend")))
    else:
        free = Decimal(c.hours_available) - c.weekly_load
        text = hours_explanation(req.hours, c.hours_available, c.weekly_load, c.load_items)
        if req.hours <= free:
            terms.append(Term("hours", _("Uren"), HOURS_POINTS, HOURS_POINTS, text))
        else:
            terms.append(Term("hours", _("Uren"), 0, HOURS_POINTS, text))
            unmet.append(text)

    # Plan
    plan_text = {"set": _("plan vastgesteld"), "draft": _("plan in concept")}.get(c.plan_status, _("geen plan"))
    terms.append(Term("plan", _("Plan"), PLAN_POINTS.get(c.plan_status, 0), PLAN_MAX, plan_text))

    # Preferences
    parts, points = [], 0
    for key, stated, value, label in (
            ("sector", c.desired_sectors, req.sector, _("sector")),
            ("kind", c.desired_kinds, req.kind, _("soort werk")),
            ("location", c.preferred_locations, req.location, _("werkplaats"))):
        got = _preference(stated, value, PREFERENCE_POINTS[key])
        points += got
        if not stated:
            parts.append(_("%(what)s: geen voorkeur opgegeven") % {"what": label})
        elif got:
            parts.append(_("%(what)s: past bij de voorkeur") % {"what": label})
        else:
            parts.append(_("%(what)s: past niet bij de voorkeur") % {"what": label})
    terms.append(Term("preferences", _("Voorkeuren"), points, PREFERENCE_MAX, "; ".join(parts)))

    # Licence and certificates (hard requirements, no points)
    if req.driving_licence and not c.driving_licence:
        unmet.append(_("Rijbewijs B ontbreekt"))
    for certificate_id, name in req.certificates:
        if f",{certificate_id}," not in c.certificate_ids:
            unmet.append(_("Certificaat %(name)s ontbreekt") % {"name": name})
    if c.in_paid_work:
        notes.append(_("Heeft nu betaald werk"))

    total = sum(term.points for term in terms)
    return Match(client_id=c.client_id, total=total, terms=tuple(terms), unmet=tuple(unmet), notes=tuple(notes))


def hours_explanation(wanted: int, available: int, load: Decimal, items) -> str:
    """``24 u gevraagd, 12 u vrij: 20 u beschikbaar − 8 u plan (Taalles 8 u)``."""
    free = Decimal(available) - Decimal(load)
    if not load:
        return _("%(wanted)s gevraagd, %(free)s vrij: %(available)s beschikbaar, geen activiteiten in het plan") % {
            "wanted": hours_text(wanted), "free": hours_text(free), "available": hours_text(available)}
    listed = ", ".join(f"{label} {hours_text(hours)}" for label, hours in items)
    return _("%(wanted)s gevraagd, %(free)s vrij: %(available)s beschikbaar − %(load)s plan (%(items)s)") % {
        "wanted": hours_text(wanted), "free": hours_text(free), "available": hours_text(available),
        "load": hours_text(load), "items": listed}


# --- Many candidates, fast ------------------------------------------------------------------------------

@dataclass
class Ranking:
    meeting: list[tuple[int, int]]  # (score, client_id), best first
    not_meeting: list[tuple[int, int, int]]  # (unmet count, score, client_id), best first
    meeting_total: int
    not_meeting_total: int

    @property
    def total(self) -> int:
        return self.meeting_total + self.not_meeting_total


# The fast ranking reads one row of "features" per client: the profile's numbers, and for each set-like column
# the answer to the one question this vacancy asks of it (computed by the database, see ``feature_rows``, or
# in Python, see ``features``). Booleans may come as 0/1 and the load as any number type.
FEATURES = (
    "client_id", "reading", "listening", "writing", "speaking", "hours_available", "f_load", "f_plan",
    "occupation", "f_sector_experience", "f_sector_wish", "f_kind_wish", "f_location_wish", "driving_licence",
    "f_certificates_missing",
)


def _wish(stated: str, code: str) -> int:
    """-1: nothing stated; 1: the code is among the wishes; 0: other wishes."""
    if not stated:
        return -1
    return 1 if code in stated else 0


def features(req: Requirements, c: Candidate) -> tuple:
    """The feature row of one candidate, computed in Python (what ``feature_rows`` lets the database compute)."""
    return (
        c.client_id, c.reading, c.listening, c.writing, c.speaking, c.hours_available, float(c.weekly_load),
        PLAN_POINTS.get(c.plan_status, 0), c.occupation, int(f",{req.sector}," in c.experience_sectors),
        _wish(c.desired_sectors, f",{req.sector},"), _wish(c.desired_kinds, f",{req.kind},"),
        _wish(c.preferred_locations, f",{req.location},"), int(c.driving_licence),
        sum(1 for certificate_id, _name in req.certificates if f",{certificate_id}," not in c.certificate_ids),
    )


def feature_rows(req: Requirements, queryset):
    """``queryset`` (of MatchProfile) as a ``values_list`` of ``FEATURES``: the set-like columns answered by the
    database with a substring test, so that a row holds small numbers and the occupation only.
    The scoring itself stays in :func:`rank`. Building the query only; it is run by the caller."""
    from django.db.models import Case, F, FloatField, IntegerField, Value, When
    from django.db.models.functions import Cast, StrIndex
    from django.db.models.lookups import GreaterThan

    def holds(column: str, code: str):
        # INSTR (SQLite) / STRPOS (PostgreSQL): cheaper than LIKE with its escapes.
        return GreaterThan(StrIndex(F(column), Value(code)), 0)

    def wish(column: str, code: str):
        return Case(When(**{column: ""}, then=Value(-1)), When(holds(column, code), then=Value(1)),
                    default=Value(0), output_field=IntegerField())

    missing = Value(0, output_field=IntegerField())
    for certificate_id, _name in req.certificates:
        missing = missing + Case(When(holds("certificate_ids", f",{certificate_id},"), then=Value(0)),
                                 default=Value(1), output_field=IntegerField())
    return queryset.annotate(
        f_load=Cast(F("weekly_load"), FloatField()),
        f_plan=Case(*(When(plan_status=status, then=Value(points)) for status, points in PLAN_POINTS.items() if points),
                    default=Value(0), output_field=IntegerField()),
        f_sector_experience=Case(When(holds("experience_sectors", f",{req.sector},"), then=Value(1)),
                                 default=Value(0), output_field=IntegerField()),
        f_sector_wish=wish("desired_sectors", f",{req.sector},"),
        f_kind_wish=wish("desired_kinds", f",{req.kind},"),
        f_location_wish=wish("preferred_locations", f",{req.location},"),
        f_certificates_missing=missing,
    ).values_list(*FEATURES)


def _partition(req: Requirements, rows) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    """Score ``FEATURES`` rows with the arithmetic of :func:`evaluate`, without the texts, into sort keys:
    (−score, client_id) for those who meet every hard requirement, (unmet, −score, client_id) for the others.
    One tight loop; no database access."""
    levels = [(SKILL_INDEX[skill] + 1, wanted) for skill, wanted in req.levels]
    n_levels = len(levels)
    occupation = req.occupation
    wanted_hours = req.hours
    licence_needed = req.driving_licence
    full_sector, full_kind, full_location = (PREFERENCE_POINTS["sector"], PREFERENCE_POINTS["kind"],
                                            PREFERENCE_POINTS["location"])
    # Points per wish answer: -1 nothing stated (half), 0 other wishes, 1 this one.
    sector_points = {-1: full_sector // 2, 0: 0, 1: full_sector}
    kind_points = {-1: full_kind // 2, 0: 0, 1: full_kind}
    location_points = {-1: full_location // 2, 0: 0, 1: full_location}
    meeting, not_meeting = [], []
    add_meeting, add_not_meeting = meeting.append, not_meeting.append
    for (client_id, reading, listening, writing, speaking, available, load, plan, occupations, sector_experience,
         sector_wish, kind_wish, location_wish, licence, certificates_missing) in rows:
        unmet = certificates_missing
        if n_levels:
            have = (0, reading, listening, writing, speaking)
            met = 0
            for index, wanted in levels:
                if have[index] >= wanted:
                    met += 1
            unmet += n_levels - met
            score = LANGUAGE_POINTS * met // n_levels
        else:
            score = LANGUAGE_POINTS
        if occupations and _occupation_matches(occupation, occupations):
            score += EXPERIENCE_POINTS
        elif sector_experience:
            score += SECTOR_POINTS
        if available is None:
            score += HOURS_UNKNOWN_POINTS
        elif wanted_hours <= available - load:
            score += HOURS_POINTS
        else:
            unmet += 1
        score += plan + sector_points[sector_wish] + kind_points[kind_wish] + location_points[location_wish]
        if licence_needed and not licence:
            unmet += 1
        if unmet:
            add_not_meeting((unmet, -score, client_id))
        else:
            add_meeting((-score, client_id))
    return meeting, not_meeting


def score_rows(req: Requirements, rows) -> list[tuple[int, int, int]]:
    """(client_id, score, unmet count) per ``FEATURES`` row: what :func:`rank` computes."""
    meeting, not_meeting = _partition(req, rows)
    return ([(client_id, -score, 0) for score, client_id in meeting]
            + [(client_id, -score, unmet) for unmet, score, client_id in not_meeting])


def rank(req: Requirements, rows, *, meeting_limit: int = 50, not_meeting_limit: int = 25) -> Ranking:
    """Score all ``FEATURES`` rows and keep the best ``meeting_limit`` who meet every hard requirement and the best
    ``not_meeting_limit`` of the others, with the counts of both."""
    meeting, not_meeting = _partition(req, rows)
    best = heapq.nsmallest(meeting_limit, meeting) if meeting_limit else []
    rest = heapq.nsmallest(not_meeting_limit, not_meeting) if not_meeting_limit else []
    return Ranking(
        meeting=[(-score, client_id) for score, client_id in best],
        not_meeting=[(unmet, -score, client_id) for unmet, score, client_id in rest],
        meeting_total=len(meeting), not_meeting_total=len(not_meeting),
    )


def kind_label(kind: str) -> str:
    return PlaceKind(kind).label if kind in PlaceKind.values else kind
