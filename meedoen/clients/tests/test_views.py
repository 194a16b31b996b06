"""The client pages over HTTP, per persona: what each may see and do, and what the audit trail records."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import connection
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import UserFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Client, ClientIdentifier, IdentifierKind
from meedoen.clients.tests.factories import ClientFactory, ClientIdentifierFactory, make_bsn

pytestmark = pytest.mark.django_db

BSN = "111222333"
DENIED_DOSSIER = ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder",
                  "foreign_klantmanager"]
NOT_TEAM_ROLES = ["beleidsmedewerker", "partnermedewerker", "beheerder"]


@pytest.fixture
def with_bsn(world):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    return world


def _urls(world):
    pid = world.client.public_id
    return {
        "list": reverse("clients:list"),
        "create": reverse("clients:create"),
        "detail": reverse("clients:detail", args=[pid]),
        "edit": reverse("clients:edit", args=[pid]),
    }


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _create_data(world, **overrides):
    data = {
        "given_names": "Sara", "family_name": "Tesfaye", "birth_date": "1995-01-02", "regime": "none",
        "bsn": "", "team": str(world.team.public_id), "klantmanager": world.klantmanager.username,
    }
    data.update(overrides)
    return data


def _edit_data(client, **overrides):
    data = {
        "given_names": client.given_names, "family_name": client.family_name,
        "birth_date": client.birth_date.isoformat(), "regime": client.regime,
        "team": str(client.team.public_id), "klantmanager": client.klantmanager.username,
    }
    data.update(overrides)
    return data


# --- Anonymous --------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["list", "create", "detail", "edit"])
def test_it_sends_anonymous_visitors_to_the_login_page(world, client, settings, page):
    url = _urls(world)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")
    assert not AuditEvent.objects.exists()


def test_it_sends_an_anonymous_bsn_reveal_to_the_login_page(world, client, settings):
    response = client.post(reverse("clients:reveal_bsn", args=[world.client.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- List ---------------------------------------------------------------------------------------

def test_the_list_shows_own_clients_and_records_one_event(world, login):
    ClientFactory(municipality=world.home, team=world.other_team, family_name="Andersteam")
    response = login(world.klantmanager).get(reverse("clients:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.client.family_name in body
    assert "Andersteam" not in body
    assert world.foreign_client.family_name not in body
    [event] = _events("client.list_viewed")
    assert event.actor == world.klantmanager
    assert event.municipality == world.home
    assert event.actor_role == Role.KLANTMANAGER
    assert event.details == {"count": 1, "page": 1, "filtered": False}
    assert world.client.family_name not in str(event.details)


@pytest.mark.parametrize("persona", ["colleague_other_team", "foreign_klantmanager"])
def test_the_list_of_another_team_or_municipality_leaves_the_client_out(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("clients:list"))
    assert response.status_code == 200
    assert str(world.client.public_id) not in response.content.decode()


def test_a_partner_gets_an_empty_list_until_referrals_exist(world, login):
    response = login(world.partnermedewerker).get(reverse("clients:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0


@pytest.mark.parametrize("persona", ["beleidsmedewerker", "beheerder"])
def test_roles_without_dossiers_get_403_on_the_list(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("clients:list")).status_code == 403
    assert not _events("client.list_viewed")


def test_a_user_without_any_membership_gets_403(world, login):
    assert login(UserFactory()).get(reverse("clients:list")).status_code == 403


def test_the_teamleider_sees_the_whole_team(world, login):
    ClientFactory(municipality=world.home, team=world.team, klantmanager=None, family_name="Zonderkm")
    response = login(world.teamleider).get(reverse("clients:list"))
    body = response.content.decode()
    assert "Zonderkm" in body and world.client.family_name in body


def test_search_by_name_birth_date_and_mine(world, login):
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    ClientFactory(municipality=world.home, team=world.team, klantmanager=colleague,
                  given_names="Yonas", family_name="Berhane", birth_date=dt.date(2001, 3, 4))
    ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                  given_names="Yonas", family_name="Kidane", birth_date=dt.date(1999, 3, 4))
    http = login(world.klantmanager)
    url = reverse("clients:list")

    def names(params):
        return [c.family_name for c in http.get(url, params).context["page_obj"]]

    assert names({"q": "yonas"}) == ["Berhane", "Kidane"]
    assert names({"q": "Yonas berh"}) == ["Berhane"]
    assert names({"geboortedatum": "1999-03-04"}) == ["Kidane"]
    assert names({"q": "yonas", "mijn": "on"}) == ["Kidane"]
    assert "Berhane" not in names({"mijn": "on"})
    response = http.get(url, {"geboortedatum": "gisteren"})
    assert response.status_code == 200
    assert "Voer een geldige datum in." in response.content.decode()
    assert _events("client.list_viewed")[-1].details["filtered"] is True


def test_the_mine_filter_is_offered_to_klantmanagers_only(world, login):
    assert "mijn" in login(world.klantmanager).get(reverse("clients:list")).context["search_form"].fields
    assert "mijn" not in login(world.teamleider).get(reverse("clients:list")).context["search_form"].fields


def test_the_list_is_sorted_by_family_name_and_paged_by_25(world, login):
    for i in range(30):
        ClientFactory(municipality=world.home, team=world.team, family_name=f"Naam{i:02d}")
    http = login(world.klantmanager)
    first = http.get(reverse("clients:list"))
    names = [c.family_name for c in first.context["page_obj"]]
    assert len(names) == 25 and names == sorted(names)
    second = http.get(reverse("clients:list"), {"page": 2})
    assert len(second.context["page_obj"]) == 6
    assert _events("client.list_viewed")[-1].details == {"count": 6, "page": 2, "filtered": False}
    # Paging keeps the search; a page beyond the end shows the last page.
    assert 'href="?q=Naam&amp;page=2"' in http.get(reverse("clients:list"), {"q": "Naam"}).content.decode()
    assert http.get(reverse("clients:list"), {"page": 99}).context["page_obj"].number == 2


def _list_queries(http):
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(reverse("clients:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_takes_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    http = login(world.klantmanager)
    others = [user_with_role(Role.KLANTMANAGER, world.home, team=world.team) for _ in range(3)]
    for i in range(4):
        ClientFactory(municipality=world.home, team=world.team, klantmanager=others[i % 3])
    _list_queries(http)  # warm-up: the first request of a session stores its two-factor state
    few = _list_queries(http)
    for i in range(35):
        ClientFactory(municipality=world.home, team=world.team, klantmanager=others[i % 3])
    assert _list_queries(http) == few
    with django_assert_max_num_queries(12):
        http.get(reverse("clients:list"))


# --- BSN search ----------------------------------------------------------------------------------

def test_bsn_search_goes_straight_to_the_client_and_is_audited_without_the_number(with_bsn, login):
    world = with_bsn
    response = login(world.klantmanager).post(reverse("clients:list"), {"soort": "bsn", "nummer": "1112.22.333"})
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[world.client.public_id])
    assert BSN not in response["Location"]
    [event] = _events("client.searched_bsn")
    assert event.details == {"found": True}
    assert event.client_public_id == world.client.public_id
    assert BSN not in str(event.details)


def test_bsn_search_without_a_match_says_so_and_does_not_echo_the_number(with_bsn, login):
    world = with_bsn
    response = login(world.klantmanager).post(reverse("clients:list"), {"soort": "bsn", "nummer": "123456782"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Er is geen cliënt gevonden met dit BSN" in body
    assert "123456782" not in body
    [event] = _events("client.searched_bsn")
    assert event.details == {"found": False}
    assert event.client_public_id is None
    assert event.municipality == world.home


@pytest.mark.parametrize("persona", ["colleague_other_team", "foreign_klantmanager"])
def test_bsn_search_does_not_find_clients_the_user_may_not_open(with_bsn, login, persona):
    response = login(getattr(with_bsn, persona)).post(reverse("clients:list"), {"soort": "bsn", "nummer": BSN})
    assert response.status_code == 200
    assert BSN not in response.content.decode()
    assert _events("client.searched_bsn")[0].details == {"found": False}


@pytest.mark.parametrize("bad", ["123456789", "12345", "abcdefghi"])
def test_a_bad_bsn_gets_a_clear_message_and_no_search(world, login, bad):
    response = login(world.klantmanager).post(reverse("clients:list"), {"soort": "bsn", "nummer": bad})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit is geen geldig BSN" in body or "Een BSN bestaat uit 9 cijfers" in body
    assert f'value="{bad}"' not in body
    assert not _events("client.searched_bsn")


def test_bsn_search_by_get_is_not_possible(world, login):
    response = login(world.klantmanager).get(reverse("clients:list"), {"bsn": BSN})
    assert response.status_code == 200
    assert not _events("client.searched_bsn")


# --- Detail ---------------------------------------------------------------------------------------

def test_the_detail_page_shows_the_client_and_records_the_read(with_bsn, login):
    world = with_bsn
    response = login(world.klantmanager).get(_urls(world)["detail"])
    assert response.status_code == 200
    body = response.content.decode()
    assert world.client.full_name in body
    assert world.team.name in body
    assert "Zwolle" in body
    assert "••••••333" in body
    assert BSN not in body
    assert "Toon BSN" in body
    assert reverse("clients:edit", args=[world.client.public_id]) in body
    [event] = _events("client.viewed")
    assert event.actor == world.klantmanager
    assert event.client_public_id == world.client.public_id
    assert event.details == {}


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_the_detail_page_is_a_404_for_everyone_else(with_bsn, login, persona):
    world = with_bsn
    response = login(getattr(world, persona)).get(_urls(world)["detail"])
    assert response.status_code == 404
    assert BSN not in response.content.decode()
    assert not _events("client.viewed")


def test_an_unknown_client_is_a_404(world, login):
    url = reverse("clients:detail", args=["6f1c9c7e-0000-4000-8000-000000000000"])
    assert login(world.klantmanager).get(url).status_code == 404


def test_revealing_the_bsn_is_an_explicit_audited_post(with_bsn, login):
    world = with_bsn
    http = login(world.teamleider)
    url = reverse("clients:reveal_bsn", args=[world.client.public_id])
    assert http.get(url).status_code == 405
    response = http.post(url)
    assert response.status_code == 200
    assert BSN in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    [event] = _events("client.bsn_revealed")
    assert event.actor == world.teamleider
    assert event.actor_role == Role.TEAMLEIDER
    assert event.client_public_id == world.client.public_id
    assert BSN not in str(event.details)


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_revealing_the_bsn_is_a_404_for_everyone_else(with_bsn, login, persona):
    response = login(getattr(with_bsn, persona)).post(
        reverse("clients:reveal_bsn", args=[with_bsn.client.public_id]))
    assert response.status_code == 404
    assert BSN not in response.content.decode()
    assert not _events("client.bsn_revealed")


def test_no_reveal_button_without_a_bsn(world, login):
    body = login(world.klantmanager).get(_urls(world)["detail"]).content.decode()
    assert "Toon BSN" not in body
    assert "Er zijn geen identificatienummers vastgelegd." in body


# --- Create -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", NOT_TEAM_ROLES)
def test_only_klantmanagers_and_teamleiders_may_register(world, login, persona):
    http = login(getattr(world, persona))
    assert http.get(reverse("clients:create")).status_code == 403
    assert http.post(reverse("clients:create"), _create_data(world)).status_code == 403
    assert Client.objects.count() == 2


def test_the_form_offers_own_municipality_teams_and_klantmanagers_with_defaults(world, login):
    response = login(world.klantmanager).get(reverse("clients:create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["team"].queryset) == {world.team, world.other_team}
    assert form.initial["team"] == world.team.public_id
    assert form.initial["klantmanager"] == world.klantmanager.username
    body = response.content.decode()
    assert world.colleague_other_team.username in body
    assert world.foreign_klantmanager.username not in body
    assert "Team Sociaal Domein" not in body


def test_registering_a_client(world, login):
    response = login(world.klantmanager).post(reverse("clients:create"), _create_data(world, bsn="111222333"))
    client = Client.objects.get(family_name="Tesfaye")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[client.public_id])
    assert client.municipality == world.home
    assert client.team == world.team
    assert client.klantmanager == world.klantmanager
    assert client.regime == "none"
    assert client.identifiers.get().value == BSN
    [event] = _events("client.created")
    assert event.client_public_id == client.public_id
    assert BSN not in str(event.details)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bsn": "123456789"}, "Dit is geen geldig BSN: de elfproef klopt niet."),
        ({"bsn": "1234"}, "Een BSN bestaat uit 9 cijfers"),
        ({"birth_date": "2999-01-01"}, "Een geboortedatum kan niet in de toekomst liggen."),
        ({"birth_date": "1899-12-31"}, "Een geboortedatum ligt niet voor 1900."),
        ({"given_names": "  "}, "Dit veld is verplicht."),
        ({"regime": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_input_gets_a_message_and_creates_nothing(world, login, overrides, message):
    response = login(world.klantmanager).post(reverse("clients:create"), _create_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Client.objects.filter(family_name="Tesfaye").exists()
    assert not _events("client.created")


def test_a_duplicate_bsn_gets_a_message_and_creates_nothing(with_bsn, login):
    world = with_bsn
    response = login(world.teamleider).post(reverse("clients:create"), _create_data(world, bsn=BSN))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Er staat al een cliënt met dit BSN ingeschreven." in body
    assert BSN not in body
    assert "Vul het BSN opnieuw in" not in body
    assert not Client.objects.filter(family_name="Tesfaye").exists()
    assert ClientIdentifier.objects.count() == 1


def test_the_same_bsn_in_another_municipality_is_allowed(with_bsn, login):
    world = with_bsn
    data = _create_data(world, bsn=BSN, team="", klantmanager="")
    data["team"] = str(world.foreign_client.team.public_id)
    response = login(world.foreign_klantmanager).post(reverse("clients:create"), data)
    assert response.status_code == 302
    assert Client.objects.get(family_name="Tesfaye").municipality == world.other


def test_a_klantmanager_of_another_team_is_refused_by_the_service(world, login):
    data = _create_data(world, klantmanager=world.colleague_other_team.username)
    response = login(world.klantmanager).post(reverse("clients:create"), data)
    assert response.status_code == 200
    assert "Deze medewerker is geen klantmanager in dit team van deze gemeente." in response.content.decode()
    assert not Client.objects.filter(family_name="Tesfaye").exists()


def test_a_rule_of_the_model_refused_by_the_service_is_shown_and_nothing_is_saved(world, login):
    # An inburgering regime needs a target group (Client.clean); the service refuses, the form says why.
    response = login(world.klantmanager).post(reverse("clients:create"), _create_data(world, regime="wi2021",
                                                                                      bsn=BSN))
    assert response.status_code == 200
    assert "Kies de doelgroep van deze inburgeringsplichtige." in response.content.decode()
    assert not Client.objects.filter(family_name="Tesfaye").exists()
    assert not ClientIdentifier.objects.exists()
    assert not _events("client.created")


def test_a_team_of_another_municipality_cannot_be_chosen(world, login):
    data = _create_data(world, team=str(world.foreign_client.team.public_id), klantmanager="")
    response = login(world.klantmanager).post(reverse("clients:create"), data)
    assert response.status_code == 200
    assert not Client.objects.filter(family_name="Tesfaye").exists()
    assert response.context["form"].errors["team"]


def test_when_another_valid_field_fails_the_bsn_is_asked_again_not_shown(world, login):
    data = _create_data(world, bsn=BSN, birth_date="2999-01-01")
    body = login(world.klantmanager).post(reverse("clients:create"), data).content.decode()
    assert BSN not in body
    assert "Vul het BSN opnieuw in" in body


def test_registering_for_another_team_lands_on_the_list(world, login):
    data = _create_data(world, team=str(world.other_team.public_id),
                        klantmanager=world.colleague_other_team.username)
    response = login(world.klantmanager).post(reverse("clients:create"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:list")
    assert Client.objects.get(family_name="Tesfaye").team == world.other_team


# --- Edit ---------------------------------------------------------------------------------------------

def test_the_edit_form_is_a_recorded_read(world, login):
    response = login(world.klantmanager).get(_urls(world)["edit"])
    assert response.status_code == 200
    assert response.context["form"].initial["family_name"] == world.client.family_name
    [event] = _events("client.viewed")
    assert event.details == {"page": "edit"}


def test_editing_records_the_changed_field_names_only(world, login):
    url = _urls(world)["edit"]
    data = _edit_data(world.client, family_name="Nieuwenaam", birth_date="1991-06-01")
    response = login(world.klantmanager).post(url, data)
    assert response.status_code == 302
    assert response["Location"] == _urls(world)["detail"]
    world.client.refresh_from_db()
    assert world.client.family_name == "Nieuwenaam"
    assert world.client.birth_date == dt.date(1991, 6, 1)
    [event] = _events("client.updated")
    assert event.details == {"fields": ["birth_date", "family_name"]}
    assert "Nieuwenaam" not in str(event.details)


def test_the_teamleider_reassigns_the_klantmanager(world, login):
    other_km = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-2")
    response = login(world.teamleider).post(_urls(world)["edit"], _edit_data(world.client, klantmanager="km-2"))
    assert response.status_code == 302
    world.client.refresh_from_db()
    assert world.client.klantmanager == other_km
    assert _events("client.updated")[0].details == {"fields": ["klantmanager"]}


def test_a_bad_edit_shows_a_message_and_changes_nothing(world, login):
    data = _edit_data(world.client, birth_date="2999-01-01", family_name="Anders")
    response = login(world.klantmanager).post(_urls(world)["edit"], data)
    assert response.status_code == 200
    assert "Een geboortedatum kan niet in de toekomst liggen." in response.content.decode()
    world.client.refresh_from_db()
    assert world.client.family_name != "Anders"
    assert not _events("client.updated")


def test_an_edit_that_the_service_refuses_changes_nothing(world, login):
    data = _edit_data(world.client, team=str(world.other_team.public_id))  # klantmanager not in that team
    response = login(world.klantmanager).post(_urls(world)["edit"], data)
    assert response.status_code == 200
    assert "Deze medewerker is geen klantmanager in dit team van deze gemeente." in response.content.decode()
    world.client.refresh_from_db()
    assert world.client.team == world.team
    assert not _events("client.updated")


@pytest.mark.parametrize("persona", DENIED_DOSSIER)
def test_the_edit_page_is_a_404_for_everyone_else(world, login, persona):
    http = login(getattr(world, persona))
    url = _urls(world)["edit"]
    assert http.get(url).status_code == 404
    assert http.post(url, _edit_data(world.client, family_name="Gehackt")).status_code == 404
    world.client.refresh_from_db()
    assert world.client.family_name != "Gehackt"
    assert not AuditEvent.objects.filter(action__in=["client.viewed", "client.updated"]).exists()


# --- Admin --------------------------------------------------------------------------------------------

def test_the_admin_hides_clients_from_everyone_but_superusers(world):
    model_admin = admin_site._registry[Client]
    request = RequestFactory().get("/")
    world.beheerder.is_staff = True
    request.user = world.beheerder
    assert not model_admin.has_module_permission(request)
    assert not model_admin.has_view_permission(request)
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert model_admin.has_module_permission(request)
    assert not model_admin.has_change_permission(request, world.client)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, world.client)


def test_a_superuser_reading_a_client_in_the_admin_is_audited(world, login):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    http = login(superuser)
    response = http.get(reverse("admin:clients_client_change", args=[world.client.pk]))
    assert response.status_code == 200
    [event] = _events("client.viewed")
    assert event.actor == superuser
    assert event.details == {"via": "admin"}
    assert http.get(reverse("admin:clients_client_changelist")).status_code == 200


def test_the_admin_client_pages_are_closed_to_the_beheerder(world, login):
    world.beheerder.is_staff = True
    world.beheerder.save(update_fields=["is_staff"])
    http = login(world.beheerder)
    assert http.get(reverse("admin:clients_client_changelist")).status_code == 403
    assert http.get(reverse("admin:clients_client_change", args=[world.client.pk])).status_code == 403


def test_make_bsn_values_are_not_in_list_responses(world, login):
    """Many clients with BSNs: none of the numbers appears on the list page."""
    numbers = []
    for i in range(5):
        c = ClientFactory(municipality=world.home, team=world.team)
        numbers.append(ClientIdentifierFactory(client=c, value=make_bsn(5000 + i)).value)
    body = login(world.klantmanager).get(reverse("clients:list")).content.decode()
    assert not any(n in body for n in numbers)
