"""The journey forms over HTTP: happy paths, audit rows, order exceptions, future dates, denied cases."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Language, Regime, TargetGroup
from meedoen.journey import services
from meedoen.journey.models import (
    BijstandEpisode,
    ClientDeadline,
    CoaProfile,
    Contact,
    Handover,
    LadderMeasurement,
    Milestone,
    TermExtension,
)

pytestmark = pytest.mark.django_db
D = dt.date

DENIED = ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder", "foreign_klantmanager"]
FUTURE = "Een datum in de toekomst kan niet"


# --- Helpers (also used by the other test_views_* modules) ---------------------------------------------------

def keep_only_journey_panels(monkeypatch) -> None:
    """Let the client page show only the journey's panels, so these tests (and their query counts) do not
    depend on the panels other apps register."""
    from meedoen.clients import panels as client_panels
    from meedoen.journey.panels import PANELS

    keys = {key for key, *_rest in PANELS}
    monkeypatch.setattr(client_panels, "_registry",
                        {k: v for k, v in client_panels._registry.items() if k in keys})


def make_statushouder(world):
    c = world.client
    c.regime, c.target_group = Regime.WI2021, TargetGroup.ASIELSTATUSHOUDER
    c.save()
    return c


@pytest.fixture(autouse=True)
def _only_journey_panels(monkeypatch):
    keep_only_journey_panels(monkeypatch)


@pytest.fixture
def statushouder(world):
    return make_statushouder(world)


@pytest.fixture
def km(world, login):
    return login(world.klantmanager)


def url(name, client, *args):
    return reverse(f"journey:{name}", args=[client.public_id, *args])


def detail_url(client):
    return reverse("clients:detail", args=[client.public_id])


class _DeadlineRows(HTMLParser):
    """Collects the rows of the Termijnen panel: {code: (due date, status, status label)}."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, dict] = {}
        self._code = None
        self._in_status = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-deadline" in attrs:
            self._code = attrs["data-deadline"]
            self.rows[self._code] = {"status": attrs["data-status"], "label": ""}
        elif self._code and tag == "time" and "meedoen-due" in attrs.get("class", ""):
            self.rows[self._code]["due"] = D.fromisoformat(attrs["datetime"])
        elif self._code and tag == "span" and "meedoen-status" in attrs.get("class", ""):
            self._in_status = True
            self.rows[self._code]["style"] = attrs["class"].split("meedoen-status--")[1]

    def handle_data(self, data):
        if self._in_status:
            self.rows[self._code]["label"] += data.strip()

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_status = False
        if tag == "tr":
            self._code = None


def shown_deadlines(html: str) -> dict[str, dict]:
    parser = _DeadlineRows()
    parser.feed(html)
    return parser.rows


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def actions(client):
    return list(AuditEvent.objects.filter(client_public_id=client.public_id).order_by("id")
                .values_list("action", flat=True))


def record(client, kind, date, actor):
    return services.record_milestone(actor=actor, client=client, kind=kind, date=date, exception_reason="test")


# --- Milestones --------------------------------------------------------------------------------------------

def test_recording_a_milestone_saves_audits_and_returns_to_the_panel(world, statushouder, km):
    response = km.post(url("milestone_record", statushouder, "linked"), {"date": "2024-01-15"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(statushouder) + "#traject"
    m = Milestone.objects.get(client=statushouder)
    assert (m.kind, m.date, m.recorded_by) == ("linked", D(2024, 1, 15), world.klantmanager)
    event = AuditEvent.objects.get(action="journey.milestone_recorded")
    assert event.details == {"kind": "linked", "date": "2024-01-15", "version": 1, "order_exception": False}
    page = text(km.get(response["Location"]))
    assert "Mijlpaal ‘Gekoppeld aan de gemeente’ is vastgelegd." in page
    assert shown_deadlines(page)["housing_offer"]["due"] == D(2024, 3, 25)


def test_the_form_shows_the_kind_and_an_unknown_kind_is_404(statushouder, km):
    response = km.get(url("milestone_record", statushouder, "pip_set"))
    assert response.status_code == 200
    assert "PIP vastgesteld vastleggen" in text(response)
    assert "Dagtekening van het PIP" in text(response)
    assert km.get(url("milestone_record", statushouder, "nonsense")).status_code == 404
    assert km.post(url("milestone_record", statushouder, "nonsense"), {"date": "2024-01-01"}).status_code == 404


def test_housed_records_the_corporation_and_puts_the_address_on_the_client(world, statushouder, km):
    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    response = km.post(url("milestone_record", statushouder, "housed"), {
        "date": "2024-04-01", "housing_corporation": "deltaWonen", "street": "Thorbeckegracht",
        "house_number": "12a", "postcode": "8011vm", "city": "Zwolle",
    })
    assert response.status_code == 302
    m = Milestone.objects.get(kind="housed")
    assert m.details == {"housing_corporation": "deltaWonen"}
    statushouder.refresh_from_db()
    assert (statushouder.street, statushouder.house_number, statushouder.postcode, statushouder.city) == (
        "Thorbeckegracht", "12a", "8011 VM", "Zwolle")
    updated = AuditEvent.objects.get(action="client.updated")
    assert updated.details == {"fields": ["city", "house_number", "postcode", "street"]}
    for event in AuditEvent.objects.all():
        assert "Thorbecke" not in str(event.details) and "deltaWonen" not in str(event.details)


def test_a_bad_postcode_leaves_nothing_saved(world, statushouder, km):
    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    response = km.post(url("milestone_record", statushouder, "housed"),
                       {"date": "2024-04-01", "street": "Thorbeckegracht", "postcode": "80111"})
    assert response.status_code == 200
    assert "Een postcode is vier cijfers en twee hoofdletters" in text(response)
    assert not Milestone.objects.filter(kind="housed").exists()
    statushouder.refresh_from_db()
    assert statushouder.street == ""


def test_an_out_of_order_milestone_needs_a_reason_and_a_confirmation(world, statushouder, km):
    record(statushouder, "linked", D(2024, 3, 1), world.klantmanager)
    target = url("milestone_record", statushouder, "housed")
    data = {"date": "2024-02-01", "housing_corporation": "deltaWonen", "street": "Luttekestraat", "house_number": "3",
            "postcode": "8011 LM", "city": "Zwolle"}

    # 1. Refused: the problem is listed, the exception fields appear, nothing is saved.
    response = km.post(target, data)
    page = text(response)
    assert response.status_code == 200
    assert "Gehuisvest (01-02-2024) ligt vóór gekoppeld aan de gemeente (01-03-2024)." in page
    assert "Reden voor de afwijkende volgorde" in page
    assert "Ik bevestig deze uitzondering" in page
    assert 'class="utrecht-alert utrecht-alert--warning" role="alert"' in page
    assert not Milestone.objects.filter(kind="housed").exists()
    statushouder.refresh_from_db()
    assert statushouder.street == ""  # the address went back with the refused milestone
    assert not AuditEvent.objects.filter(action="client.updated").exists()

    # 2. A reason without the confirmation (and the reverse) is not enough.
    response = km.post(target, {**data, "exception_reason": "Via gezinshereniging al gehuisvest"})
    assert "Vink aan dat u deze uitzondering bevestigt." in text(response)
    response = km.post(target, {**data, "confirm_exception": "on"})
    assert "Vul de reden voor de afwijkende volgorde in." in text(response)
    assert not Milestone.objects.filter(kind="housed").exists()

    # 3. Both: saved as a documented exception.
    response = km.post(target, {**data, "exception_reason": "Via gezinshereniging al gehuisvest",
                                "confirm_exception": "on"})
    assert response.status_code == 302
    m = Milestone.objects.get(kind="housed")
    assert m.exception_reason == "Via gezinshereniging al gehuisvest"
    statushouder.refresh_from_db()
    assert statushouder.street == "Luttekestraat"
    event = AuditEvent.objects.get(action="journey.milestone_recorded", details__kind="housed")
    assert event.details["order_exception"] is True
    assert "gezinshereniging" not in str(event.details)
    page = text(km.get(detail_url(statushouder)))
    assert "Afwijkende volgorde:" in page and "Via gezinshereniging al gehuisvest" in page


def test_a_pip_before_the_intake_started_is_refused_with_the_reason(statushouder, km):
    response = km.post(url("milestone_record", statushouder, "pip_set"), {"date": "2024-03-01"})
    assert "PIP vastgesteld is vastgelegd zonder brede intake gestart." in text(response)
    assert not Milestone.objects.exists()


def test_future_dates_are_refused_with_a_clear_message(statushouder, km):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = km.post(url("milestone_record", statushouder, "linked"), {"date": tomorrow.isoformat()})
    assert response.status_code == 200
    assert FUTURE in text(response)
    assert not Milestone.objects.exists()
    response = km.post(url("bijstand_start", statushouder), {"start": tomorrow.isoformat()})
    assert FUTURE in text(response)
    response = km.post(url("contact_record", statushouder), {"kind": "intake", "occurred_on": tomorrow.isoformat()})
    assert FUTURE in text(response)
    response = km.post(url("ladder_record", statushouder), {"measured_on": tomorrow.isoformat(), "rung": "2"})
    assert FUTURE in text(response)
    assert not AuditEvent.objects.filter(action__startswith="journey.").exists()


def test_empty_and_malformed_input_gets_dutch_messages(statushouder, km):
    response = km.post(url("milestone_record", statushouder, "linked"), {"date": ""})
    assert "Dit veld is verplicht." in text(response)
    response = km.post(url("milestone_record", statushouder, "linked"), {"date": "15-15-2024"})
    assert "Vul een geldige datum in" in text(response)
    response = km.post(url("milestone_record", statushouder, "linked"), {"date": "1985-01-01"})
    assert "vóór 1990" in text(response)


def test_a_second_milestone_of_a_kind_is_refused_but_a_new_pip_version_is_not(world, statushouder, km):
    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    response = km.post(url("milestone_record", statushouder, "linked"), {"date": "2024-01-16"})
    assert "Gekoppeld aan de gemeente is al vastgelegd" in text(response)
    response = km.get(url("milestone_record", statushouder, "linked"))
    linked = Milestone.objects.get(kind="linked")
    assert response["Location"] == url("milestone_correct", statushouder, linked.public_id)
    assert "is al vastgelegd. Klopt de datum niet, corrigeer hem dan hier." in text(km.get(response["Location"]))
    record(statushouder, "intake_started", D(2024, 4, 1), world.klantmanager)
    record(statushouder, "pip_set", D(2024, 5, 1), world.klantmanager)
    assert "Nieuwe versie van het PIP vastleggen" in text(km.get(url("milestone_record", statushouder, "pip_set")))
    response = km.post(url("milestone_record", statushouder, "pip_set"), {"date": "2024-06-01"})
    assert response.status_code == 302
    assert Milestone.objects.get(kind="pip_set", version=2).date == D(2024, 6, 1)


def test_correcting_a_date_moves_the_deadlines_on_the_client_page(world, statushouder, km):
    linked = record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    assert shown_deadlines(text(km.get(detail_url(statushouder))))["housing_offer"]["due"] == D(2024, 3, 25)
    form = km.get(url("milestone_correct", statushouder, linked.public_id))
    assert 'value="2024-01-15"' in text(form)
    response = km.post(url("milestone_correct", statushouder, linked.public_id), {"date": "2024-02-01"})
    assert response.status_code == 302
    page = text(km.get(response["Location"]))
    assert "De datum van ‘Gekoppeld aan de gemeente’ is aangepast." in page
    rows = shown_deadlines(page)
    assert rows["housing_offer"]["due"] == D(2024, 4, 11)
    assert rows["housing_move"]["due"] == D(2024, 4, 25)
    assert "sinds koppeling 01-02-2024" in page
    event = AuditEvent.objects.get(action="journey.milestone_corrected")
    assert event.details == {"kind": "linked", "old_date": "2024-01-15", "date": "2024-02-01"}


def test_a_correction_out_of_order_goes_through_the_exception_flow(world, statushouder, km):
    intake = record(statushouder, "intake_started", D(2024, 3, 5), world.klantmanager)
    record(statushouder, "pip_set", D(2024, 4, 1), world.klantmanager)
    target = url("milestone_correct", statushouder, intake.public_id)
    response = km.post(target, {"date": "2024-04-10"})
    assert "Brede intake gestart (10-04-2024) ligt na pip vastgesteld (01-04-2024)." in text(response)
    assert Milestone.objects.get(pk=intake.pk).date == D(2024, 3, 5)
    response = km.post(target, {"date": "2024-04-10", "exception_reason": "Intake opnieuw gestart",
                                "confirm_exception": "on"})
    assert response.status_code == 302
    assert Milestone.objects.get(pk=intake.pk).exception_reason == "Intake opnieuw gestart"


def test_removing_a_milestone_asks_first_and_recomputes(world, statushouder, km):
    linked = record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    target = url("milestone_remove", statushouder, linked.public_id)
    page = text(km.get(target))
    assert "Weet u zeker dat u ‘Gekoppeld aan de gemeente’ van 15-01-2024" in page
    assert Milestone.objects.filter(pk=linked.pk).exists()
    response = km.post(target)
    assert response.status_code == 302
    assert not Milestone.objects.exists()
    assert not ClientDeadline.objects.filter(client=statushouder).exists()
    assert AuditEvent.objects.get(action="journey.milestone_removed").details == {
        "kind": "linked", "date": "2024-01-15", "version": 1}
    assert "Mijlpaal ‘Gekoppeld aan de gemeente’ is verwijderd." in text(km.get(response["Location"]))


def test_only_the_latest_pip_version_can_be_removed(world, statushouder, km):
    record(statushouder, "intake_started", D(2024, 4, 1), world.klantmanager)
    first = record(statushouder, "pip_set", D(2024, 5, 1), world.klantmanager)
    record(statushouder, "pip_set", D(2024, 6, 1), world.klantmanager)
    response = km.post(url("milestone_remove", statushouder, first.public_id))
    assert response.status_code == 200
    assert "Alleen de laatste versie kan worden verwijderd." in text(response)
    assert Milestone.objects.filter(kind="pip_set").count() == 2


def test_a_milestone_of_another_client_is_404_under_this_client(world, statushouder, km):
    from meedoen.clients.tests.factories import ClientFactory

    other = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    foreign_milestone = record(other, "linked", D(2024, 1, 1), world.klantmanager)
    assert km.get(url("milestone_correct", statushouder, foreign_milestone.public_id)).status_code == 404
    assert km.post(url("milestone_remove", statushouder, foreign_milestone.public_id)).status_code == 404
    assert Milestone.objects.filter(pk=foreign_milestone.pk).exists()


# --- COA profile (special-category field) and handover -------------------------------------------------------

COA = {"received_on": "2024-01-20", "household_size": "3", "education": "secondary", "education_years": "10",
       "work_experience_years": "4", "occupation": "Lasser", "visible_limitations": "Loopt met kruk"}


def test_the_own_klantmanager_saves_the_coa_profile_with_the_health_field(world, statushouder, km):
    assert "Zichtbare lichamelijke beperkingen" in text(km.get(url("coa_profile", statushouder)))
    response = km.post(url("coa_profile", statushouder), COA)
    assert response.status_code == 302
    profile = CoaProfile.objects.get(client=statushouder)
    assert (profile.household_size, profile.occupation, profile.visible_limitations) == (3, "Lasser",
                                                                                          "Loopt met kruk")
    event = AuditEvent.objects.get(action="journey.coa_profile_saved")
    assert event.details == {"created": True, "fields": sorted(k for k in COA)}
    assert "kruk" not in str(event.details) and "Lasser" not in str(event.details)
    # Reading the health field is recorded (field name only).
    page = text(km.get(url("coa_profile", statushouder)))
    assert "Loopt met kruk" in page
    read = AuditEvent.objects.get(action="journey.special_category_viewed")
    assert read.details == {"fields": ["visible_limitations"]}
    assert read.client_public_id == statushouder.public_id


def test_a_same_team_colleague_does_not_see_or_change_the_health_field(world, statushouder, login):
    services.save_coa_profile(actor=world.klantmanager, client=statushouder, received_on=D(2024, 1, 20),
                              visible_limitations="Loopt met kruk")
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    http = login(colleague)
    page = text(http.get(url("coa_profile", statushouder)))
    assert "Zichtbare lichamelijke beperkingen" not in page and "kruk" not in page
    assert not AuditEvent.objects.filter(action="journey.special_category_viewed").exists()
    response = http.post(url("coa_profile", statushouder), {**COA, "visible_limitations": "overschreven"})
    assert response.status_code == 302
    profile = CoaProfile.objects.get(client=statushouder)
    assert profile.visible_limitations == "Loopt met kruk"
    assert profile.occupation == "Lasser"
    assert "kruk" not in text(http.get(detail_url(statushouder)))


def test_the_team_lead_may_see_the_health_field(world, statushouder, login):
    services.save_coa_profile(actor=world.klantmanager, client=statushouder, received_on=D(2024, 1, 20),
                              visible_limitations="Loopt met kruk")
    page = text(login(world.teamleider).get(url("coa_profile", statushouder)))
    assert "Loopt met kruk" in page
    assert AuditEvent.objects.filter(action="journey.special_category_viewed", actor=world.teamleider).exists()


def test_the_coa_profile_refuses_bad_numbers(statushouder, km):
    response = km.post(url("coa_profile", statushouder), {**COA, "household_size": "0"})
    assert response.status_code == 200
    assert not CoaProfile.objects.exists()


def test_the_handover_checklist_is_saved_and_counted(world, statushouder, km):
    response = km.post(url("handover", statushouder), {
        "first_talk_on": "2024-01-22", "profile_received": "on", "contact_details_received": "on",
        "health_consent": "given", "health_consent_on": "2024-01-22"})
    assert response.status_code == 302
    h = Handover.objects.get(client=statushouder)
    assert h.items_done == 4
    event = AuditEvent.objects.get(action="journey.handover_saved")
    assert event.details == {"created": True, "items_done": 4, "fields": [
        "contact_details_received", "first_talk_on", "health_consent", "health_consent_on",
        "pre_integration_followed", "profile_received"]}
    km.post(url("handover", statushouder), {
        "first_talk_on": "2024-01-22", "profile_received": "on", "contact_details_received": "on",
        "health_consent": "given", "health_consent_on": "2024-01-22", "pre_integration_followed": "on"})
    update = AuditEvent.objects.filter(action="journey.handover_saved").order_by("id").last()
    assert update.details == {"created": False, "items_done": 5, "fields": ["pre_integration_followed"]}
    assert "5 van 5 punten gedaan." in text(km.get(detail_url(statushouder)))


def test_consent_without_its_date_is_refused(statushouder, km):
    response = km.post(url("handover", statushouder), {"health_consent": "given"})
    assert response.status_code == 200
    assert "Vul in wanneer de cliënt toestemming gaf of weigerde." in text(response)
    assert not Handover.objects.exists()


# --- Bijstand, extension, contact, ladder --------------------------------------------------------------------

def test_bijstand_start_and_end(world, statushouder, km):
    response = km.post(url("bijstand_start", statushouder), {"start": "2024-04-02"})
    assert response.status_code == 302
    episode = BijstandEpisode.objects.get(client=statushouder)
    assert AuditEvent.objects.get(action="journey.bijstand_started").details == {"start": "2024-04-02"}
    page = text(km.get(detail_url(statushouder)))
    assert "Bijstand sinds 02-04-2024." in page
    assert shown_deadlines(page)["ontzorgen"]["due"] == D(2024, 10, 1)
    # Overlap refused.
    response = km.post(url("bijstand_start", statushouder), {"start": "2024-05-01"})
    assert "overlapt met de bijstandsperiode vanaf 02-04-2024" in text(response)
    # End: a reason is required, the end may not precede the start.
    end_url = url("bijstand_end", statushouder, episode.public_id)
    assert "Dit veld is verplicht." in text(km.post(end_url, {"end": "2024-06-30"}))
    assert "Het einde ligt vóór het begin." in text(km.post(end_url, {"end": "2024-03-01", "end_reason": "work"}))
    response = km.post(end_url, {"end": "2024-06-30", "end_reason": "work"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.end, episode.end_reason) == (D(2024, 6, 30), "work")
    assert AuditEvent.objects.get(action="journey.bijstand_ended").details == {"end": "2024-06-30",
                                                                                "reason": "work"}
    rows = shown_deadlines(text(km.get(detail_url(statushouder))))
    assert rows["ontzorgen"]["status"] == "closed"


def test_an_extension_before_the_first_pip_is_refused_and_after_it_moves_the_term(world, statushouder, km):
    data = {"weeks": "13", "ground": "medical", "decided_on": "2025-01-01"}
    response = km.post(url("term_extension", statushouder), data)
    assert "De inburgeringstermijn begint pas na het eerste PIP" in text(response)
    record(statushouder, "intake_started", D(2024, 3, 1), world.klantmanager)
    record(statushouder, "pip_set", D(2024, 3, 15), world.klantmanager)
    page = text(km.get(detail_url(statushouder)))
    assert shown_deadlines(page)["inburgering_term"]["due"] == D(2027, 3, 15)
    assert "Eerste dag 16-03-2024, laatste dag 15-03-2027" in page
    assert "Inburgeringstermijn verlengen" in page
    assert "Verleng met minstens 1 week." in text(km.post(url("term_extension", statushouder), {**data, "weeks": "0"}))
    response = km.post(url("term_extension", statushouder), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#termijnen")
    assert TermExtension.objects.get().weeks == 13
    assert AuditEvent.objects.get(action="journey.term_extended").details == {"weeks": 13, "ground": "medical"}
    page = text(km.get(detail_url(statushouder)))
    assert shown_deadlines(page)["inburgering_term"]["due"] == D(2027, 3, 15) + dt.timedelta(weeks=13)
    assert "Verlengd met 13 weken (medische redenen, besloten op 01-01-2025)" in page


def test_a_contact_with_interpreter_and_next_appointment(world, statushouder, km):
    today = timezone.localdate()
    next_day = today + dt.timedelta(days=7)
    response = km.post(url("contact_record", statushouder), {
        "kind": "intake", "occurred_on": today.isoformat(), "interpreter": "on", "interpreter_language": "tir",
        "summary": "Kennismaking; vervolg afgesproken.", "next_date": next_day.isoformat(), "next_time": "10:30"})
    assert response.status_code == 302
    assert response["Location"].endswith("#gesprekken")
    contact = Contact.objects.get(client=statushouder)
    assert contact.interpreter_language == Language.objects.get(code="tir")
    assert timezone.localtime(contact.next_appointment).strftime("%Y-%m-%d %H:%M") == f"{next_day:%Y-%m-%d} 10:30"
    assert AuditEvent.objects.get(action="journey.contact_recorded").details == {
        "kind": "intake", "interpreter": True, "next_appointment": True}
    page = text(km.get(detail_url(statushouder)))
    assert "Volgende afspraak:" in page and f"{next_day:%Y-%m-%d}T10:30:00" in page
    assert "met tolk (Tigrinya)" in page


@pytest.mark.parametrize(("data", "message"), [
    ({"interpreter": "on"}, "Kies de taal van de tolk."),
    ({"interpreter_language": "ara"}, "Kies alleen een taal als er een tolk was."),
    ({"next_date": "2024-05-01"}, "Vul ook de tijd van de volgende afspraak in."),
    ({"next_time": "10:00"}, "Vul ook de datum van de volgende afspraak in."),
    ({"next_date": "2024-01-01", "next_time": "10:00"}, "De volgende afspraak ligt vóór dit gesprek."),
    ({"kind": ""}, "Dit veld is verplicht."),
])
def test_contact_form_errors(statushouder, km, data, message):
    response = km.post(url("contact_record", statushouder), {"kind": "progress", "occurred_on": "2024-03-01", **data})
    assert response.status_code == 200
    assert message in text(response)
    assert not Contact.objects.exists()


def test_a_ladder_measurement(world, statushouder, km):
    response = km.post(url("ladder_record", statushouder), {"measured_on": "2024-05-01", "rung": "3"})
    assert response.status_code == 302
    assert LadderMeasurement.objects.get().rung == 3
    assert AuditEvent.objects.get(action="journey.ladder_measured").details == {"rung": 3}
    assert "Trede 3 Deelname georganiseerde activiteiten (gemeten op 01-05-2024)." in text(
        km.get(detail_url(statushouder)))
    assert "Selecteer een geldige keuze" in text(km.post(url("ladder_record", statushouder),
                                                         {"measured_on": "2024-05-01", "rung": "9"}))


def test_the_full_timeline_page(world, statushouder, km):
    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    services.record_contact(actor=world.klantmanager, client=statushouder, kind="phone", occurred_on=D(2024, 2, 1))
    response = km.get(url("timeline", statushouder))
    page = text(response)
    assert response.status_code == 200
    assert page.index("Telefonisch contact") < page.index("Gekoppeld aan de gemeente")
    assert AuditEvent.objects.filter(action="client.viewed", client_public_id=statushouder.public_id).exists()


# --- Denied cases ---------------------------------------------------------------------------------------------

def _client_urls(world, statushouder):
    m = record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    episode = services.start_bijstand(actor=world.klantmanager, client=statushouder, start=D(2024, 2, 1))
    return [
        url("milestone_record", statushouder, "permit"),
        url("milestone_correct", statushouder, m.public_id),
        url("milestone_remove", statushouder, m.public_id),
        url("coa_profile", statushouder),
        url("handover", statushouder),
        url("bijstand_start", statushouder),
        url("bijstand_end", statushouder, episode.public_id),
        url("term_extension", statushouder),
        url("contact_record", statushouder),
        url("ladder_record", statushouder),
        url("timeline", statushouder),
    ]


@pytest.mark.parametrize("persona", DENIED)
def test_every_client_url_is_404_for_those_who_may_not_change_the_client(world, statushouder, login, persona):
    urls = _client_urls(world, statushouder)
    http = login(getattr(world, persona))
    before = (Milestone.objects.count(), BijstandEpisode.objects.count(), AuditEvent.objects.count())
    for target in urls:
        assert http.get(target).status_code == 404, target
        if not target.endswith("/tijdlijn/"):
            assert http.post(target, {"date": "2024-01-20", "start": "2024-03-01"}).status_code == 404, target
    assert (Milestone.objects.count(), BijstandEpisode.objects.count(), AuditEvent.objects.count()) == before


def test_the_foreign_klantmanager_cannot_reach_a_client_of_another_municipality(world, login):
    http = login(world.klantmanager)
    assert http.get(url("milestone_record", world.foreign_client, "linked")).status_code == 404
    assert http.post(url("milestone_record", world.foreign_client, "linked"), {"date": "2024-01-01"}).status_code == 404
    assert not Milestone.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(world, statushouder, client, settings):
    for target in _client_urls(world, statushouder):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")


def test_the_team_lead_may_record(world, statushouder, login):
    response = login(world.teamleider).post(url("milestone_record", statushouder, "linked"), {"date": "2024-01-15"})
    assert response.status_code == 302
    assert Milestone.objects.get().recorded_by == world.teamleider
