"""The monitoring dashboard: who may open it, aggregates only (no names), "<5" for a policy officer, and a fixed
number of queries whatever the number of clients."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import MunicipalityFactory, user_with_role
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import Milestone, MilestoneKind
from meedoen.monitoring import reference
from meedoen.monitoring.views import count_text
from meedoen.work.tests.factories import EmployerFactory, PlacementFactory

URL = reverse("monitoring:dashboard")
D = dt.date


def cohort(world, size, jobs, year=2024):
    """``size`` people linked in ``year``, the first ``jobs`` of them with a paid job half a year later."""
    employer = EmployerFactory(municipality=world.home)
    people = []
    for i in range(size):
        person = ClientFactory(municipality=world.home, team=world.team, given_names="Zainab",
                               family_name=f"Volkan{i}")
        Milestone.objects.create(client=person, municipality=world.home, kind=MilestoneKind.LINKED,
                                 date=D(year, 1 + i % 12, 1))
        if i < jobs:
            PlacementFactory(client=person, employer=employer, start=D(year + 1, 1 + i % 12, 1))
        people.append(person)
    return people


def test_url_names():
    assert URL == "/monitoring/"
    assert reverse("monitoring:indicators") == "/monitoring/indicatoren/"


@pytest.mark.parametrize("persona", ["teamleider", "beleidsmedewerker", "beheerder"])
def test_figure_roles_open_the_dashboard(world, login, persona):
    cohort(world, 12, 6)
    response = login(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uitkomsten per cohort in Zwolle" in page
    assert 'data-measure="first_job"' in page and 'data-measure="duty_fulfilled"' in page
    assert "<svg" in page
    assert str(reference.TIME_ORIGIN_NOTE) in page


@pytest.mark.parametrize("persona", ["klantmanager", "partnermedewerker", "foreign_klantmanager"])
def test_other_roles_are_refused(world, login, persona):
    assert login(getattr(world, persona)).get(URL).status_code == 403
    assert login(getattr(world, persona)).get(reverse("monitoring:indicators")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_foreign_municipality_is_404(world, login):
    page = login(world.beleidsmedewerker)
    assert page.get(URL, {"gemeente": str(world.other.public_id)}).status_code == 404
    assert page.get(reverse("monitoring:indicators"), {"gemeente": str(world.other.public_id)}).status_code == 404
    assert page.get(URL, {"gemeente": "nonsense"}).status_code == 404


def test_choice_between_own_municipalities(world, login):
    third = MunicipalityFactory(name="Kampen")
    user = user_with_role(Role.BELEIDSMEDEWERKER, world.home, username="bm-two")
    user.memberships.create(municipality=third, role=Role.BELEIDSMEDEWERKER)
    page = login(user)
    response = page.get(URL, {"gemeente": str(third.public_id)})
    assert response.status_code == 200
    assert "Uitkomsten per cohort in Kampen" in response.content.decode()
    assert str(world.home.public_id) in response.content.decode()  # the link to the other one


def test_no_client_names_or_links(world, login):
    people = cohort(world, 12, 6)
    page = login(world.teamleider).get(URL).content.decode()
    assert "Volkan" not in page and "Zainab" not in page
    for person in people:
        assert str(person.public_id) not in page
    assert not re.search(r"/clienten/[0-9a-f-]{36}", page)
    policy = login(world.beleidsmedewerker).get(URL, {"uitsplitsing": "team"}).content.decode()
    assert "Volkan" not in policy and not re.search(r"/clienten/[0-9a-f-]{36}", policy)


def test_small_counts_show_as_under_five_to_a_policy_officer(world, login):
    cohort(world, 12, 3)  # 12 people, 3 with a job: "3" is a small count
    query = {"maat": "first_job"}
    policy = login(world.beleidsmedewerker).get(URL, query).content.decode()
    row = policy.split('data-group="2024"')[1].split("</tr>")[0]
    assert 'data-cell="events">&lt;5<' in row
    assert 'data-cell="n">12<' in row
    assert "data-small-cells" in policy
    lead = login(world.teamleider).get(URL, query).content.decode()
    row = lead.split('data-group="2024"')[1].split("</tr>")[0]
    assert 'data-cell="events">3<' in row
    assert "data-small-cells" not in lead


def test_people_left_out_are_counted_per_measure(world, login):
    cohort(world, 12, 6)
    page = login(world.teamleider).get(URL).content.decode()
    assert "geteld vanaf de koppeling aan de gemeente." in page
    bijstand = page.split('data-measure="left_bijstand"')[1].split("</section>")[0]
    assert "Niet meegeteld omdat zij op of na de start geen bijstand hadden: 12." in bijstand
    duty = page.split('data-measure="duty_fulfilled"')[1].split("</section>")[0]
    assert "geen inburgeringsplicht hebben" in duty
    brp = login(world.teamleider).get(URL, {"start": "brp_registered"}).content.decode()
    assert "geteld vanaf de inschrijving in de BRP." in brp
    assert "Niemand in deze selectie." in brp


def test_small_group_shows_only_the_note(world, login):
    cohort(world, 12, 6, year=2024)
    cohort(world, 4, 2, year=2025)
    page = login(world.teamleider).get(URL, {"maat": "first_job"}).content.decode()
    row = page.split('data-group="2025"')[1].split("</tr>")[0]
    assert "data-suppressed" in row and "Te weinig personen" in row
    assert 'data-cell="n"' not in row


def test_reference_points_only_on_the_matching_measure(world, login):
    cohort(world, 12, 6)
    page = login(world.teamleider).get(URL).content.decode()
    job = page.split('data-measure="first_job"')[1].split("</section>")[0]
    assert 'data-references="first_job"' in job
    for point in reference.points_for_curve("first_job"):
        assert point.source.split()[0] in job
    bijstand = page.split('data-measure="left_bijstand"')[1].split("</section>")[0]
    assert "data-no-reference" in bijstand
    assert "data-references" not in bijstand


def test_filters_segment_and_quarter(world, login):
    cohort(world, 24, 10)
    page = login(world.teamleider).get(URL, {"maat": "first_job", "cohort": "quarter", "uitsplitsing": "team"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-group="2024 K1 · Re-integratie 27+"' in text
    assert 'data-measure="left_bijstand"' not in text


def test_invalid_filters_fall_back_to_defaults(world, login):
    cohort(world, 12, 6)
    response = login(world.teamleider).get(URL, {"maat": "nonsense", "vanaf": "2025", "tot": "2024",
                                                 "peildatum": "2999-01-01"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Het laatste cohortjaar ligt vóór het eerste." in text
    assert "Kies een peildatum vandaag of eerder." in text
    assert 'data-measure="first_job"' in text and 'data-measure="exam_passed"' in text


def test_fixed_number_of_queries(world, login):
    page = login(world.beleidsmedewerker)
    page.get(URL)  # warm up (session, caches)
    counts = []
    for size in (5, 45):  # 5 clients, then 50
        cohort(world, size, size // 2)
        with CaptureQueriesContext(connection) as queries:
            assert page.get(URL, {"uitsplitsing": "route"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_count_text():
    assert count_text(None, True) == "—"
    assert count_text(0, True) == "0"
    assert count_text(4, True) == "<5"
    assert count_text(4, False) == "4"
    assert count_text(1234, False) == "1.234"
