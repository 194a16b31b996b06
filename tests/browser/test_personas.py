"""End to end in headless Chromium: every demo persona logs in, lands on its Dutch home page, and
axe-core finds no WCAG 2.1 A/AA violations; tenancy holds in the browser too.

Set ``MEEDOEN_SCREENSHOTS=1`` to save each persona's home page to ``docs/screenshots/``.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.helpers import (
    CLIENT_DETAIL,
    PERSONAS,
    SCREENSHOT_DIR,
    assert_accessible,
    assert_dutch_page,
    log_in,
    path_of,
)

pytestmark = pytest.mark.browser


def test_login_page_is_dutch_and_accessible(new_page, live_server_url):
    page = new_page()
    response = page.goto(f"{live_server_url}/account/login/")
    assert response.status == 200
    assert_dutch_page(page, logged_in=False)
    assert page.locator("input[name=username]").is_visible()
    assert_accessible(page, "/account/login/")


@pytest.mark.parametrize("username", PERSONAS)
def test_persona_lands_on_dutch_accessible_home_page(new_page, live_server_url, username):
    page = new_page()
    log_in(page, live_server_url, username)
    assert_dutch_page(page)
    if os.environ.get("MEEDOEN_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"home-{username}.png"), full_page=True)
    assert_accessible(page, f"the home page of {username}")


def _open_client_list_and_detail(page) -> str:
    """From km-zwolle's home page: follow the link to the client list, then to a client's page."""
    page.locator("a[href='/clienten/']").first.click()
    page.wait_for_load_state()
    assert path_of(page) == "/clienten/"
    links = page.locator("main a[href^='/clienten/']")
    hrefs = [href for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
             if CLIENT_DETAIL.search(href.split("?")[0])]
    assert hrefs, "the client list links to no client detail page"
    return hrefs[0]


def test_klantmanager_client_list_and_detail_are_accessible(new_page, live_server_url):
    page = new_page()
    log_in(page, live_server_url, "km-zwolle")
    detail = _open_client_list_and_detail(page)
    assert_dutch_page(page)
    assert_accessible(page, "/clienten/ (km-zwolle)")

    page.locator(f"a[href='{detail}']").first.click()
    page.wait_for_load_state()
    assert path_of(page) == detail
    assert_dutch_page(page)
    assert_accessible(page, f"{detail} (km-zwolle)")


def test_klantmanager_of_other_municipality_gets_404_on_zwolle_client(new_page, live_server_url):
    zwolle = new_page()
    log_in(zwolle, live_server_url, "km-zwolle")
    detail = _open_client_list_and_detail(zwolle)
    assert zwolle.goto(f"{live_server_url}{detail}").status == 200

    drenthe = new_page()
    log_in(drenthe, live_server_url, "km-middendrenthe")
    response = drenthe.goto(f"{live_server_url}{detail}")
    assert response.status == 404


def test_language_switch_turns_the_page_english(new_page, live_server_url):
    page = new_page()
    log_in(page, live_server_url, "km-zwolle")
    assert_dutch_page(page)
    page.get_by_role("button", name="English", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
