"""The matching read-model: building ``MatchProfile`` rows from their sources.

One row per client summarises what matching needs, so that one vacancy can be scored against a whole
municipality in one query (``meedoen.work.matching``):

* Dutch level per skill: the highest of the broad intake's ``dutch_*`` levels and the passed exams
  (a language exam at its level; Staatsexamen programma I = B1 and programma II = B2 in all four skills),
  as ``CEFR_RANK`` (0 = unknown), with ``level_sources`` = {skill: "intake" | "exam"};
* hours available: the plan in force (the set version, else the draft), else the intake's
  ``PersonalCircumstances.hours_available``; weekly load: the hours per week of that plan's activities that run
  on the build date (paid work and childcare are not a load), with ``load_items`` [[label, hours], …];
* plan status: "set", "draft" or "";
* experience: the work profile's occupation, sectors and years, the intake's occupation in the country of
  origin and the sectors of the client's earlier placements; preferences, licence and certificates from the
  work profile; ``in_paid_work`` from a current paid placement.

Never an input: birth date, age, gender, nationality, country of origin or health.

``rebuild`` writes rows in batches with a fixed number of queries per batch (the demo seeder and the
benchmark call it after bulk inserts). The receivers in ``meedoen.work.profile_signals`` mark a client's row
``stale`` when a source changes; ``refresh_stale`` rebuilds, before matching, stale rows, rows past their
``valid_until`` (the first day a plan activity or a placement starts or ends: the weekly load and paid work
depend on the date) and missing rows (a client nobody has built a row for yet gets one then).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connections, models, transaction
from django.db.models import Q
from django.utils import timezone

from meedoen.work.models import CEFR_RANK, LANGUAGE_SKILLS, MatchProfile, PlaceKind

BATCH_SIZE = 2000
# Plan activity types that are not a weekly load for matching: paid work (the job itself) and childcare
# (what makes the other hours possible; see plans.load).
NOT_A_LOAD = ("paid_work", "childcare")
STAATSEXAMEN_RANK = {"staatsexamen_1": CEFR_RANK["b1"], "staatsexamen_2": CEFR_RANK["b2"]}

# The fields a rebuild writes (everything except client, which identifies the row).
_WRITTEN = (
    "municipality", "reading", "listening", "writing", "speaking", "level_sources", "hours_available",
    "weekly_load", "load_items", "plan_status", "occupation", "experience_sectors", "experience_years",
    "desired_sectors", "desired_kinds", "desired_hours", "preferred_locations", "driving_licence",
    "certificate_ids", "in_paid_work", "active", "stale", "built_at", "valid_until",
)
ONE_DAY = dt.timedelta(days=1)


def normalise(text: str) -> str:
    """Lower case, single spaces, trimmed: how occupations and places are compared."""
    return " ".join((text or "").lower().split())


def join_codes(values: Iterable) -> str:
    """``["care", "logistics"]`` → ``",care,logistics,"`` (nothing → ``""``): a substring test finds a code."""
    items = sorted({str(v).strip() for v in values if str(v).strip()})
    return f",{','.join(items)}," if items else ""


def split_places(text: str) -> list[str]:
    return [normalise(part) for part in (text or "").split(",") if normalise(part)]


def _truncate_codes(text: str, limit: int) -> str:
    """Keep a ",a,b," list within a column's length by dropping whole items from the end."""
    while len(text) > limit:
        text = text[: text.rstrip(",").rfind(",") + 1]
        if text == ",":
            return ""
    return text


# --- Building ------------------------------------------------------------------------------------

# Up to this many ids are filtered with IN; a larger batch is read as an id range and filtered here (a long
# IN list costs more to prepare than the few rows of other clients a range brings along).
IN_LIMIT = 300


def _among(lookup: str, ids: list[int]) -> dict:
    """Filter kwargs for ``ids`` (sorted): an IN list when short, else the range that holds them."""
    if len(ids) <= IN_LIMIT:
        return {f"{lookup}__in": ids}
    return {f"{lookup}__gte": ids[0], f"{lookup}__lte": ids[-1]}


def _build_batch(clients: list[tuple[int, int]], today: dt.date, now) -> list[dict]:
    """The MatchProfile values ({attname: value}) for ``clients`` [(client_id, municipality_id)], sorted by id.
    Nine queries."""
    from meedoen.exams.models import ExamAttempt, ExamResult
    from meedoen.intake.models import BroadIntake, OriginBackground, PersonalCircumstances
    from meedoen.plans.models import Plan, PlanActivity, PlanStatus
    from meedoen.work.models import Placement, WorkProfile

    ids = [client_id for client_id, _ in clients]
    wanted = set(ids)
    intakes = {row[0]: row[1:] for row in BroadIntake.objects.filter(**_among("client_id", ids)).values_list(
        "client_id", "dutch_reading", "dutch_listening", "dutch_writing", "dutch_speaking") if row[0] in wanted}
    origin = {row[0]: row[1:] for row in OriginBackground.objects.filter(
        **_among("intake__client_id", ids)).values_list("intake__client_id", "occupation", "work_years")
        if row[0] in wanted}
    circumstances = {client_id: hours for client_id, hours in PersonalCircumstances.objects.filter(
        **_among("intake__client_id", ids)).values_list("intake__client_id", "hours_available")
        if client_id in wanted}
    exams: dict[int, dict[str, int]] = defaultdict(dict)
    for client_id, component, level in ExamAttempt.objects.filter(
            **_among("client_id", ids), result=ExamResult.PASSED,
            component__in=(*LANGUAGE_SKILLS, *STAATSEXAMEN_RANK)).values_list("client_id", "component", "level"):
        if client_id not in wanted:
            continue
        if component in STAATSEXAMEN_RANK:
            for skill in LANGUAGE_SKILLS:
                exams[client_id][skill] = max(exams[client_id].get(skill, 0), STAATSEXAMEN_RANK[component])
        else:
            exams[client_id][component] = max(exams[client_id].get(component, 0), CEFR_RANK.get(level, 0))
    # The plan in force: the set version, else the draft (at most one of each per client).
    plans: dict[int, tuple[int, str, int | None]] = {}
    for plan_id, client_id, status, hours in Plan.objects.filter(
            **_among("client_id", ids), status__in=(PlanStatus.SET, PlanStatus.DRAFT)).values_list(
            "id", "client_id", "status", "hours_available"):
        if client_id in wanted and (client_id not in plans or status == PlanStatus.SET):
            plans[client_id] = (plan_id, status, hours)
    in_force = {plan_id for plan_id, _, _ in plans.values()}
    loads: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    changes: dict[int, dt.date] = {}  # plan or client id → first day a date-dependent input changes

    def change_on(key, *days):
        for day in days:
            if day is not None and day > today and (key not in changes or day < changes[key]):
                changes[key] = day

    for plan_id, description, hours, start, end in PlanActivity.objects.filter(
            **_among("plan__client_id", ids), plan__status__in=(PlanStatus.SET, PlanStatus.DRAFT)).exclude(
            activity_type__in=NOT_A_LOAD).order_by("start", "id").values_list(
            "plan_id", "description", "hours_per_week", "start", "end"):
        if plan_id not in in_force or not hours:
            continue
        change_on(("plan", plan_id), start, end + ONE_DAY)
        if start <= today <= end:
            loads[plan_id].append((description, hours))
    profiles = {row[0]: row[1:] for row in WorkProfile.objects.filter(**_among("client_id", ids)).values_list(
        "client_id", "experience_occupation", "experience_sectors", "experience_years", "desired_sectors",
        "desired_kinds", "desired_hours", "preferred_locations", "driving_licence") if row[0] in wanted}
    certificates: dict[int, list[int]] = defaultdict(list)
    for client_id, certificate_id in WorkProfile.certificates.through.objects.filter(
            **_among("workprofile__client_id", ids)).values_list("workprofile__client_id", "certificate_id"):
        certificates[client_id].append(certificate_id)
    placement_sectors: dict[int, set[str]] = defaultdict(set)
    paid_now: set[int] = set()
    for client_id, kind, sector, start, end in Placement.objects.filter(**_among("client_id", ids)).values_list(
            "client_id", "kind", "employer__sector", "start", "end"):
        if client_id not in wanted:
            continue
        change_on(("client", client_id), start, end + ONE_DAY if end else None)
        if start > today:
            continue
        placement_sectors[client_id].add(sector)
        if kind == PlaceKind.PAID_JOB and (end is None or end >= today):
            paid_now.add(client_id)

    rows = []
    for client_id, municipality_id in clients:
        intake = intakes.get(client_id, ("", "", "", ""))
        exam = exams.get(client_id, {})
        levels, sources = {}, {}
        for index, skill in enumerate(LANGUAGE_SKILLS):
            from_intake, from_exam = CEFR_RANK.get(intake[index] or "", 0), exam.get(skill, 0)
            levels[skill] = max(from_intake, from_exam)
            if from_exam and from_exam >= from_intake:
                sources[skill] = "exam"
            elif from_intake:
                sources[skill] = "intake"
        plan = plans.get(client_id)
        if plan is not None:
            plan_id, plan_status, hours = plan
            items = loads.get(plan_id, [])
        else:
            plan_id, plan_status, hours, items = None, "", None, []
        if hours is None:
            hours = circumstances.get(client_id)
        load = sum((h for _, h in items), Decimal("0"))
        (occupation, experience_sectors, years, desired_sectors, desired_kinds, desired_hours, locations,
         licence) = profiles.get(client_id, ("", [], None, [], [], None, "", False))
        origin_occupation, origin_years = origin.get(client_id, ("", None))
        if years is None:
            years = origin_years
        occupations = []
        for text in (occupation, origin_occupation):
            text = normalise(text).replace("|", " ")
            if text and text not in occupations:
                occupations.append(text)
        sectors = set(experience_sectors or []) | placement_sectors.get(client_id, set())
        valid_until = min((day for day in (changes.get(("plan", plan_id)), changes.get(("client", client_id)))
                           if day is not None), default=None)
        rows.append(dict(
            client_id=client_id, municipality_id=municipality_id,
            reading=levels["reading"], listening=levels["listening"], writing=levels["writing"],
            speaking=levels["speaking"], level_sources=sources, hours_available=hours,
            weekly_load=min(load, Decimal("9999.9")), load_items=[[label, str(h.normalize())] for label, h in items],
            plan_status=plan_status, occupation="|".join(occupations)[:100],
            experience_sectors=_truncate_codes(join_codes(sectors), 200), experience_years=years,
            desired_sectors=_truncate_codes(join_codes(desired_sectors or []), 200),
            desired_kinds=_truncate_codes(join_codes(desired_kinds or []), 100),
            desired_hours=desired_hours,
            preferred_locations=_truncate_codes(join_codes(split_places(locations)), 200),
            driving_licence=bool(licence),
            certificate_ids=_truncate_codes(join_codes(certificates.get(client_id, [])), 200),
            in_paid_work=client_id in paid_now, active=True, stale=False, built_at=now, valid_until=valid_until,
        ))
    return rows


# How a value goes to the database, per column kind (the rest is passed as it is).
_PREPARED = (models.JSONField, models.DecimalField, models.DateField, models.DateTimeField)


def _write(rows: list[dict]) -> None:
    """Insert or update the rows in one ``executemany`` (an upsert on the client: PostgreSQL and SQLite)."""
    if not rows:
        return
    db = connections[MatchProfile.objects.db]  # the wrapper itself, not the per-thread proxy (faster)
    fields = [MatchProfile._meta.get_field(name) for name in ("client", *_WRITTEN)]
    quote = db.ops.quote_name
    columns = [quote(field.column) for field in fields]
    client_column = quote(fields[0].column)
    # Only quoted identifiers from the model's metadata are formatted in; the values are parameters.
    table, placeholders = quote(MatchProfile._meta.db_table), ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[1:])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) ON CONFLICT ({client_column}) DO UPDATE SET {updates}"  # noqa: E501, S608
    steps = [(field.attname, field if isinstance(field, _PREPARED) else None) for field in fields]
    params = [[value if field is None else field.get_db_prep_save(value, db)
               for (name, field), value in ((step, row[step[0]]) for step in steps)] for row in rows]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)


def rebuild(*, municipality_ids: Iterable[int] | None = None, client_ids: Iterable[int] | None = None,
            today: dt.date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """(Re)build the match profiles of the given municipalities and/or clients (all clients when both are
    None). Returns the number of rows written. A fixed number of queries per batch of ``batch_size``."""
    from meedoen.clients.models import Client

    today = today or timezone.localdate()
    now = timezone.now()
    clients = Client.objects.all()
    if municipality_ids is not None:
        clients = clients.filter(municipality_id__in=list(municipality_ids))
    if client_ids is None:
        pairs = list(clients.order_by("pk").values_list("pk", "municipality_id"))
    else:
        wanted = sorted(set(client_ids))
        pairs = []
        for start in range(0, len(wanted), batch_size):  # SQLite allows a limited number of parameters
            pairs += clients.filter(pk__in=wanted[start:start + batch_size]).order_by("pk").values_list(
                "pk", "municipality_id")
    written = 0
    for start in range(0, len(pairs), batch_size):
        batch = pairs[start:start + batch_size]
        rows = _build_batch(batch, today, now)
        with transaction.atomic():
            _write(rows)
        written += len(rows)
    return written


def stale_client_ids(municipality_id: int, today: dt.date | None = None) -> list[int]:
    """Clients of the municipality whose profile is stale, past its ``valid_until``, or missing. Index lookups:
    stale rows, expired rows, and two counts (the missing rows are only looked for when the counts differ)."""
    from meedoen.clients.models import Client

    today = today or timezone.localdate()
    rows = MatchProfile.objects.filter(municipality_id=municipality_id)
    ids = set(rows.filter(stale=True).values_list("client_id", flat=True))
    ids.update(rows.filter(valid_until__lte=today).values_list("client_id", flat=True))
    clients = Client.objects.filter(municipality_id=municipality_id)
    if clients.count() != rows.count():
        ids.update(clients.filter(match_profile__isnull=True).values_list("pk", flat=True))
    return sorted(ids)


def refresh_stale(municipality_id: int, *, today: dt.date | None = None) -> int:
    """Rebuild what is out of date in one municipality before matching. Returns the number rebuilt."""
    ids = stale_client_ids(municipality_id, today)
    return rebuild(client_ids=ids, today=today) if ids else 0


def refresh_client(client, *, today: dt.date | None = None) -> None:
    """Rebuild one client's profile when it is stale, past its ``valid_until`` or missing (one query if fresh)."""
    today = today or timezone.localdate()
    fresh = MatchProfile.objects.filter(client_id=client.pk, stale=False).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=today)).exists()
    if not fresh:
        rebuild(client_ids=[client.pk], today=today)
