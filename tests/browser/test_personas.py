"""End to end in headless Chromium: every demo persona logs in, lands on its Dutch home page, and
axe-core finds no WCAG 2.1 A/AA violations; tenancy holds in the browser too.

Set ``MEEDOEN_SCREENSHOTS=1`` to save each persona's home page to ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = ROOT / "docs" / "screenshots"
PASSWORD = "meedoen-demo"
PERSONAS = ["km-zwolle", "tl-zwolle", "bm-zwolle", "partner-taalhuis", "beheer-zwolle", "km-middendrenthe"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CLIENT_DETAIL = re.compile(r"/clienten/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/$")

_AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
    }));
}"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def format_violations(where: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(where, violations)


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/account/login/")
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_load_state()
    assert path_of(page) == "/", f"{username} did not land on the home page but on {page.url}"


def assert_dutch_page(page, *, logged_in: bool = True) -> None:
    assert page.locator("html").get_attribute("lang") == "nl", f"{page.url} is not served in Dutch"
    heading = page.locator("h1").first
    assert heading.is_visible(), f"{page.url} has no visible <h1>"
    assert heading.inner_text().strip(), f"the <h1> of {page.url} is empty"
    if logged_in:
        assert page.get_by_text("Uitloggen", exact=True).first.is_visible(), f"no Dutch 'Uitloggen' on {page.url}"


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
