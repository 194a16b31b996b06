"""Helpers shared by the browser tests: logging in, axe-core checks, paths."""

from __future__ import annotations

import re
from pathlib import Path

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
