"""The issue's 'Done when', through HTTP: a klantmanager takes a newly linked client from the AZC through
handover, housing, bijstand start, intake and first PIP date, and sees the deadlines appear and move on the
client page after each step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import Milestone
from meedoen.journey.tests.test_views import keep_only_journey_panels, shown_deadlines, text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _only_journey_panels(monkeypatch):
    keep_only_journey_panels(monkeypatch)


def test_a_klantmanager_takes_a_client_from_the_azc_to_the_first_pip(world, login):
    client = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                           regime="wi2021", target_group="asielstatushouder")
    http = login(world.klantmanager)
    page_url = reverse("clients:detail", args=[client.public_id])

    def go(name, *args, **data):
        response = http.post(reverse(f"journey:{name}", args=[client.public_id, *args]), data)
        assert response.status_code == 302, text(response)[-3000:]
        assert response["Location"].startswith(page_url)

    def due():
        page = text(http.get(page_url))
        return {code: row["due"] for code, row in shown_deadlines(page).items()}, page

    def status(code):
        return shown_deadlines(text(http.get(page_url)))[code]["status"]

    # A newly linked client has no deadlines yet.
    deadlines, page = due()
    assert deadlines == {}
    assert "Nog geen termijnen." in page

    # 1. Linked to the municipality: the housing norms appear (10 weeks, +2 to move).
    go("milestone_record", "linked", date="2024-01-15")
    deadlines, page = due()
    assert deadlines == {"housing_offer": D(2024, 3, 25), "housing_move": D(2024, 4, 8)}
    assert "sinds koppeling 15-01-2024" in page

    # 2. Warm handover in the AZC: COA profile, checklist, milestone. No deadline changes.
    go("coa_profile", received_on="2024-01-16", household_size="2", education="secondary",
       work_experience_years="5", occupation="Kapper")
    go("handover", first_talk_on="2024-01-25", profile_received="on", contact_details_received="on",
       health_consent="given", health_consent_on="2024-01-25", pre_integration_followed="on")
    go("milestone_record", "handover", date="2024-01-25")
    assert due()[0] == {"housing_offer": D(2024, 3, 25), "housing_move": D(2024, 4, 8)}

    # 3. Housing offered and housed: both housing deadlines are met.
    go("milestone_record", "housing_offered", date="2024-03-20")
    assert status("housing_offer") == "met"
    go("milestone_record", "housed", date="2024-04-01", housing_corporation="deltaWonen",
       street="Assendorperstraat", house_number="7", postcode="8012 DA", city="Zwolle")
    assert status("housing_move") == "met"
    client.refresh_from_db()
    assert client.postcode == "8012 DA"

    # 4. Registered in the BRP: the PIP must be set within 10 weeks.
    go("milestone_record", "brp_registered", date="2024-04-02")
    deadlines, _page = due()
    assert deadlines["pip"] == D(2024, 6, 11)

    # 5. Bijstand starts: ontzorgen runs 6 months (an asielstatushouder under Wi2021).
    go("bijstand_start", start="2024-04-02")
    deadlines, _page = due()
    assert deadlines["ontzorgen"] == D(2024, 10, 1)

    # 6. Broad intake: started, completed. Progress conversation and ladder measurement appear.
    go("milestone_record", "intake_started", date="2024-04-20")
    go("milestone_record", "intake_completed", date="2024-05-10")
    deadlines, _page = due()
    assert deadlines["progress_conversation"] == D(2024, 8, 10)
    assert deadlines["ladder_measurement"] == D(2024, 11, 10)

    # 7. First PIP: the PIP deadline is met, the inburgering term and the route-switch window start,
    #    and the next progress conversation counts from the PIP.
    go("milestone_record", "pip_set", date="2024-06-01")
    deadlines, page = due()
    assert status("pip") == "met"
    assert deadlines["inburgering_term"] == D(2027, 6, 1)
    assert "Eerste dag 02-06-2024, laatste dag 01-06-2027" in page
    assert deadlines["route_switch"] == D(2025, 12, 1)
    assert deadlines["progress_conversation"] == D(2024, 9, 1)

    # 8. The PIP's date was wrong: correcting it moves the term.
    pip = Milestone.objects.get(client=client, kind="pip_set")
    go("milestone_correct", pip.public_id, date="2024-06-03")
    deadlines, page = due()
    assert deadlines["inburgering_term"] == D(2027, 6, 3)
    assert deadlines["route_switch"] == D(2025, 12, 3)

    # 9. A progress conversation moves the next one.
    go("contact_record", kind="progress", occurred_on="2024-10-01", interpreter="on", interpreter_language="ara",
       next_date="2024-12-15", next_time="10:00")
    deadlines, page = due()
    assert deadlines["progress_conversation"] == D(2025, 1, 1)

    # Everything that happened is on the timeline, newest first.
    timeline = page[page.index('id="tijdlijn"'):]
    assert timeline.index("Voortgangsgesprek") < timeline.index("PIP vastgesteld") < timeline.index(
        "Gekoppeld aan de gemeente")
    assert Milestone.objects.filter(client=client).count() == 8
