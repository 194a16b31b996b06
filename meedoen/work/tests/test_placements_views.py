"""Placement pages: who may use them (klantmanager and teamleider of the client's team; not the policy officer,
partner, a colleague of another team or another municipality), the outflow preview and message, the proposal
prefill, and the "Werk" panel on the client page with its fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meedoen.journey import services as journey
from meedoen.journey.models import BijstandEpisode
from meedoen.journey.panels import traject_context
from meedoen.work import panels
from meedoen.work.models import ContractType, Outflow, PlaceKind, Placement, ProposalStatus, WorkSettings
from meedoen.work.services import placements as services
from meedoen.work.tests.factories import (
    EmployerFactory,
    ProposalFactory,
    TrajectoryFactory,
    VacancyFactory,
    WorkProfileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    WorkSettings.objects.create(municipality=world.home, norm_single=Decimal("1401.00"),
                                norm_couple=Decimal("2001.00"))
    employer = EmployerFactory(municipality=world.home, name="Bakkerij De Korrel")
    journey.start_bijstand(actor=world.klantmanager, client=world.client, start=dt.date(2025, 3, 1))
    return employer


def create_url(client):
    return reverse("work:placement_create", args=[client.public_id])


def _post_data(employer, **extra):
    data = {"kind": PlaceKind.PAID_JOB, "employer": str(employer.public_id), "start": "2026-06-01",
            "hours_per_week": "24", "contract_type": ContractType.FIXED_TERM, "monthly_wage": "1100",
            "action": "save"}
    data.update(extra)
    return data


def test_klantmanager_records_a_paid_job_with_partial_outflow(world, setup, login):
    http = login(world.klantmanager)
    assert http.get(create_url(world.client)).status_code == 200
    response = http.post(create_url(world.client), _post_data(setup), follow=True)
    assert response.status_code == 200
    placement = Placement.objects.get()
    assert placement.outflow == Outflow.PARTIAL
    texts = [str(m) for m in response.context["messages"]]
    assert "Loon € 1.100 < norm € 1.401: gedeeltelijke uitstroom, aanvullende bijstand blijft." in texts
    html = response.content.decode()
    assert "Bakkerij De Korrel" in html and "aanvullende bijstand" in html


def test_the_preview_shows_the_outflow_and_saves_nothing(world, setup, login):
    http = login(world.klantmanager)
    response = http.post(create_url(world.client), _post_data(setup, monthly_wage="1500", action="preview"))
    assert response.status_code == 200
    assert "Loon € 1.500 ≥ norm € 1.401: volledige uitstroom, de bijstand eindigt" in response.content.decode()
    assert not Placement.objects.exists()


def test_full_outflow_message_and_bijstand_ended(world, setup, login):
    http = login(world.teamleider)
    response = http.post(create_url(world.client), _post_data(setup, monthly_wage="1500"), follow=True)
    assert response.status_code == 200
    assert BijstandEpisode.objects.get(client=world.client).end == dt.date(2026, 5, 31)
    assert any("De bijstand is beëindigd met reden werk" in str(m) for m in response.context["messages"])


def test_a_service_error_comes_back_on_the_form(world, setup, login):
    http = login(world.klantmanager)
    response = http.post(create_url(world.client), _post_data(setup, contract_type=""))
    assert response.status_code == 200
    assert "Kies het soort contract van de betaalde baan." in response.content.decode()
    assert not Placement.objects.exists()


def test_the_form_is_prefilled_from_a_proposal(world, setup, login):
    vacancy = VacancyFactory(employer=setup, kind=PlaceKind.WORK_EXPERIENCE, hours_per_week=16,
                             occupation="Bakker")
    proposal = ProposalFactory(vacancy=vacancy, client=world.client, status=ProposalStatus.HIRED)
    http = login(world.klantmanager)
    url = f"{create_url(world.client)}?voordracht={proposal.public_id}"
    response = http.get(url)
    form = response.context["form"]
    assert form.initial["kind"] == PlaceKind.WORK_EXPERIENCE and form.initial["hours_per_week"] == 16
    assert form.initial["occupation"] == "Bakker"
    response = http.post(url, {"kind": PlaceKind.WORK_EXPERIENCE, "start": "2026-06-01", "hours_per_week": "16",
                               "action": "save"})
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.proposal, placement.vacancy, placement.employer) == (proposal, vacancy, setup)
    other = ProposalFactory(vacancy=vacancy, client=world.foreign_client, municipality=world.home)
    assert http.get(f"{create_url(world.client)}?voordracht={other.public_id}").status_code == 404
    assert http.get(f"{create_url(world.client)}?voordracht=geen-uuid").status_code == 404


@pytest.mark.parametrize(("persona", "status"), [
    ("beleidsmedewerker", 403), ("partnermedewerker", 403), ("beheerder", 403),
    ("colleague_other_team", 404), ("foreign_klantmanager", 404),
])
def test_who_may_not_record_a_placement(world, setup, login, persona, status):
    http = login(getattr(world, persona))
    assert http.get(create_url(world.client)).status_code == status
    assert http.post(create_url(world.client), _post_data(setup)).status_code == status
    assert not Placement.objects.exists()


@pytest.fixture
def placement(world, setup):
    return services.record_placement(world.klantmanager, world.client, kind=PlaceKind.PAID_JOB, employer=setup,
                                     start=dt.date(2026, 6, 1), hours_per_week=24,
                                     contract_type=ContractType.FIXED_TERM, monthly_wage=Decimal("1100"))


def test_edit_and_end_a_placement(world, placement, login):
    http = login(world.klantmanager)
    edit = reverse("work:placement_edit", args=[placement.public_id])
    assert http.get(edit).status_code == 200
    response = http.post(edit, {"hours_per_week": "32", "contract_type": ContractType.FIXED_TERM,
                                "monthly_wage": "1600", "occupation": "Bakker"}, follow=True)
    assert response.status_code == 200
    placement.refresh_from_db()
    assert (placement.hours_per_week, placement.outflow) == (32, Outflow.FULL)
    end = reverse("work:placement_end", args=[placement.public_id])
    assert http.get(end).status_code == 200
    response = http.post(end, {"end": "2026-09-30", "end_reason": "dismissed"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.end == dt.date(2026, 9, 30)


@pytest.mark.parametrize(("persona", "status"), [
    ("beleidsmedewerker", 403), ("partnermedewerker", 403),
    ("colleague_other_team", 404), ("foreign_klantmanager", 404),
])
def test_who_may_not_change_a_placement(world, placement, login, persona, status):
    http = login(getattr(world, persona))
    for name in ("work:placement_edit", "work:placement_end"):
        url = reverse(name, args=[placement.public_id])
        assert http.get(url).status_code == status
        assert http.post(url, {"end": "2026-09-30", "end_reason": "dismissed", "hours_per_week": "1"}
                         ).status_code == status
    placement.refresh_from_db()
    assert placement.end is None and placement.hours_per_week == 24


# --- The panel -----------------------------------------------------------------------------------------------

def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _count(function, user, client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function(_request(user), client)
    return len(ctx.captured_queries)


def test_the_panel_shows_placements_bijstand_proposals_trajectories_and_profile(world, placement, login):
    ProposalFactory(vacancy=VacancyFactory(employer=placement.employer, title="Broodbakker"), client=world.client)
    TrajectoryFactory(contract__provider__municipality=world.home, client=world.client)
    WorkProfileFactory(client=world.client, desired_hours=24, driving_licence=True)
    http = login(world.klantmanager)
    html = http.get(reverse("clients:detail", args=[world.client.public_id])).content.decode()
    assert 'id="werk"' in html
    assert "als aanvullende bijstand: gedeeltelijke uitstroom door werk" in html
    assert "Broodbakker" in html and "Gewenst: 24 uur per week" in html
    assert reverse("work:placement_create", args=[world.client.public_id]) in html
    assert "Aanvullende bijstand: gedeeltelijke uitstroom door werk bij Bakkerij De Korrel" in html  # journey


def test_the_panel_and_the_journey_flag_a_return(world, placement, login):
    services.update_placement(world.klantmanager, placement, monthly_wage=Decimal("1500"))
    services.end_placement(world.klantmanager, placement, dt.date(2026, 9, 30), "dismissed")
    http = login(world.klantmanager)
    response = http.post(reverse("journey:bijstand_start", args=[world.client.public_id]),
                         {"start": "2026-10-01"}, follow=True)
    flag = "Terug in de bijstand 4 maanden na uitstroom naar werk (binnen 6 maanden)"
    assert any(str(m) == flag for m in response.context["messages"])
    html = response.content.decode()
    assert html.count(flag) >= 3  # message, journey's bijstand section, work panel


def test_the_panel_runs_a_fixed_number_of_queries(world, setup):
    small, big = world.client, None
    from meedoen.clients.tests.factories import ClientFactory

    big = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    journey.start_bijstand(actor=world.klantmanager, client=big, start=dt.date(2020, 1, 1))
    for i in range(5):
        services.record_placement(world.klantmanager, big, kind=PlaceKind.VOLUNTEER, employer=setup,
                                  start=dt.date(2021, 1 + i, 1), end=dt.date(2021, 1 + i, 20), hours_per_week=4)
        ProposalFactory(vacancy=VacancyFactory(employer=setup), client=big)
        TrajectoryFactory(contract__provider__municipality=world.home, client=big)
    WorkProfileFactory(client=big)
    expected = _count(panels.werk_context, world.klantmanager, small)
    assert expected <= 8  # placements, episodes, proposals, trajectories, profile, may-change
    assert _count(panels.werk_context, world.klantmanager, big) == expected
    assert _count(traject_context, world.klantmanager, small) == _count(traject_context, world.klantmanager, big)


def test_links_only_for_urls_that_exist_and_users_who_may_change(world, setup):
    context = panels.werk_context(_request(world.klantmanager), world.client)
    names = {link["name"] for link in context["links"]}
    assert "work:placement_create" in names
    assert names <= {name for name, _label in panels.LINKS}
