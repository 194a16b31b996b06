"""The journey's panels on the client page: what they show, and a fixed number of queries each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.journey import panels, services
from meedoen.journey.models import DeadlineRule, JourneySettings, Milestone
from meedoen.journey.tests.test_views import (
    detail_url,
    keep_only_journey_panels,
    make_statushouder,
    record,
    shown_deadlines,
    text,
)

pytestmark = pytest.mark.django_db
D = dt.date
START = D(2020, 1, 1)


@pytest.fixture(autouse=True)
def _only_journey_panels(monkeypatch):
    keep_only_journey_panels(monkeypatch)


@pytest.fixture
def statushouder(world):
    return make_statushouder(world)


@pytest.fixture
def km(world, login):
    return login(world.klantmanager)


def _fill(client, actor, *, n: int, start=START):
    """A dossier with every kind of row, ``n`` of each where a kind can repeat."""
    for kind, offset in (("permit", 0), ("linked", 14), ("housed", 60), ("brp_registered", 61),
                         ("intake_started", 70), ("intake_completed", 80)):
        services.record_milestone(actor=actor, client=client, kind=kind, date=start + dt.timedelta(days=offset))
    for i in range(n):
        services.record_milestone(actor=actor, client=client, kind="pip_set",
                                  date=start + dt.timedelta(days=90 + i))
    services.save_coa_profile(actor=actor, client=client, received_on=start, occupation="Kok")
    services.save_handover(actor=actor, client=client, profile_received=True)
    for i in range(n):
        ep = services.start_bijstand(actor=actor, client=client, start=start + dt.timedelta(days=200 + 10 * i))
        services.end_bijstand(actor=actor, episode=ep, end=start + dt.timedelta(days=205 + 10 * i), reason="work")
        services.add_term_extension(actor=actor, client=client, weeks=1, ground="medical",
                                    decided_on=start + dt.timedelta(days=300 + i))
        services.record_contact(actor=actor, client=client, kind="progress",
                                occurred_on=start + dt.timedelta(days=400 + i), interpreter=True,
                                interpreter_language=_language("ara"),
                                next_appointment=timezone.now() + dt.timedelta(days=i + 1))
        services.record_ladder_measurement(actor=actor, client=client, measured_on=start + dt.timedelta(days=500 + i),
                                           rung=1 + i % 6)


def _language(code):
    from meedoen.clients.models import Language

    return Language.objects.get(code=code)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _count(function, user, client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function(_request(user), client)
    return len(ctx.captured_queries)


@pytest.fixture
def two_clients(world):
    from meedoen.clients.tests.factories import ClientFactory

    small = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                          regime="wi2021", target_group="asielstatushouder")
    big = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                        regime="wi2021", target_group="asielstatushouder")
    _fill(small, world.klantmanager, n=1)
    _fill(big, world.klantmanager, n=25)
    return small, big


@pytest.mark.parametrize(("function", "expected"), [
    (panels.termijnen_context, 5),   # due-soon setting, rules, extensions, deadlines, may-change
    (panels.traject_context, 7),     # milestones, episodes, last ladder, profile, handover, may-change,
    #                                  and the work app's bijstand note (running jobs with partial outflow)
    (panels.tijdlijn_context, 5),    # milestones, episodes, extensions, contacts, ladder
    (panels.gesprekken_context, 3),  # next appointment, recent contacts, may-change
])
def test_each_panel_runs_a_fixed_number_of_queries(world, two_clients, function, expected):
    small, big = two_clients
    assert _count(function, world.klantmanager, small) == expected
    assert _count(function, world.klantmanager, big) == expected


def test_the_client_page_takes_the_same_number_of_queries_for_a_small_and_a_big_dossier(world, two_clients,
                                                                                       login):
    small, big = two_clients
    http = login(world.klantmanager)
    http.get(detail_url(small))  # warm-up: the first request of a session stores its two-factor state

    def count(client):
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(detail_url(client))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert count(small) == count(big)


def test_the_deadlines_panel_shows_status_style_anchor_and_source(world, statushouder, km):
    today = timezone.localdate()
    record(statushouder, "linked", today - dt.timedelta(weeks=11), world.klantmanager)    # offer overdue
    record(statushouder, "brp_registered", today - dt.timedelta(weeks=9), world.klantmanager)  # PIP due soon
    page = text(km.get(detail_url(statushouder)))
    rows = shown_deadlines(page)
    assert rows["housing_offer"] | {"due": None} == {"status": "overdue", "label": "Te laat", "style": "danger",
                                                     "due": None}
    assert rows["pip"]["status"] == "due_soon" and rows["pip"]["style"] == "warning"
    assert rows["pip"]["label"] == "Binnenkort"
    linked = today - dt.timedelta(weeks=11)
    assert f"sinds koppeling {linked:%d-%m-%Y}" in page
    assert "Wet inburgering 2021 art. 15" in page  # the rule's source, in a details element
    assert '<details class="meedoen-source">' in page
    # Met in time: success; met late: neutral, and says so.
    record(statushouder, "housing_offered", today, world.klantmanager)
    record(statushouder, "pip_set", today, world.klantmanager)
    rows = shown_deadlines(text(km.get(detail_url(statushouder))))
    assert (rows["pip"]["label"], rows["pip"]["style"]) == ("Gehaald", "success")
    assert (rows["housing_offer"]["label"], rows["housing_offer"]["style"]) == ("Gehaald, te laat", "neutral")


def test_on_time_is_neutral_and_the_horizon_is_the_municipalitys(world, statushouder, km):
    today = timezone.localdate()
    record(statushouder, "brp_registered", today - dt.timedelta(weeks=7), world.klantmanager)  # 21 days left
    rows = shown_deadlines(text(km.get(detail_url(statushouder))))
    assert (rows["pip"]["status"], rows["pip"]["style"], rows["pip"]["label"]) == ("on_time", "neutral", "Op tijd")
    JourneySettings.objects.create(municipality=world.home, due_soon_days=30)
    rows = shown_deadlines(text(km.get(detail_url(statushouder))))
    assert rows["pip"]["status"] == "due_soon"


def test_a_local_norm_shows_its_own_source(world, statushouder, km):
    services.set_local_norm(actor=world.beheerder, municipality=world.home, code="housing_offer", anchor="linked",
                            offset_amount=8, offset_unit="weeks", source="Collegebesluit Zwolle 2024")
    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    page = text(km.get(detail_url(statushouder)))
    assert shown_deadlines(page)["housing_offer"]["due"] == D(2024, 3, 11)
    assert "Collegebesluit Zwolle 2024" in page


def test_the_traject_panel_lists_milestones_in_journey_order_with_who_and_why(world, statushouder, km):
    record(statushouder, "housed", D(2024, 1, 5), world.klantmanager)   # recorded first, out of order
    record(statushouder, "linked", D(2024, 1, 10), world.klantmanager)
    page = text(km.get(detail_url(statushouder)))
    assert page.index('data-milestone="linked"') < page.index('data-milestone="housed"')
    assert str(world.klantmanager) in page
    assert "Afwijkende volgorde:" in page
    # Offered links: kinds not yet recorded; after "duty fulfilled" the exemption is no longer offered.
    assert reverse("journey:milestone_record", args=[statushouder.public_id, "permit"]) in page
    assert reverse("journey:milestone_record", args=[statushouder.public_id, "linked"]) not in page
    record(statushouder, "intake_started", D(2024, 2, 1), world.klantmanager)
    record(statushouder, "pip_set", D(2024, 3, 1), world.klantmanager)
    record(statushouder, "duty_fulfilled", D(2024, 12, 1), world.klantmanager)
    page = text(km.get(detail_url(statushouder)))
    assert reverse("journey:milestone_record", args=[statushouder.public_id, "duty_exempted"]) not in page
    assert "Nieuwe versie van het PIP" in page


def test_the_timeline_merges_everything_newest_first_and_caps_with_show_all(world, statushouder, km):
    km_user = world.klantmanager
    record(statushouder, "linked", D(2024, 1, 15), km_user)
    ep = services.start_bijstand(actor=km_user, client=statushouder, start=D(2024, 2, 1))
    services.record_contact(actor=km_user, client=statushouder, kind="home_visit", occurred_on=D(2024, 3, 1),
                            interpreter=True, interpreter_language=_language("prs"),
                            next_appointment=timezone.make_aware(dt.datetime(2024, 3, 20, 14, 0)))
    services.record_ladder_measurement(actor=km_user, client=statushouder, measured_on=D(2024, 4, 1), rung=2)
    services.end_bijstand(actor=km_user, episode=ep, end=D(2024, 5, 1), reason="work")
    page = text(km.get(detail_url(statushouder)))
    timeline = page[page.index('id="tijdlijn"'):]
    order = [timeline.index(s) for s in ("Bijstand beëindigd", "Meting Participatieladder", "Huisbezoek",
                                         "Bijstand gestart", "Gekoppeld aan de gemeente")]
    assert order == sorted(order)
    assert "Met tolk (Dari)" in timeline and "Volgende afspraak: 20-03-2024 14:00" in timeline
    assert "Toon alles" not in timeline
    for _i in range(panels.TIMELINE_PANEL_SIZE):
        services.record_contact(actor=km_user, client=statushouder, kind="phone", occurred_on=D(2024, 6, 1))
    page = text(km.get(detail_url(statushouder)))
    timeline = page[page.index('id="tijdlijn"'):]
    assert timeline.count('class="meedoen-timeline__item"') == panels.TIMELINE_PANEL_SIZE
    assert "Toon alles" in timeline
    full = text(km.get(reverse("journey:timeline", args=[statushouder.public_id])))
    assert full.count('class="meedoen-timeline__item"') == panels.TIMELINE_PANEL_SIZE + 5


def test_the_conversations_panel_shows_the_next_appointment(world, statushouder, km):
    page = text(km.get(detail_url(statushouder)))
    assert "Er is geen volgende afspraak gepland." in page
    when = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=9, minute=15, second=0,
                                                                              microsecond=0)
    services.record_contact(actor=world.klantmanager, client=statushouder, kind="progress",
                            occurred_on=timezone.localdate(), next_appointment=when)
    page = text(km.get(detail_url(statushouder)))
    assert f'datetime="{when:%Y-%m-%dT%H:%M:%S}' in page
    assert "om 09:15" in page


def test_without_change_rights_the_panels_offer_no_links(world, statushouder, monkeypatch):
    from meedoen.accounts import access

    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    monkeypatch.setattr(access, "can_change_client", lambda user, client: False)
    request = _request(world.klantmanager)
    assert panels.traject_context(request, statushouder)["can_change"] is False
    from django.template.loader import render_to_string

    html = render_to_string("journey/panels/traject.html",
                            {**panels.traject_context(request, statushouder), "client": statushouder})
    assert "/traject/" not in html
    assert Milestone.objects.count() == 1
    assert DeadlineRule.objects.filter(municipality__isnull=True).count() == 8


def test_the_journey_stylesheet_is_linked_once_in_the_head(world, statushouder, km):
    html = km.get(detail_url(statushouder)).content.decode()
    head = html[:html.index("</head>")]
    assert head.count("css/journey.css") == 1
    assert html.count("css/journey.css") == 1
