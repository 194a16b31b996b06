"""The UI shell: layout, navigation per role, theme stylesheet, error pages, language switch."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse
from django.views import defaults

from meedoen.accounts import access
from meedoen.core import aggregates, navigation
from meedoen.core.theme import contrast_ratio, theme_css

pytestmark = pytest.mark.django_db


def _landmarks(content: str) -> None:
    assert '<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">' in content
    assert '<main id="main"' in content
    assert "<header" in content and "<footer" in content
    assert content.count("<h1") == 1


def test_layout_has_landmarks_skip_link_and_one_h1(world, login):
    content = login(world.klantmanager).get("/").content.decode()
    _landmarks(content)
    assert '<html lang="nl"' in content
    assert 'aria-label="Hoofdmenu"' in content
    assert "/static/vendor/utrecht-css/index.css" in content
    assert "/static/vendor/utrecht-tokens/index.css" in content
    assert "utrecht-theme" in content


def test_layout_has_no_inline_script_or_style(world, login):
    content = login(world.klantmanager).get("/").content.decode()
    assert "<style" not in content
    assert " style=" not in content
    assert re.search(r"<script(?![^>]*\bsrc=)", content) is None


def test_header_shows_user_role_municipality_and_post_logout(world, login):
    content = login(world.klantmanager).get("/").content.decode()
    assert "Gemeente Zwolle" in content
    assert str(world.klantmanager) in content
    assert "Klantmanager" in content
    assert f'<form class="meedoen-header__logout" method="post" action="{reverse("accounts:logout")}">' in content


@pytest.mark.parametrize("on", [True, False])
def test_demo_label_follows_setting(world, login, settings, on):
    settings.MEEDOEN_DEMO_BANNER = on
    content = login(world.klantmanager).get("/").content.decode()
    assert ("Demo — alle gegevens zijn verzonnen" in content) is on


def test_messages_render_as_alerts(world, login):
    http = login(world.klantmanager)
    http.post(reverse("accounts:logout"))  # adds an info message
    content = http.get(reverse("accounts:login")).content.decode()
    assert 'class="utrecht-alert utrecht-alert--info" role="status"' in content
    assert "U bent uitgelogd." in content


# --- Navigation ------------------------------------------------------------------------------------

def _menu(user, path="/"):
    primary = access.primary_membership(user)
    return navigation.main_menu(user, path, roles=access.roles(user), primary_role=primary.role if primary else "")


def _menu_names(user) -> list[str]:
    return [str(item.label) for item in _menu(user)]


def test_navigation_per_role(world):
    def expect(user, *labels):
        wanted = []
        for label, url_name in labels:
            try:
                reverse(url_name)
            except NoReverseMatch:
                continue  # the page is not there (yet): no link
            wanted.append(label)
        assert _menu_names(user) == ["Startpagina", *wanted]

    expect(world.klantmanager, ("Mijn caseload", "caseload:mine"), ("Mijn cliënten", "clients:list"),
           ("Aanbod", "partners:catalogue"), ("Vacatures", "work:vacancy_list"), ("Werkgevers", "work:employer_list"))
    expect(world.teamleider, ("Team en wachtlijst", "caseload:team"), ("Cliënten van het team", "clients:list"),
           ("Aanbod", "partners:catalogue"), ("Vacatures", "work:vacancy_list"), ("Werkgevers", "work:employer_list"),
           ("Dashboard", "monitoring:dashboard"), ("Bijstand en prognose", "monitoring:caseload"),
           ("Uitstroom en terugkeer", "work:outflow"), ("Re-integratietrajecten", "work:provider_performance"),
           ("Kwartaaloverzicht partners", "referrals:quarterly"))
    expect(world.beleidsmedewerker, ("Dashboard", "monitoring:dashboard"),
           ("Bijstand en prognose", "monitoring:caseload"), ("Uitstroom en terugkeer", "work:outflow"),
           ("Re-integratietrajecten", "work:provider_performance"))
    expect(world.partnermedewerker, ("Verwijzingen", "referrals:partner_list"))
    expect(world.beheerder, ("Werkgevers", "work:employer_list"), ("Dashboard", "monitoring:dashboard"),
           ("Bijstand en prognose", "monitoring:caseload"),
           ("Uitstroom en terugkeer", "work:outflow"),
           ("Re-integratietrajecten", "work:provider_performance"),
           ("Kwartaaloverzicht partners", "referrals:quarterly"),
           ("Partners", "partners:list"), ("Audit", "audit:log"), ("Termijnen", "journey:rules"),
           ("Normen plan", "plans:settings"), ("Bijstandsnormen", "work:settings"),
           ("Re-integratiebedrijven", "work:provider_list"),
           ("Beheer", "admin:index"))


def test_navigation_marks_the_current_page(world, login):
    content = login(world.klantmanager).get("/").content.decode()
    assert 'href="/" aria-current="page"' in content
    items = _menu(world.klantmanager, "/account/profiel/")
    assert not any(item.current for item in items)


def test_anonymous_user_gets_no_menu(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert 'aria-label="Hoofdmenu"' not in content
    _landmarks(content)


# --- Theme -----------------------------------------------------------------------------------------

def test_theme_css_is_empty_without_colour(world, client):
    response = client.get(reverse("core:theme_css", args=[world.home.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response.content == b""


def test_theme_css_sets_tokens_for_the_colour_and_is_linked(world, login):
    world.home.theme_primary_colour = "#0B5A8C"
    world.home.save(update_fields=["theme_primary_colour"])
    http = login(world.klantmanager)
    url = reverse("core:theme_css", args=[world.home.public_id])
    css = http.get(url).content.decode()
    assert "--utrecht-button-primary-action-background-color: #0b5a8c;" in css
    assert "--utrecht-nav-bar-color: #ffffff;" in css
    assert url in http.get("/").content.decode()


def test_theme_css_unknown_municipality_is_404(client):
    assert client.get(reverse("core:theme_css", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_theme_picks_readable_text_colour():
    assert "--meedoen-brand-color: #000000;" in theme_css("#ffcc00")  # yellow: black text
    assert "--meedoen-brand-color: #ffffff;" in theme_css("#1a1a6e")  # dark blue: white text
    # A light colour is not used for links on white (contrast below 4.5:1).
    assert "--utrecht-link-color" not in theme_css("#ffcc00")
    assert theme_css("red") == "" and theme_css("#12345") == "" and theme_css("") == ""
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)


# --- Small cells -----------------------------------------------------------------------------------

def test_small_cells_are_suppressed_with_secondary_suppression(settings):
    settings.MEEDOEN_SMALL_CELL_THRESHOLD = 5
    cells = aggregates.suppress([3, 12, 40, 0])
    assert [str(c) for c in cells] == ["<5", "x", "40", "0"]
    assert [str(c) for c in aggregates.suppress([3, 2, 40])] == ["<5", "<5", "40"]
    assert str(aggregates.suppress_one(4)) == "<5"
    assert str(aggregates.suppress_one(0)) == "0"


# --- Error pages -----------------------------------------------------------------------------------

def test_404_uses_the_layout(world, login):
    response = login(world.klantmanager).get("/bestaat-niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina niet gevonden" in content
    _landmarks(content)


def test_403_uses_the_layout(world, login):
    request = RequestFactory().get("/")
    request.user = world.klantmanager
    response = defaults.permission_denied(request, exception=None)
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_renders_without_request_context():
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    assert response.status_code == 500
    content = response.content.decode()
    assert "Er ging iets mis" in content
    assert '<main id="main"' in content
    assert "Uitloggen" not in content


# --- Language --------------------------------------------------------------------------------------

def test_language_switch_posts_to_set_language_with_next(world, login):
    content = login(world.klantmanager).get("/").content.decode()
    assert f'action="{reverse("set_language")}"' in content
    assert 'name="next" value="/"' in content
    assert 'value="en" lang="en">English</button>' in content


def test_switching_to_english(world, login):
    http = login(world.klantmanager)
    response = http.post(reverse("set_language"), {"language": "en", "next": "/account/wachtwoord/wijzigen/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/wachtwoord/wijzigen/"
    content = http.get("/account/wachtwoord/wijzigen/").content.decode()
    assert '<html lang="en"' in content
    assert "Old password" in content  # Django's own English text for the field
    assert 'value="nl" lang="nl">Nederlands</button>' in content
    http.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Oud wachtwoord" in http.get("/account/wachtwoord/wijzigen/").content.decode()


def test_language_switch_refuses_foreign_next(world, login):
    response = login(world.klantmanager).post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
