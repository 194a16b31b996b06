"""Read models of referrals: the client-page panel, signals and partner updates on the caseload, and the
quarterly partner overview. Each function runs a fixed number of queries, whatever the number of rows.

Functions take the clients to work on as a queryset: views pass what the access door lets the user see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from meedoen.accounts.models import PartnerOrganisation
from meedoen.plans.models import Plan, PlanActivity
from meedoen.referrals.models import (
    OPEN_STATUSES,
    PLACE_STATUSES,
    Attendance,
    ProgressNote,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Signal,
)
from meedoen.referrals.scope import partner_referrals
from meedoen.referrals.services import attendance_rate

YOUNG_AGE = 27  # "jongere": under 27, the age limit of the Jongerenpunt and of the youth rules in bijstand
UPDATE_DAYS = 14

_HOURS = DecimalField(max_digits=6, decimal_places=1)


def _scheduled_expression(prefix: str = ""):
    return ExpressionWrapper(F(f"{prefix}hours_present") + F(f"{prefix}hours_absent_authorised")
                             + F(f"{prefix}hours_absent_unauthorised"), output_field=_HOURS)


def with_last_attendance(referrals: QuerySet) -> QuerySet:
    """Annotate ``last_week``, ``last_present`` and ``last_scheduled``: the latest recorded week."""
    latest = Attendance.objects.filter(referral=OuterRef("pk")).order_by("-week_start")
    return referrals.annotate(
        last_week=Subquery(latest.values("week_start")[:1]),
        last_present=Subquery(latest.values("hours_present")[:1], output_field=_HOURS),
        last_scheduled=Subquery(latest.annotate(s=_scheduled_expression()).values("s")[:1], output_field=_HOURS),
    )


def last_rate(referral) -> float | None:
    """The attendance rate of the latest recorded week of a referral from :func:`with_last_attendance`."""
    return attendance_rate(referral.last_present, referral.last_scheduled)


def with_places_taken(referrals: QuerySet) -> QuerySet:
    """Annotate ``places_taken``: referrals holding a place in the same offer."""
    taken = (Referral.objects.filter(offer=OuterRef("offer_id"), status__in=PLACE_STATUSES).order_by()
             .values("offer").annotate(n=Count("pk")).values("n"))
    return referrals.annotate(places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)))


def with_places_taken_offers(offers: QuerySet) -> QuerySet:
    """Annotate ``places_taken`` on ``Offer`` rows."""
    taken = (Referral.objects.filter(offer=OuterRef("pk"), status__in=PLACE_STATUSES).order_by()
             .values("offer").annotate(n=Count("pk")).values("n"))
    return offers.annotate(places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)))


# --- The client-page panel ------------------------------------------------------------------------------

@dataclass
class ActivityReferrals:
    activity: PlanActivity
    referrals: list = field(default_factory=list)

    @property
    def has_open(self) -> bool:
        return any(r.status in OPEN_STATUSES for r in self.referrals)


@dataclass
class ClientReferrals:
    plan: Plan | None
    activities: list[ActivityReferrals]
    others: list  # referrals from activities that are not in the plan in force
    open_signals: list


def client_referrals(client) -> ClientReferrals:
    """The referrals of a client per activity of the plan in force (four queries)."""
    plan = Plan.objects.current().filter(client=client).first()
    activities = list(PlanActivity.objects.filter(plan__client=client).order_by("start", "pk"))
    by_id = {a.pk: a for a in activities}
    current = [a for a in activities if plan is not None and a.plan_id == plan.pk]
    owner: dict[int, int] = {}  # any activity id → the activity in force that continues it
    for activity in current:
        seen, node = set(), activity
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            owner[node.pk] = activity.pk
            node = by_id.get(node.carried_from_id)
    referrals = list(with_places_taken(with_last_attendance(
        Referral.objects.filter(client=client).select_related("offer", "partner"))))
    signals = list(Signal.objects.filter(client=client, handled_on__isnull=True).select_related("referral__offer"))
    open_by_referral: dict[int, list] = {}
    for signal in signals:
        open_by_referral.setdefault(signal.referral_id, []).append(signal)
    groups = {a.pk: ActivityReferrals(activity=a) for a in current}
    others = []
    for referral in referrals:
        referral.open_signals = open_by_referral.get(referral.pk, [])
        referral.rate = last_rate(referral)
        target = owner.get(referral.plan_activity_id)
        if target is not None:
            groups[target].referrals.append(referral)
        else:
            others.append(referral)
    return ClientReferrals(plan=plan, activities=list(groups.values()), others=others, open_signals=signals)


# --- Caseload: signals and partner updates --------------------------------------------------------------

def open_signal_count() -> Coalesce:
    """An annotation for ``Client`` rows: the number of open signals."""
    counts = (Signal.objects.filter(client=OuterRef("pk"), handled_on__isnull=True).order_by()
              .values("client").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def is_young(client, today: dt.date) -> bool:
    return client.age_on(today) < YOUNG_AGE


@dataclass(frozen=True)
class SignalRow:
    signal: Signal
    client: object
    young: bool
    explanation: str


def open_signals(clients: QuerySet, today: dt.date, limit: int = 50) -> tuple[list[SignalRow], int]:
    """Open signals of these clients, newest first (young clients first on the same day), and their total
    (two queries)."""
    qs = Signal.objects.filter(handled_on__isnull=True, client__in=clients)
    total = qs.count()
    rows = []
    for signal in (qs.select_related("client", "referral__offer", "referral__partner")
                   .order_by("-raised_on", "-pk")[:limit]):
        rows.append(SignalRow(signal=signal, client=signal.client, young=is_young(signal.client, today),
                              explanation=signal.explanation))
    rows.sort(key=lambda row: (-row.signal.raised_on.toordinal(), not row.young))
    return rows, total


def open_signals_per_klantmanager(clients: QuerySet) -> dict[int, int]:
    """Open signals per klantmanager (user id) of these clients (one query)."""
    return dict(Signal.objects.filter(handled_on__isnull=True, client__in=clients.filter(klantmanager__isnull=False))
                .order_by().values("client__klantmanager").annotate(n=Count("pk"))
                .values_list("client__klantmanager", "n"))


@dataclass(frozen=True)
class PartnerUpdate:
    kind: str  # "attendance" or "note"
    day: dt.date
    referral: Referral
    attendance: Attendance | None = None
    note: ProgressNote | None = None

    @property
    def rate(self) -> float | None:
        if self.attendance is None:
            return None
        return attendance_rate(self.attendance.hours_present, self.attendance.hours_scheduled)


def partner_updates(clients: QuerySet, today: dt.date, *, exclude_author=None, days: int = UPDATE_DAYS,
                    limit: int = 20) -> list[PartnerUpdate]:
    """Attendance (weeks starting in the last ``days`` days) and progress notes (written in the last ``days``
    days) on the referrals of these clients, newest first (two queries)."""
    since = today - dt.timedelta(days=days)
    related = ("referral__client", "referral__offer", "referral__partner")
    attendance = (Attendance.objects.filter(referral__client__in=clients, week_start__gte=since,
                                            week_start__lte=today)
                  .select_related(*related).order_by("-week_start", "-pk")[:limit])
    notes = ProgressNote.objects.filter(referral__client__in=clients, written_on__gte=since, written_on__lte=today)
    if exclude_author is not None:
        notes = notes.exclude(author=exclude_author)
    notes = notes.select_related(*related).order_by("-written_on", "-pk")[:limit]
    updates = [PartnerUpdate("attendance", a.week_start, a.referral, attendance=a) for a in attendance]
    updates += [PartnerUpdate("note", n.written_on, n.referral, note=n) for n in notes]
    updates.sort(key=lambda u: u.day, reverse=True)
    return updates[:limit]


def partner_home_counts(user) -> dict:
    """Counts for the partner's home page (one query)."""
    return partner_referrals(user).aggregate(
        sent=Count("pk", filter=Q(status=ReferralStatus.SENT)),
        started=Count("pk", filter=Q(status=ReferralStatus.STARTED)),
        accepted=Count("pk", filter=Q(status=ReferralStatus.ACCEPTED)),
        waiting=Count("pk", filter=Q(status=ReferralStatus.WAITING)),
        total=Count("pk"),
    )


# --- Quarterly partner overview -------------------------------------------------------------------------

@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}_{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today: dt.date) -> Quarter:
        return cls.of(today).previous()


@dataclass
class QuarterFigures:
    quarter: Quarter
    referred: int = 0
    accepted: int = 0
    started: int = 0
    completed: int = 0
    stopped: int = 0
    rejected: int = 0
    waiting: int = 0
    present: Decimal = Decimal(0)
    scheduled: Decimal = Decimal(0)

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.present, self.scheduled)

    def add(self, other: QuarterFigures) -> None:
        for name in ("referred", "accepted", "started", "completed", "stopped", "rejected", "waiting", "present",
                     "scheduled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PartnerFigures:
    partner: object  # PartnerOrganisation, or None for the total row
    quarters: list[QuarterFigures]  # newest first; the first is the chosen quarter

    @property
    def chosen(self) -> QuarterFigures:
        return self.quarters[0]


EVENT_FIELDS = {
    ReferralStatus.ACCEPTED: "accepted", ReferralStatus.STARTED: "started", ReferralStatus.COMPLETED: "completed",
    ReferralStatus.STOPPED: "stopped", ReferralStatus.REJECTED: "rejected",
}


def quarterly_overview(municipality, quarter: Quarter, trend: int = 4) -> tuple[list[PartnerFigures],
                                                                                 PartnerFigures]:
    """Per partner of the municipality, for ``quarter`` and the ``trend - 1`` quarters before it: referrals
    made (referred_on in the quarter); accepted, started, completed, stopped and rejected (status changes in
    the quarter); on the waiting list at the end of the quarter; attendance rate (present hours / scheduled
    hours of the attendance weeks starting in the quarter). Aggregates only: no client names.

    Five queries, whatever the number of partners or referrals. Returns the partner rows and a total row.
    """
    quarters = [quarter]
    while len(quarters) < trend:
        quarters.append(quarters[-1].previous())
    first, last = quarters[-1].start, quarters[0].end
    municipality_id = getattr(municipality, "pk", municipality)
    partners = list(PartnerOrganisation.objects.filter(municipality_id=municipality_id).order_by("name"))

    referral_rows = Referral.objects.filter(municipality_id=municipality_id).order_by().values("partner_id")
    made = {}
    waiting = {}
    made_aggregates, waiting_aggregates, event_aggregates, attendance_aggregates = {}, {}, {}, {}
    for q in quarters:
        made_aggregates[f"m_{q.key}"] = Count("pk", filter=Q(referred_on__range=(q.start, q.end)))
        waiting_aggregates[f"w_{q.key}"] = Count("pk", filter=(
            Q(waiting_since__lte=q.end) & (Q(sent_on__isnull=True) | Q(sent_on__gt=q.end))
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=q.end))))
        for status, name in EVENT_FIELDS.items():
            event_aggregates[f"{name}_{q.key}"] = Count("pk", filter=Q(status=status,
                                                                      occurred_on__range=(q.start, q.end)))
        in_quarter = Q(week_start__range=(q.start, q.end))
        attendance_aggregates[f"p_{q.key}"] = Sum("hours_present", filter=in_quarter)
        attendance_aggregates[f"s_{q.key}"] = Sum(_scheduled_expression(), filter=in_quarter)
    made = {row["partner_id"]: row for row in referral_rows.filter(referred_on__range=(first, last))
            .annotate(**made_aggregates)}
    waiting = {row["partner_id"]: row for row in referral_rows.filter(waiting_since__lte=last)
               .annotate(**waiting_aggregates)}
    events = {row["referral__partner_id"]: row for row in
              ReferralEvent.objects.filter(referral__municipality_id=municipality_id,
                                           occurred_on__range=(first, last))
              .order_by().values("referral__partner_id").annotate(**event_aggregates)}
    attendance = {row["referral__partner_id"]: row for row in
                  Attendance.objects.filter(municipality_id=municipality_id, week_start__range=(first, last))
                  .order_by().values("referral__partner_id").annotate(**attendance_aggregates)}

    rows = []
    totals = PartnerFigures(partner=None, quarters=[QuarterFigures(q) for q in quarters])
    for partner in partners:
        figures = []
        for i, q in enumerate(quarters):
            f = QuarterFigures(q)
            f.referred = made.get(partner.pk, {}).get(f"m_{q.key}", 0)
            f.waiting = waiting.get(partner.pk, {}).get(f"w_{q.key}", 0)
            for name in EVENT_FIELDS.values():
                setattr(f, name, events.get(partner.pk, {}).get(f"{name}_{q.key}", 0))
            f.present = attendance.get(partner.pk, {}).get(f"p_{q.key}") or Decimal(0)
            f.scheduled = attendance.get(partner.pk, {}).get(f"s_{q.key}") or Decimal(0)
            totals.quarters[i].add(f)
            figures.append(f)
        rows.append(PartnerFigures(partner=partner, quarters=figures))
    return rows, totals
