"""Fixtures for the browser tests: a real server on the demo data, and Debian's headless Chromium.

The server is ``manage.py runserver`` in a subprocess, on a free port, with its own temporary SQLite
database that ``migrate`` and ``seed_demo`` fill. It never touches the developer's database, nor the
test database of the rest of the suite, whatever ``DATABASE_URL`` says.

Everything here is module-scoped: Playwright's sync API keeps an event loop in this thread while it
runs, and Django refuses ORM calls from such a thread, so it must be closed before other tests run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(database: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MEEDOEN_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="meedoen.settings",
        DATABASE_URL=f"sqlite:///{database}",
        MEEDOEN_PROFILE="development",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


# The browser tests need the demo accounts, not the full volume: a small demo seeds in seconds.
# Screenshots for docs/ (MEEDOEN_SCREENSHOTS=1) show the full demo, as `make demo` serves it.
SMALL_DEMO = ["--zwolle-statushouders", "40", "--zwolle-bijstand", "60", "--middendrenthe", "15"]


def _seed_args() -> list[str]:
    return ["seed_demo"] if os.environ.get("MEEDOEN_SCREENSHOTS") == "1" else ["seed_demo", *SMALL_DEMO]


@pytest.fixture(scope="module")
def seed_output(live_server_url, tmp_path_factory) -> str:
    """What ``seed_demo`` printed for this module's server (demo accounts, the demo-flow client)."""
    return _SEED_OUTPUT[live_server_url]


_SEED_OUTPUT: dict[str, str] = {}


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory) -> str:
    """Base URL (no trailing slash) of a real Meedoen server on a seeded temporary database."""
    workdir = tmp_path_factory.mktemp("browser-server")
    env = _server_env(workdir / "meedoen.sqlite3")
    _manage(["migrate", "--noinput", "--verbosity", "0"], env)
    output = _manage(_seed_args(), env)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    _SEED_OUTPUT[url] = output
    log_path = workdir / "runserver.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{url}/account/login/", process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver exited with {process.returncode}:\n{log_path.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except urllib.error.HTTPError:
            return  # the server answers, even if not with 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"runserver did not answer {url} within {SERVER_START_TIMEOUT}s:\n{log_path.read_text()}",
                pytrace=False)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright. Never downloads a browser."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser):
    """Factory for pages in fresh contexts (own cookies), 1280 wide.

    The browser asks for English (``en-US``, Chromium's default): Meedoen must still answer in Dutch
    until the user switches. ``bypass_csp`` lets the tests inject axe-core; the app's CSP forbids
    inline scripts.
    """
    contexts = []

    def _new_page():
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()
