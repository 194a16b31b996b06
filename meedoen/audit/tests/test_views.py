"""The audit pages over HTTP: only the functioneel beheerder, only their own municipality."""

import csv
import datetime as dt
import io
from unittest import mock

import pytest
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.audit.forms import ACTION_LABELS
from meedoen.audit.models import AuditEvent
from meedoen.audit.services import record
from meedoen.clients.models import IdentifierKind
from meedoen.clients.tests.factories import ClientFactory, ClientIdentifierFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
NON_BEHEERDERS = ["klantmanager", "colleague_other_team", "teamleider", "beleidsmedewerker", "partnermedewerker",
                  "foreign_klantmanager"]


@pytest.fixture
def md_beheerder(world):
    """A functioneel beheerder of the other municipality (Midden-Drenthe)."""
    return user_with_role(Role.FUNCTIONEEL_BEHEERDER, world.other, username="beheer-md")


def _trail_url(client):
    return reverse("audit:client", args=[client.public_id])


def _read_as(login, user, client):
    response = login(user).get(reverse("clients:detail", args=[client.public_id]))
    assert response.status_code == 200


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# --- Who may open the pages -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["audit:log", "audit:export"])
def test_it_sends_anonymous_visitors_to_the_login_page(world, client, settings, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")


def test_the_trail_sends_anonymous_visitors_to_the_login_page(world, client, settings):
    response = client.get(_trail_url(world.client))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="audit.client_trail_viewed").exists()


@pytest.mark.parametrize("persona", NON_BEHEERDERS)
def test_every_other_role_gets_403(world, login, persona):
    http = login(getattr(world, persona))
    assert http.get(reverse("audit:log")).status_code == 403
    assert http.get(reverse("audit:export")).status_code == 403
    assert http.get(_trail_url(world.client)).status_code == 403
    assert http.get(reverse("audit:log"), {"clientnaam": world.client.family_name}).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="audit.").exists()


# --- The log ------------------------------------------------------------------------------------------

def test_the_beheerder_sees_the_reads_of_their_municipality_with_dutch_labels(world, login):
    _read_as(login, world.klantmanager, world.client)
    _read_as(login, world.foreign_klantmanager, world.foreign_client)
    record(actor=None, action="auth.login_failed")  # no municipality: for system operators only
    response = login(world.beheerder).get(reverse("audit:log"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dossier bekeken" in body
    assert world.klantmanager.username in body
    assert world.client.full_name in body
    assert _trail_url(world.client) in body
    assert world.foreign_klantmanager.username not in body
    assert world.foreign_client.family_name not in body
    assert "Inloggen mislukt" not in body.split("<tbody")[1]
    actions = [row.action_code for row in response.context["rows"]]
    assert "auth.login_failed" not in actions
    # (force_login records auth.login for each persona, as a real login does)
    assert [a for a in actions if a != "auth.login"] == ["client.viewed"]
    assert {row.username for row in response.context["rows"]} == {"km", "tl", "beheer"} - {"tl"}


def test_a_midden_drenthe_beheerder_sees_nothing_of_zwolle(world, login, md_beheerder):
    _read_as(login, world.klantmanager, world.client)
    _read_as(login, world.teamleider, world.client)
    _read_as(login, world.foreign_klantmanager, world.foreign_client)
    response = login(md_beheerder).get(reverse("audit:log"))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.client.family_name not in body
    assert {row.username for row in response.context["rows"]} == {"km-other-muni", "beheer-md"}
    assert all(row.client is None or row.client.municipality_id == world.other.pk
               for row in response.context["rows"])


def test_a_midden_drenthe_beheerder_gets_404_on_a_zwolle_trail(world, login, md_beheerder):
    _read_as(login, world.klantmanager, world.client)
    response = login(md_beheerder).get(_trail_url(world.client))
    assert response.status_code == 404
    assert world.client.family_name not in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.client_trail_viewed").exists()


def test_the_client_lookup_shows_name_and_birth_date_of_own_municipality_only(world, login, md_beheerder):
    ClientFactory(municipality=world.home, given_names="Dawit", family_name="Zekarias",
                  birth_date=dt.date(1988, 7, 9))
    ClientFactory(municipality=world.other, given_names="Dawit", family_name="Drenthe")
    response = login(world.beheerder).get(reverse("audit:log"), {"clientnaam": "dawit"})
    assert response.status_code == 200
    assert [c.family_name for c in response.context["matches"]] == ["Zekarias"]
    body = response.content.decode()
    assert "09-07-1988" in body
    assert "Drenthe" not in body.split('id="client-kop"')[1].split('id="log-kop"')[0]
    event = AuditEvent.objects.get(action="audit.client_lookup")
    assert event.details == {"count": 1}
    assert event.municipality == world.home
    none = login(md_beheerder).get(reverse("audit:log"), {"clientnaam": "Zekarias"})
    assert none.context["matches"] == []
    assert "Geen cliënt gevonden met deze naam." in none.content.decode()


def test_filters_by_action_user_and_dates(world, login):
    def at(day, **kwargs):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
        with mock.patch("django.utils.timezone.now", return_value=moment):
            record(municipality=world.home, **kwargs)

    at(dt.date(2025, 1, 10), actor=world.klantmanager, action="client.viewed", obj=world.client,
       client_public_id=world.client.public_id)
    at(dt.date(2025, 2, 10), actor=world.teamleider, action="client.updated", obj=world.client,
       client_public_id=world.client.public_id)
    at(dt.date(2025, 3, 10), actor=world.klantmanager, action="auth.login")
    http = login(world.beheerder)

    def actions(**params):
        response = http.get(reverse("audit:log"), params)
        assert response.status_code == 200
        return [row.action_code for row in response.context["rows"]]

    assert actions(tot="2025-12-31") == ["auth.login", "client.updated", "client.viewed"]
    assert actions(actie="client.updated") == ["client.updated"]
    assert actions(gebruiker="TL") == ["client.updated"]
    assert actions(van="2025-02-10", tot="2025-12-31") == ["auth.login", "client.updated"]
    assert actions(tot="2025-02-10") == ["client.updated", "client.viewed"]
    assert actions(van="2025-02-01", tot="2025-02-28") == ["client.updated"]
    response = http.get(reverse("audit:log"), {"van": "2025-03-01", "tot": "2025-02-01"})
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    response = http.get(reverse("audit:log"), {"actie": "no.such.action"})
    assert response.context["form"].errors["actie"]


def test_the_log_is_paged_by_50_newest_first(world, login):
    for _ in range(55):
        record(actor=world.klantmanager, action="client.viewed", obj=world.client,
               client_public_id=world.client.public_id)
    http = login(world.beheerder)
    first = http.get(reverse("audit:log"))
    assert len(first.context["rows"]) == 50
    ids = [e.pk for e in first.context["page_obj"].object_list]
    assert ids == sorted(ids, reverse=True)
    assert first.context["rows"][0].action_code == "auth.login"  # the beheerder's own, newest
    assert len(http.get(reverse("audit:log"), {"page": 2}).context["rows"]) == 6
    assert len(http.get(reverse("audit:log"), {"page": 2, "actie": "client.viewed"}).context["rows"]) == 5


def _log_queries(http):
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(reverse("audit:log")).status_code == 200
    return len(ctx.captured_queries)


def test_the_log_takes_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    http = login(world.beheerder)

    def add_events(n):
        for i in range(n):
            c = ClientFactory(municipality=world.home, team=world.team)
            record(actor=world.klantmanager if i % 2 else world.teamleider, action="client.viewed", obj=c,
                   client_public_id=c.public_id, role="klantmanager")

    add_events(5)
    _log_queries(http)  # warm-up: the first request of a session stores its two-factor state
    few = _log_queries(http)
    add_events(40)
    assert _log_queries(http) == few
    with django_assert_max_num_queries(12):
        http.get(reverse("audit:log"))


# --- One client's trail -----------------------------------------------------------------------------

def test_the_trail_shows_who_read_and_changed_the_client(world, login):
    _read_as(login, world.klantmanager, world.client)
    _read_as(login, world.klantmanager, world.client)
    _read_as(login, world.teamleider, world.client)
    edit = reverse("clients:edit", args=[world.client.public_id])
    login(world.teamleider).post(edit, {
        "given_names": world.client.given_names, "family_name": "Gewijzigd", "birth_date": "1990-05-17",
        "regime": "none", "team": str(world.team.public_id), "klantmanager": world.klantmanager.username,
    })
    other = ClientFactory(municipality=world.home, team=world.team)
    _read_as(login, world.klantmanager, other)

    response = login(world.beheerder).get(_trail_url(world.client))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wie heeft deze cliënt bekeken of gewijzigd, en wanneer" in body
    summary = {row["actor_username"]: row for row in response.context["summary"]}
    # The edit form is a read too (GET not made here: only the POST).
    assert summary["km"]["reads"] == 2 and summary["km"]["changes"] == 0
    assert summary["tl"]["reads"] == 1 and summary["tl"]["changes"] == 1
    assert summary["km"]["first"] <= summary["km"]["last"]
    assert summary["beheer"]["reads"] == 0  # opening the trail is recorded, but is not a read of the dossier
    assert "Teamleider" in body and "Klantmanager" in body
    rows = response.context["rows"]
    assert rows[0].action_code == "audit.client_trail_viewed"
    assert {row.action_code for row in rows} == {"client.viewed", "client.updated", "audit.client_trail_viewed"}
    assert all(row.client_public_id == world.client.public_id for row in rows)
    trail_event = AuditEvent.objects.get(action="audit.client_trail_viewed")
    assert trail_event.actor == world.beheerder
    assert trail_event.actor_role == Role.FUNCTIONEEL_BEHEERDER
    assert trail_event.client_public_id == world.client.public_id


def test_the_trail_takes_a_fixed_number_of_queries(world, login):
    http = login(world.beheerder)

    def trail_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert http.get(_trail_url(world.client)).status_code == 200
        return len(ctx.captured_queries)

    trail_queries()  # warm-up: the first request of a session stores its two-factor state
    for _ in range(3):
        record(actor=world.klantmanager, action="client.viewed", obj=world.client,
               client_public_id=world.client.public_id)
    few = trail_queries()
    for user in (world.teamleider, world.colleague_other_team, world.klantmanager) * 10:
        record(actor=user, action="client.viewed", obj=world.client, client_public_id=world.client.public_id)
    assert trail_queries() == few


def test_an_unknown_client_trail_is_a_404(world, login):
    url = reverse("audit:client", args=["6f1c9c7e-0000-4000-8000-000000000000"])
    assert login(world.beheerder).get(url).status_code == 404


# --- Export ----------------------------------------------------------------------------------------------

def test_the_export_is_the_filtered_log_as_csv_and_is_recorded(world, login, md_beheerder):
    _read_as(login, world.klantmanager, world.client)
    _read_as(login, world.teamleider, world.client)
    _read_as(login, world.foreign_klantmanager, world.foreign_client)
    response = login(world.beheerder).get(reverse("audit:export"), {"actie": "client.viewed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][0] == "tijdstip"
    assert sorted(r[1] for r in rows[1:]) == ["km", "tl"]
    assert all(r[3] == "client.viewed" and r[4] == "Dossier bekeken" for r in rows[1:])
    content = "\n".join(",".join(r) for r in rows)
    assert world.client.family_name not in content
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.details == {"count": 2}
    assert event.municipality == world.home
    # The export does not contain its own event, and other municipalities export only their own.
    everything = _csv(login(world.beheerder).get(reverse("audit:export")))
    assert "audit.exported" in {r[3] for r in everything[1:]}  # the first export, not the second
    assert len([r for r in everything[1:] if r[3] == "audit.exported"]) == 1
    md_rows = _csv(login(md_beheerder).get(reverse("audit:export")))
    assert {r[1] for r in md_rows[1:]} == {world.foreign_klantmanager.username, md_beheerder.username}


def test_the_export_link_keeps_the_filters_but_not_the_page_or_client_search(world, login):
    body = login(world.beheerder).get(reverse("audit:log"),
                                      {"actie": "client.viewed", "page": "1", "clientnaam": "x"}).content.decode()
    assert 'href="/audit/export/?actie=client.viewed"' in body


def test_the_export_defuses_spreadsheet_formulas(world, login):
    evil = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="=cmd|calc")
    record(actor=evil, action="auth.login", municipality=world.home)
    rows = _csv(login(world.beheerder).get(reverse("audit:export"), {"actie": "auth.login", "gebruiker": "cmd"}))
    assert [r[1] for r in rows[1:]] == ["'=cmd|calc"]


# --- No BSN anywhere --------------------------------------------------------------------------------------

def test_no_bsn_in_audit_details_pages_or_export_after_a_full_round(world, login):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    km = login(world.klantmanager)
    km.post(reverse("clients:list"), {"bsn": BSN})
    km.post(reverse("clients:list"), {"bsn": "123456782"})
    km.get(reverse("clients:detail", args=[world.client.public_id]))
    km.post(reverse("clients:reveal_bsn", args=[world.client.public_id]))
    km.post(reverse("clients:create"), {
        "given_names": "Sara", "family_name": "Tesfaye", "birth_date": "1995-01-02", "regime": "none",
        "bsn": "249566758", "team": str(world.team.public_id), "klantmanager": "km",
    })
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"client.searched_bsn", "client.viewed", "client.bsn_revealed", "client.created"} <= actions
    for event in AuditEvent.objects.all():
        for number in (BSN, "123456782", "249566758"):
            assert number not in str(event.details)
            assert number not in event.request_id
    beheer = login(world.beheerder)
    pages = [
        beheer.get(reverse("audit:log")).content.decode(),
        beheer.get(_trail_url(world.client)).content.decode(),
        b"".join(beheer.get(reverse("audit:export")).streaming_content).decode(),
    ]
    for page in pages:
        for number in (BSN, "123456782", "249566758"):
            assert number not in page
    assert "BSN getoond" in pages[1] and "Gezocht op BSN" in pages[1]


def test_every_action_the_client_pages_record_has_a_dutch_label():
    for code in ["client.viewed", "client.created", "client.updated", "auth.login", "auth.login_failed",
                 "auth.logout", "client.list_viewed", "client.bsn_revealed", "client.searched_bsn",
                 "audit.client_trail_viewed", "audit.exported", "audit.client_lookup"]:
        assert code in ACTION_LABELS
