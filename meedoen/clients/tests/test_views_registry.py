"""The registry pages over HTTP: full create and edit, duplicate detection, identifiers, household,
number search, the client page with its panels, and what each persona may not do."""

import datetime as dt

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

import meedoen.urls
from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients import panels, services
from meedoen.clients.models import Client, ClientIdentifier, Household, IdentifierKind, Language
from meedoen.clients.tests.factories import ClientFactory, ClientIdentifierFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
V_NUMBER = "1234567890"
COA = "CO4711"
DENIED_DOSSIER = ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder",
                  "foreign_klantmanager"]


# A URL map with a stand-in for the caseload page, until the caseload app provides the real one.
def _assignment_stub(request, public_id):
    return HttpResponse("toewijzing")


_has_caseload = any(getattr(p, "namespace", None) == "caseload" for p in meedoen.urls.urlpatterns)
urlpatterns = [*meedoen.urls.urlpatterns] + ([] if _has_caseload else [
    path("toewijzing-test/", include(([path("<uuid:public_id>/", _assignment_stub, name="client_assignment")],
                                      "caseload"))),
])


@pytest.fixture
def no_panels(monkeypatch):
    """The client page without the panels of other apps (their queries are theirs to count)."""
    monkeypatch.setattr(panels, "_registry", {})


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _all_details():
    return " ".join(str(d) for d in AuditEvent.objects.values_list("details", flat=True))


def _counts():
    return (Client.objects.count(), ClientIdentifier.objects.count(), Household.objects.count(),
            AuditEvent.objects.filter(action__startswith="client.")
            .exclude(action__in=["client.duplicate_shown", "client.viewed"]).count())


def _create_data(world, **overrides):
    data = {
        "given_names": "Sara", "family_name": "Tesfaye", "birth_date": "1995-01-02", "regime": "wi2021",
        "target_group": "asielstatushouder", "country_of_origin": "ER", "languages": ["tir", "ara"],
        "phone": "06 12345678", "email": "sara@example.org", "street": "Stationsweg", "house_number": "12a",
        "postcode": "8011ab", "city": "Zwolle", "bsn": BSN, "v_number": V_NUMBER, "coa_number": COA,
        "team": str(world.team.public_id), "klantmanager": world.klantmanager.username,
    }
    data.update(overrides)
    return data


def _edit_data(client, **overrides):
    data = {
        "given_names": client.given_names, "family_name": client.family_name,
        "birth_date": client.birth_date.isoformat(), "regime": client.regime, "target_group": client.target_group,
        "country_of_origin": client.country_of_origin.code or "", "phone": client.phone, "email": client.email,
        "street": client.street, "house_number": client.house_number, "postcode": client.postcode,
        "city": client.city, "team": str(client.team.public_id),
        "klantmanager": client.klantmanager.username if client.klantmanager else "",
    }
    data.update(overrides)
    return data


def _detail(client):
    return reverse("clients:detail", args=[client.public_id])


# --- Create ------------------------------------------------------------------------------------------

def test_registering_with_every_registry_field(world, login):
    response = login(world.klantmanager).post(reverse("clients:create"), _create_data(world))
    client = Client.objects.get(family_name="Tesfaye")
    assert response.status_code == 302
    assert response["Location"] == _detail(client)
    assert (client.regime, client.target_group, client.country_of_origin.code) == ("wi2021", "asielstatushouder", "ER")
    assert sorted(client.languages.values_list("code", flat=True)) == ["ara", "tir"]
    assert (client.phone, client.email, client.street, client.house_number, client.postcode, client.city) == (
        "06 12345678", "sara@example.org", "Stationsweg", "12a", "8011 AB", "Zwolle")
    assert dict(client.identifiers.values_list("kind", "value")) == {
        "bsn": BSN, "v_number": V_NUMBER, "coa_number": COA}
    [event] = _events("client.created")
    assert event.details["identifiers"] == ["bsn", "coa_number", "v_number"]
    for secret in (BSN, V_NUMBER, COA):
        assert secret not in _all_details()


def test_the_create_form_lists_countries_and_languages_in_dutch(world, login):
    body = login(world.klantmanager).get(reverse("clients:create")).content.decode()
    assert '<option value="SY">Syrië</option>' in body
    assert '<option value="tir">Tigrinya</option>' in body
    assert "data-meedoen-regime" in body and "data-meedoen-target-group" in body
    assert "clients/registry.js" in body
    assert "<script>" not in body and "style=" not in body


def test_the_target_group_is_ignored_for_the_regime_none(world, login):
    data = _create_data(world, regime="none", target_group="gezinsvormer")
    assert login(world.klantmanager).post(reverse("clients:create"), data).status_code == 302
    assert Client.objects.get(family_name="Tesfaye").target_group == ""


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"bsn": "123456789"}, "bsn", "Dit is geen geldig BSN: de elfproef klopt niet."),
    ({"v_number": "12345678901"}, "v_number", "Een V-nummer bestaat uit hoogstens 10 cijfers."),
    ({"v_number": "V-12"}, "v_number", "Een V-nummer bestaat uit hoogstens 10 cijfers."),
    ({"coa_number": "12/34"}, "coa_number", "Een COA-nummer bestaat uit hoogstens 20 letters en cijfers."),
    ({"postcode": "801 AB"}, "postcode", "Een postcode is vier cijfers en twee hoofdletters, bijvoorbeeld 8011 AB."),
    ({"postcode": "8011"}, "postcode", "Een postcode is vier cijfers en twee hoofdletters, bijvoorbeeld 8011 AB."),
    ({"birth_date": "2999-01-01"}, "birth_date", "Een geboortedatum kan niet in de toekomst liggen."),
    ({"target_group": ""}, "target_group", "Kies de doelgroep van deze inburgeringsplichtige."),
    ({"regime": "wi2013", "target_group": ""}, "target_group", "Kies de doelgroep van deze inburgeringsplichtige."),
    ({"email": "sara@"}, "email", "Voer een geldig e-mailadres in."),
    ({"phone": "bel maar"}, "phone", "Geen geldig telefoonnummer."),
    ({"country_of_origin": "XX"}, "country_of_origin", "Selecteer een geldige keuze."),
    ({"languages": ["xyz"]}, "languages", "Selecteer een geldige keuze."),
])
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(world, login, overrides, field, message):
    before = _counts()
    response = login(world.klantmanager).post(reverse("clients:create"), _create_data(world, **overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert response.context["form"].errors[field]
    assert _counts() == before
    for secret in (BSN, V_NUMBER, COA):
        assert secret not in body


def test_numbers_that_were_fine_are_asked_again_not_shown(world, login):
    body = login(world.klantmanager).post(reverse("clients:create"), _create_data(
        world, postcode="nee", coa_number="")).content.decode()
    assert "Vul deze nummers opnieuw in: BSN, V-nummer." in body
    assert BSN not in body and V_NUMBER not in body


# --- Duplicate detection ---------------------------------------------------------------------------------

def test_the_same_bsn_shows_the_existing_client_with_a_link(world, login):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    before = _counts()
    data = _create_data(world, v_number="", coa_number="")
    response = login(world.klantmanager).post(reverse("clients:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Deze cliënt staat al ingeschreven" in body
    assert f'href="{_detail(world.client)}"' in body
    assert world.client.full_name in body
    assert "Er staat al een cliënt met dit BSN ingeschreven." in body
    assert BSN not in body
    assert "Toch nieuwe cliënt aanmaken" not in body
    assert _counts() == before
    [event] = _events("client.duplicate_shown")
    assert event.client_public_id == world.client.public_id
    assert event.details == {"match": "bsn", "openable": True}


def test_the_same_v_number_of_a_client_the_user_may_not_open_names_whom_to_ask(world, login):
    hidden = ClientFactory(municipality=world.home, team=world.other_team, klantmanager=world.colleague_other_team,
                           given_names="Geheime", family_name="Verborgenheid")
    ClientIdentifierFactory(client=hidden, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    before = _counts()
    response = login(world.klantmanager).post(reverse("clients:create"), _create_data(world, bsn="", coa_number=""))
    body = response.content.decode()
    assert "Deze cliënt staat al ingeschreven" in body
    assert "U heeft geen toegang tot dit dossier." in body
    assert f"Vraag het na bij {world.colleague_other_team} (team {world.other_team.name})." in body
    assert "Geheime" not in body
    assert "Verborgenheid" not in body
    assert str(hidden.public_id) not in body
    assert V_NUMBER not in body
    assert _counts() == before
    assert _events("client.duplicate_shown")[0].details == {"match": "v_number", "openable": False}


def test_a_number_in_another_municipality_is_no_duplicate(world, login):
    ClientIdentifierFactory(client=world.foreign_client, kind=IdentifierKind.BSN, value=BSN)
    assert login(world.klantmanager).post(reverse("clients:create"), _create_data(world)).status_code == 302


def test_a_similar_name_with_the_same_birth_date_asks_for_confirmation(world, login):
    existing = ClientFactory(municipality=world.home, team=world.team, given_names="Abdi",
                             family_name="Mohamed", birth_date=dt.date(1988, 7, 1))
    data = _create_data(world, given_names="Abdi", family_name="Mohammed", birth_date="1988-07-01",
                        bsn="", v_number="", coa_number="")
    http = login(world.klantmanager)
    before = _counts()
    response = http.post(reverse("clients:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Staat deze cliënt al ingeschreven?" in body
    assert f'href="{_detail(existing)}"' in body
    assert "Toch nieuwe cliënt aanmaken" in body
    assert _counts() == before
    response = http.post(reverse("clients:create"), {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Client.objects.filter(family_name="Mohammed").count() == 1


def test_a_likely_match_the_user_may_not_open_is_described_without_its_name(world, login):
    ClientFactory(municipality=world.home, team=world.other_team, given_names="Abdi", family_name="El-Amin",
                  birth_date=dt.date(1988, 7, 1))
    data = _create_data(world, given_names="Abdi", family_name="El Amin", birth_date="1988-07-01", bsn="",
                        v_number="", coa_number="")
    body = login(world.klantmanager).post(reverse("clients:create"), data).content.decode()
    assert "Een cliënt met een vergelijkbare naam en dezelfde geboortedatum." in body
    assert "El-Amin" not in body
    assert f"Vraag het na bij de teamleider van team {world.other_team.name}." in body


def test_a_likely_match_in_another_municipality_is_not_shown(world, login):
    ClientFactory(municipality=world.other, given_names="Sara", family_name="Tesfaye", birth_date=dt.date(1995, 1, 2))
    assert login(world.klantmanager).post(reverse("clients:create"), _create_data(world)).status_code == 302
    assert not _events("client.duplicate_shown")


# --- Client page -----------------------------------------------------------------------------------------

def _full_client(world, *, members=1, languages=1):
    client = world.client
    client.regime, client.target_group, client.country_of_origin = "wi2021", "asielstatushouder", "SY"
    client.phone, client.email = "038 1234567", "k@example.org"
    client.street, client.house_number, client.postcode, client.city = "Grote Markt", "1", "8011 LW", "Zwolle"
    client.save()
    client.languages.set(Language.objects.order_by("code")[:languages])
    ClientIdentifierFactory(client=client, kind=IdentifierKind.BSN, value=BSN)
    ClientIdentifierFactory(client=client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    ClientIdentifierFactory(client=client, kind=IdentifierKind.COA_NUMBER, value=COA)
    for i in range(members):
        team = world.team if i % 2 == 0 else world.other_team
        member = ClientFactory(municipality=world.home, team=team, given_names=f"Lid{i}")
        services.link_household(actor=world.klantmanager, client=client, member=member,
                                member_role="child" if i else "partner")
    client.refresh_from_db()
    return client


def test_the_client_page_shows_the_whole_registry_masked(world, login):
    client = _full_client(world, members=2, languages=2)
    response = login(world.klantmanager).get(_detail(client))
    body = response.content.decode()
    for text in ("Wet inburgering 2021", "Asielstatushouder", "Syrië", "038 1234567", "k@example.org",
                 "Grote Markt 1, 8011 LW Zwolle", "••••••333", "•••••••890", "•••711", "Lid0", "Partner",
                 "gezinslid (geen toegang)", "Kind", "Toon V-nummer", "Toon BSN", "Toon COA-nummer"):
        assert text in body, text
    assert "Lid1" not in body  # in the other team: not the klantmanager's to open
    for secret in (BSN, V_NUMBER, COA):
        assert secret not in body
    languages = list(Language.objects.order_by("code")[:2])
    assert all(language.name in body for language in languages)
    assert "Nummer toevoegen" not in body  # all three kinds are there


def test_the_client_page_of_a_bare_client(world, login):
    body = login(world.klantmanager).get(_detail(world.client)).content.decode()
    assert "Er zijn geen identificatienummers vastgelegd." in body
    assert "Deze cliënt is niet aan een huishouden gekoppeld." in body
    assert "Nummer toevoegen" in body
    assert "Gezinslid koppelen" in body


def _detail_queries(http, client):
    http.get(_detail(client))  # the first request of a session does extra work (session, last seen)
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(_detail(client))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_client_page_runs_a_fixed_number_of_queries(world, login, no_panels, django_assert_max_num_queries):
    http = login(world.klantmanager)
    bare = _detail_queries(http, world.client)
    client = _full_client(world, members=1, languages=1)
    small = _detail_queries(http, client)
    for _ in range(6):
        member = ClientFactory(municipality=world.home, team=world.team)
        services.link_household(actor=world.klantmanager, client=client, member=member)
    client.languages.set(Language.objects.all()[:8])
    assert _detail_queries(http, client) == small
    assert bare <= small
    with django_assert_max_num_queries(14):
        http.get(_detail(client))


def test_the_client_page_runs_a_fixed_number_of_queries_with_the_registered_panels(world, login):
    """Whatever panels other apps registered: a larger history does not add queries."""
    http = login(world.klantmanager)
    client = _full_client(world, members=1)
    small = _detail_queries(http, client)
    for _ in range(5):
        services.link_household(actor=world.klantmanager, client=client,
                                member=ClientFactory(municipality=world.home, team=world.team))
    assert _detail_queries(http, client) == small


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_the_client_page_is_a_404_for_everyone_else(world, login, persona):
    _full_client(world)
    response = login(getattr(world, persona)).get(_detail(world.client))
    assert response.status_code == 404
    assert not _events("client.viewed")


@pytest.mark.parametrize(("kind", "value", "action", "details"), [
    ("v_number", V_NUMBER, "client.identifier_revealed", {"kind": "v_number"}),
    ("coa_number", COA, "client.identifier_revealed", {"kind": "coa_number"}),
    ("bsn", BSN, "client.bsn_revealed", {}),
])
def test_revealing_a_number_is_an_audited_post(world, login, kind, value, action, details):
    client = _full_client(world)
    http = login(world.klantmanager)
    url = reverse("clients:reveal_identifier", args=[client.public_id])
    assert http.get(url).status_code == 405
    body = http.post(url, {"soort": kind}).content.decode()
    assert value in body
    assert [v for v in (BSN, V_NUMBER, COA) if v in body] == [value]
    [event] = _events(action)
    assert event.details == details
    assert value not in _all_details()


def test_revealing_an_unknown_kind_is_a_404(world, login):
    assert login(world.klantmanager).post(reverse("clients:reveal_identifier", args=[world.client.public_id]),
                                          {"soort": "paspoort"}).status_code == 404


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_revealing_a_number_is_a_404_for_everyone_else(world, login, persona):
    _full_client(world)
    response = login(getattr(world, persona)).post(
        reverse("clients:reveal_identifier", args=[world.client.public_id]), {"soort": "v_number"})
    assert response.status_code == 404
    assert V_NUMBER not in response.content.decode()
    assert not _events("client.identifier_revealed")


# --- Panels and the caseload link ----------------------------------------------------------------------------

def test_registered_panels_render_in_order_after_the_registry(world, login, no_panels, django_assert_num_queries):
    seen = []

    def first(request, client):
        seen.append((request.user, client))
        return {"message": "eerste paneel"}

    def hidden(request, client):
        return None

    def second(request, client):
        return {"message": f"tweede paneel {Client.objects.filter(pk=client.pk).count()}"}

    panels.register_panel("test.second", 20, "clients/tests/panel.html", second, stylesheets=["css/test-panel.css"])
    panels.register_panel("test.hidden", 15, "clients/tests/panel.html", hidden)
    panels.register_panel("test.first", 10, "clients/tests/panel.html", first)
    assert [p.key for p in panels.registered_panels()] == ["test.first", "test.hidden", "test.second"]
    body = login(world.klantmanager).get(_detail(world.client)).content.decode()
    assert seen == [(world.klantmanager, world.client)]
    assert body.index("huishouden-kop") < body.index("eerste paneel") < body.index("tweede paneel 1")
    assert 'data-panel="test.hidden"' not in body
    assert f"paneel van {world.client.full_name}" in body
    head = body[:body.index("</head>")]
    assert head.count('href="/static/css/test-panel.css"') == 1
    panels.unregister_panel("test.second")
    assert [p.key for p in panels.registered_panels()] == ["test.first", "test.hidden"]
    with pytest.raises(TypeError):
        panels.register_panel("test.bad", 1, "clients/tests/panel.html", "not callable")


@pytest.mark.urls(__name__)
def test_the_client_page_links_to_the_assignment_page_when_it_exists(world, login):
    body = login(world.klantmanager).get(_detail(world.client)).content.decode()
    url = reverse("caseload:client_assignment", kwargs={"public_id": world.client.public_id})
    assert f'href="{url}">Toewijzing en segment</a>' in body


# --- Edit ------------------------------------------------------------------------------------------------------

def test_editing_every_registry_field(world, login):
    client = world.client
    data = _edit_data(client, regime="wi2013", target_group="gezinshereniger", country_of_origin="AF",
                      languages=["prs", "pus"], phone="+31 6 1234 5678", email="n@example.org", street="Kerkstraat",
                      house_number="3", postcode="7701ab", city="Dedemsvaart")
    response = login(world.klantmanager).post(reverse("clients:edit", args=[client.public_id]), data)
    assert response.status_code == 302
    client.refresh_from_db()
    assert (client.regime, client.target_group, client.country_of_origin.code, client.postcode) == (
        "wi2013", "gezinshereniger", "AF", "7701 AB")
    assert sorted(client.languages.values_list("code", flat=True)) == ["prs", "pus"]
    [event] = _events("client.updated")
    assert event.details == {"fields": ["city", "country_of_origin", "email", "house_number", "languages", "phone",
                                        "postcode", "regime", "street", "target_group"]}
    assert "Kerkstraat" not in _all_details()


def test_the_edit_form_shows_the_current_values(world, login):
    client = _full_client(world, languages=2)
    form = login(world.klantmanager).get(reverse("clients:edit", args=[client.public_id])).context["form"]
    assert form.initial["country_of_origin"] == "SY"
    assert sorted(form.initial["languages"]) == sorted(client.languages.values_list("code", flat=True))
    assert "household_role" in form.fields  # the client is in a household
    bare = ClientFactory(municipality=world.home, team=world.team)
    form = login(world.klantmanager).get(reverse("clients:edit", args=[bare.public_id])).context["form"]
    assert "household_role" not in form.fields


def test_the_household_role_is_edited_with_the_registry(world, login):
    client = _full_client(world)
    languages = list(client.languages.values_list("code", flat=True))
    data = _edit_data(client, household_role="referent", languages=languages)
    login(world.klantmanager).post(reverse("clients:edit", args=[client.public_id]), data)
    client.refresh_from_db()
    assert client.household_role == "referent"
    assert _events("client.updated")[-1].details == {"fields": ["household_role"]}


@pytest.mark.parametrize(("overrides", "message"), [
    ({"postcode": "80110AB"}, "Een postcode is vier cijfers en twee hoofdletters, bijvoorbeeld 8011 AB."),
    ({"regime": "wi2021", "target_group": ""}, "Kies de doelgroep van deze inburgeringsplichtige."),
    ({"birth_date": "2999-01-01"}, "Een geboortedatum kan niet in de toekomst liggen."),
])
def test_a_bad_edit_changes_nothing(world, login, overrides, message):
    data = _edit_data(world.client, family_name="Anders", **overrides)
    response = login(world.klantmanager).post(reverse("clients:edit", args=[world.client.public_id]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.client.refresh_from_db()
    assert world.client.family_name != "Anders"
    assert not _events("client.updated")


# --- Identifiers ---------------------------------------------------------------------------------------------

def test_adding_a_number(world, login):
    http = login(world.klantmanager)
    url = reverse("clients:identifier_add", args=[world.client.public_id])
    response = http.get(url)
    assert response.status_code == 200
    assert _events("client.viewed")[-1].details == {"page": "edit"}
    response = http.post(url, {"kind": "v_number", "value": "12 345", "verified_on": "2024-02-01"})
    assert response.status_code == 302
    identifier = world.client.identifiers.get()
    assert (identifier.kind, identifier.value, identifier.verified_on) == ("v_number", "12345", dt.date(2024, 2, 1))
    assert _events("client.identifier_added")[0].details == {"kind": "v_number"}
    # The kinds already present are no longer offered.
    assert [c[0] for c in http.get(url).context["form"].fields["kind"].choices] == ["bsn", "coa_number"]


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "bsn", "value": "123456789"}, "Dit is geen geldig BSN: de elfproef klopt niet."),
    ({"kind": "v_number", "value": "12345678901"}, "Een V-nummer bestaat uit hoogstens 10 cijfers."),
    ({"kind": "bsn", "value": BSN, "verified_on": "2999-01-01"},
     "Een verificatiedatum kan niet in de toekomst liggen."),
    ({"kind": "bsn", "value": ""}, "Dit veld is verplicht."),
])
def test_a_bad_number_is_refused_and_not_echoed(world, login, data, message):
    response = login(world.klantmanager).post(reverse("clients:identifier_add", args=[world.client.public_id]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert not (data["value"] and data["value"] in body)
    assert not ClientIdentifier.objects.exists()
    assert not _events("client.identifier_added")


def test_a_number_of_another_client_in_the_municipality_is_refused(world, login):
    ClientIdentifierFactory(client=ClientFactory(municipality=world.home), kind=IdentifierKind.BSN, value=BSN)
    response = login(world.klantmanager).post(reverse("clients:identifier_add", args=[world.client.public_id]),
                                              {"kind": "bsn", "value": BSN})
    body = response.content.decode()
    assert "Er staat al een cliënt met dit BSN ingeschreven." in body
    assert BSN not in body
    assert not world.client.identifiers.exists()


def test_a_client_with_every_kind_of_number_gets_no_add_form(world, login):
    client = _full_client(world, members=0)
    response = login(world.klantmanager).get(reverse("clients:identifier_add", args=[client.public_id]))
    assert response.status_code == 302


def test_changing_and_removing_a_number(world, login):
    identifier = ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    http = login(world.klantmanager)
    change = reverse("clients:identifier_change", args=[world.client.public_id, identifier.public_id])
    body = http.get(change).content.decode()
    assert "•••••••890" in body and V_NUMBER not in body
    assert http.post(change, {"value": "", "verified_on": "2024-03-01"}).status_code == 302
    assert http.post(change, {"value": "99", "verified_on": "2024-03-01"}).status_code == 302
    identifier.refresh_from_db()
    assert (identifier.value, identifier.verified_on) == ("99", dt.date(2024, 3, 1))
    assert [e.details for e in _events("client.identifier_changed")] == [
        {"kind": "v_number", "fields": ["verified_on"]}, {"kind": "v_number", "fields": ["value"]}]
    bad = http.post(change, {"value": "abc"})
    assert "Een V-nummer bestaat uit hoogstens 10 cijfers." in bad.content.decode()
    remove = reverse("clients:identifier_remove", args=[world.client.public_id, identifier.public_id])
    assert "Weet u zeker dat u het V-nummer" in http.get(remove).content.decode()
    assert http.post(remove).status_code == 302
    assert not ClientIdentifier.objects.exists()
    assert _events("client.identifier_removed")[0].details == {"kind": "v_number"}


def test_a_number_of_another_client_cannot_be_reached_through_this_client(world, login):
    other = ClientFactory(municipality=world.home, team=world.team)
    identifier = ClientIdentifierFactory(client=other, kind=IdentifierKind.BSN, value=BSN)
    http = login(world.klantmanager)
    for name in ("identifier_change", "identifier_remove"):
        url = reverse(f"clients:{name}", args=[world.client.public_id, identifier.public_id])
        assert http.get(url).status_code == 404
        assert http.post(url, {"value": "249566758"}).status_code == 404
    identifier.refresh_from_db()
    assert identifier.value == BSN


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_the_number_pages_are_a_404_for_everyone_else(world, login, persona):
    identifier = ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    http = login(getattr(world, persona))
    pid, iid = world.client.public_id, identifier.public_id
    urls = [reverse("clients:identifier_add", args=[pid]), reverse("clients:identifier_change", args=[pid, iid]),
            reverse("clients:identifier_remove", args=[pid, iid])]
    for url in urls:
        assert http.get(url).status_code == 404
        assert http.post(url, {"kind": "v_number", "value": "1"}).status_code == 404
    assert list(ClientIdentifier.objects.values_list("kind", "value")) == [("bsn", BSN)]
    assert not AuditEvent.objects.filter(action__startswith="client.identifier").exists()
    assert not _events("client.viewed")


# --- Household ---------------------------------------------------------------------------------------------

def test_linking_a_household_member_from_the_client_page(world, login):
    partner = ClientFactory(municipality=world.home, team=world.team, given_names="Hanna", family_name="Berhe",
                            birth_date=dt.date(1992, 4, 4))
    ClientFactory(municipality=world.home, team=world.other_team, given_names="Hanna", family_name="Anderteam")
    ClientFactory(municipality=world.other, given_names="Hanna", family_name="Buitengemeente")
    http = login(world.klantmanager)
    url = reverse("clients:household", args=[world.client.public_id])
    body = http.get(url, {"q": "hanna"}).content.decode()
    assert "Berhe" in body
    assert "Anderteam" not in body and "Buitengemeente" not in body
    response = http.post(f"{url}?q=hanna", {"member": str(partner.public_id), "client_role": "referent",
                                           "member_role": "partner"})
    assert response.status_code == 302
    world.client.refresh_from_db()
    partner.refresh_from_db()
    assert world.client.household == partner.household is not None
    assert world.client.full_name in http.get(_detail(partner)).content.decode()
    assert partner.full_name in http.get(_detail(world.client)).content.decode()
    assert len(_events("client.household_linked")) == 2


def test_linking_without_choosing_says_so(world, login):
    ClientFactory(municipality=world.home, team=world.team, given_names="Hanna")
    url = reverse("clients:household", args=[world.client.public_id])
    body = login(world.klantmanager).post(f"{url}?q=hanna", {"member": ""}).content.decode()
    assert "Kies een gezinslid." in body
    assert not Household.objects.exists()


def test_linking_a_client_the_user_may_not_change_is_a_404(world, login):
    url = reverse("clients:household", args=[world.client.public_id])
    http = login(world.klantmanager)
    for other in (ClientFactory(municipality=world.home, team=world.other_team), world.foreign_client):
        assert http.post(url, {"member": str(other.public_id)}).status_code == 404
    assert not Household.objects.exists()


def test_linking_two_households_shows_the_message(world, login):
    a, b, c = (ClientFactory(municipality=world.home, team=world.team) for _ in range(3))
    services.link_household(actor=world.klantmanager, client=world.client, member=a)
    services.link_household(actor=world.klantmanager, client=b, member=c)
    response = login(world.klantmanager).post(reverse("clients:household", args=[world.client.public_id]),
                                              {"member": str(b.public_id)})
    assert "Deze cliënten horen al bij verschillende huishoudens." in response.content.decode()


def test_leaving_the_household(world, login):
    partner = ClientFactory(municipality=world.home, team=world.team)
    services.link_household(actor=world.klantmanager, client=world.client, member=partner)
    http = login(world.klantmanager)
    url = reverse("clients:household_unlink", args=[world.client.public_id])
    assert http.get(url).status_code == 405
    assert http.post(url).status_code == 302
    assert not Household.objects.exists()
    response = http.post(url, follow=True)
    assert "Deze cliënt hoort niet bij een huishouden." in response.content.decode()


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_the_household_pages_are_a_404_for_everyone_else(world, login, persona):
    partner = ClientFactory(municipality=world.home, team=world.team)
    services.link_household(actor=world.klantmanager, client=world.client, member=partner)
    http = login(getattr(world, persona))
    before = AuditEvent.objects.count()
    assert http.get(reverse("clients:household", args=[world.client.public_id])).status_code == 404
    assert http.post(reverse("clients:household", args=[world.client.public_id]),
                     {"member": str(partner.public_id)}).status_code == 404
    assert http.post(reverse("clients:household_unlink", args=[world.client.public_id])).status_code == 404
    world.client.refresh_from_db()
    assert world.client.household_id is not None
    assert AuditEvent.objects.count() == before


# --- List: number search and filters ----------------------------------------------------------------------------

def test_v_number_search_goes_straight_to_the_client(world, login):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    response = login(world.klantmanager).post(reverse("clients:list"), {"soort": "v_number", "nummer": V_NUMBER})
    assert response.status_code == 302
    assert response["Location"] == _detail(world.client)
    [event] = _events("client.searched_v_number")
    assert event.details == {"found": True}


@pytest.mark.parametrize("persona", ["colleague_other_team", "foreign_klantmanager", "teamleider"])
def test_v_number_search_without_a_visible_match(world, login, persona):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    number = V_NUMBER if persona != "teamleider" else "555"
    response = login(getattr(world, persona)).post(reverse("clients:list"), {"soort": "v_number", "nummer": number})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Er is geen cliënt gevonden met dit V-nummer" in body
    assert number not in body
    assert _events("client.searched_v_number")[0].details == {"found": False}


def test_a_bad_v_number_search_gets_a_message(world, login):
    response = login(world.klantmanager).post(reverse("clients:list"), {"soort": "v_number", "nummer": "V12"})
    assert "Een V-nummer bestaat uit hoogstens 10 cijfers." in response.content.decode()
    assert not _events("client.searched_v_number")


def test_the_list_filters(world, login):
    ClientFactory(municipality=world.home, team=world.team, family_name="Inburgeraar", regime="wi2021",
                  target_group="gezinsvormer")
    ClientFactory(municipality=world.home, team=world.team, family_name="Zonderkm")
    http = login(world.teamleider)

    def names(params):
        return [c.family_name for c in http.get(reverse("clients:list"), params).context["page_obj"]]

    assert names({"regime": "wi2021"}) == ["Inburgeraar"]
    assert names({"doelgroep": "gezinsvormer"}) == ["Inburgeraar"]
    assert "Zonderkm" in names({"zonder_klantmanager": "on"})
    assert world.client.family_name not in names({"zonder_klantmanager": "on"})


def test_no_number_ever_appears_in_a_url_or_page_of_a_full_round(world, login):
    client = _full_client(world, members=1)
    http = login(world.klantmanager)
    pages = [http.get(reverse("clients:list")), http.post(reverse("clients:list"), {"soort": "v_number",
                                                                                    "nummer": V_NUMBER}),
             http.get(_detail(client)), http.get(reverse("clients:edit", args=[client.public_id])),
             http.get(reverse("clients:household", args=[client.public_id]), {"q": "Lid"})]
    for response in pages:
        text = response.content.decode() + response.get("Location", "")
        for secret in (BSN, V_NUMBER, COA):
            assert secret not in text
    for secret in (BSN, V_NUMBER, COA):
        assert secret not in _all_details()


def test_a_teamleider_registers_with_a_klantmanager_of_the_team(world, login):
    km2 = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-2")
    data = _create_data(world, klantmanager=km2.username)
    assert login(world.teamleider).post(reverse("clients:create"), data).status_code == 302
    assert Client.objects.get(family_name="Tesfaye").klantmanager == km2


# --- Admin: the language reference table ------------------------------------------------------------------

def test_the_beheerder_maintains_languages_in_the_admin(world, login):
    http = login(world.beheerder)
    assert http.get(reverse("admin:clients_language_changelist")).status_code == 200
    response = http.post(reverse("admin:clients_language_add"), {"code": "lin", "name": "Lingala"})
    assert response.status_code == 302
    language = Language.objects.get(code="lin")
    assert http.post(reverse("admin:clients_language_delete", args=[language.pk]), {"post": "yes"}).status_code == 403
    assert Language.objects.filter(code="lin").exists()
    assert http.get(reverse("admin:clients_client_changelist")).status_code == 403


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider", "beleidsmedewerker"])
def test_other_roles_have_no_language_admin(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("admin:clients_language_changelist"), follow=True)
    assert response.status_code == 403
