"""Settings: strict parsing of environment variables, the production profile, and documentation.

The profile tests import the settings in a subprocess, because settings are read once per process.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from meedoen import env
from meedoen.env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str

ROOT = Path(__file__).resolve().parents[3]
CONFIGURATION_DOC = ROOT / "docs" / "configuration.md"


@pytest.fixture(autouse=True)
def _keep_registry():
    """The helpers register every name they read; keep test-only names out of the real registry."""
    saved = dict(env.REGISTRY)
    yield
    env.REGISTRY.clear()
    env.REGISTRY.update(saved)


def _clean_environ(**extra: str) -> dict[str, str]:
    """The current environment without any Meedoen variable, plus ``extra``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MEEDOEN_") and k != "DJANGO_SETTINGS_MODULE"}
    environ.update(extra)
    return environ


def _python(code: str, environ: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False,
    )


def _random_key() -> str:
    return secrets.token_urlsafe(48)


# --- booleans ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "On", " true "])
def test_env_bool_accepts_true_spellings(value):
    assert env_bool("X_FLAG", False, environ={"X_FLAG": value}) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "OFF"])
def test_env_bool_accepts_false_spellings(value):
    assert env_bool("X_FLAG", True, environ={"X_FLAG": value}) is False


@pytest.mark.parametrize("value", ["ture", "y", "2", "enabled"])
def test_env_bool_rejects_a_typo_instead_of_reading_it_as_false(value):
    with pytest.raises(ConfigurationError, match="X_FLAG"):
        env_bool("X_FLAG", False, environ={"X_FLAG": value})


@pytest.mark.parametrize("environ", [{}, {"X_FLAG": ""}, {"X_FLAG": "   "}])
def test_env_bool_unset_or_empty_gives_the_default(environ):
    assert env_bool("X_FLAG", True, environ=environ) is True


# --- integers ----------------------------------------------------------------------------------

def test_env_int_parses_and_defaults():
    assert env_int("X_NUM", 7, environ={"X_NUM": "42"}) == 42
    assert env_int("X_NUM", 7, environ={}) == 7


def test_env_int_rejects_a_non_number():
    with pytest.raises(ConfigurationError, match="X_NUM='4x2' is not a whole number"):
        env_int("X_NUM", 7, environ={"X_NUM": "4x2"})


def test_env_int_enforces_minimum_and_maximum():
    assert env_int("X_NUM", 7, minimum=1, maximum=10, environ={"X_NUM": "1"}) == 1
    assert env_int("X_NUM", 7, minimum=1, maximum=10, environ={"X_NUM": "10"}) == 10
    with pytest.raises(ConfigurationError, match="below the minimum of 1"):
        env_int("X_NUM", 7, minimum=1, maximum=10, environ={"X_NUM": "0"})
    with pytest.raises(ConfigurationError, match="above the maximum of 10"):
        env_int("X_NUM", 7, minimum=1, maximum=10, environ={"X_NUM": "11"})


# --- strings and lists -------------------------------------------------------------------------

def test_env_str_enforces_choices():
    assert env_str("X_MODE", "a", choices=("a", "b"), environ={"X_MODE": "b"}) == "b"
    with pytest.raises(ConfigurationError, match="X_MODE='c' must be one of a, b"):
        env_str("X_MODE", "a", choices=("a", "b"), environ={"X_MODE": "c"})


def test_env_list_splits_on_commas_and_drops_blanks():
    assert env_list("X_HOSTS", [], environ={"X_HOSTS": " a.nl, b.nl ,,"}) == ["a.nl", "b.nl"]
    assert env_list("X_HOSTS", ["default"], environ={}) == ["default"]


# --- secrets from the environment or from *_FILE -------------------------------------------------

def test_env_secret_from_the_variable():
    assert env_secret("X_SECRET", environ={"X_SECRET": "s3cret"}) == "s3cret"


def test_env_secret_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n", encoding="utf-8")
    assert env_secret("X_SECRET", environ={"X_SECRET_FILE": str(secret_file)}) == "from-a-file"


def test_env_secret_both_variable_and_file_is_an_error(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="either X_SECRET or X_SECRET_FILE, not both"):
        env_secret("X_SECRET", environ={"X_SECRET": "direct", "X_SECRET_FILE": str(secret_file)})


def test_env_secret_empty_file_is_an_error(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("  \n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="is empty"):
        env_secret("X_SECRET", environ={"X_SECRET_FILE": str(secret_file)})


def test_env_secret_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigurationError, match="cannot be read"):
        env_secret("X_SECRET", environ={"X_SECRET_FILE": str(tmp_path / "nope")})


def test_helpers_register_what_they_read():
    env_bool("X_REGISTERED", False, environ={})
    env_secret("X_REGISTERED_SECRET", environ={})
    assert "X_REGISTERED" in env.REGISTRY
    assert {"X_REGISTERED_SECRET", "X_REGISTERED_SECRET_FILE"} <= set(env.REGISTRY)


# --- profiles (subprocess: settings are read once per process) -----------------------------------

def test_bad_boolean_in_the_environment_stops_settings_import():
    result = _python("import meedoen.settings", _clean_environ(MEEDOEN_DEBUG="ture"))
    assert result.returncode != 0
    assert "ConfigurationError" in result.stderr
    assert "MEEDOEN_DEBUG='ture' is not a boolean" in result.stderr


def test_production_without_secret_key_fails_with_a_clear_message():
    result = _python("import meedoen.settings", _clean_environ(MEEDOEN_PROFILE="production"))
    assert result.returncode != 0
    assert "MEEDOEN_SECRET_KEY (or MEEDOEN_SECRET_KEY_FILE) is required in production" in result.stderr


def test_production_refuses_a_short_secret_key():
    environ = _clean_environ(MEEDOEN_PROFILE="production", MEEDOEN_SECRET_KEY="x" * 20)
    result = _python("import meedoen.settings", environ)
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_debug():
    environ = _clean_environ(MEEDOEN_PROFILE="production", MEEDOEN_SECRET_KEY=_random_key(), MEEDOEN_DEBUG="true")
    result = _python("import meedoen.settings", environ)
    assert result.returncode != 0
    assert "MEEDOEN_DEBUG cannot be on in the production profile" in result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    key = _random_key()
    key_file = tmp_path / "secret_key"
    key_file.write_text(key + "\n", encoding="utf-8")
    environ = _clean_environ(MEEDOEN_PROFILE="production", MEEDOEN_SECRET_KEY_FILE=str(key_file),
                             MEEDOEN_ALLOWED_HOSTS="meedoen.example.org")
    result = _python("import meedoen.settings as s; print(s.SECRET_KEY)", environ)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == key


def test_production_profile_passes_the_deploy_checks():
    environ = _clean_environ(MEEDOEN_PROFILE="production", MEEDOEN_SECRET_KEY=_random_key(),
                             MEEDOEN_ALLOWED_HOSTS="meedoen.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


_SETTINGS_SUMMARY = """
import json
import meedoen.settings as s
from meedoen.env import REGISTRY
print(json.dumps({
    "registry": sorted(REGISTRY),
    "debug": s.DEBUG,
    "session_cookie_secure": getattr(s, "SESSION_COOKIE_SECURE", False),
    "csrf_cookie_secure": getattr(s, "CSRF_COOKIE_SECURE", False),
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "otp_required": s.MEEDOEN_OTP_REQUIRED,
    "database_engine": s.DATABASES["default"]["ENGINE"],
}))
"""


def _settings_summary(**extra: str) -> dict:
    result = _python(_SETTINGS_SUMMARY, _clean_environ(**extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_profile_is_hardened():
    summary = _settings_summary(MEEDOEN_PROFILE="production", MEEDOEN_SECRET_KEY=_random_key(),
                                MEEDOEN_ALLOWED_HOSTS="meedoen.example.org")
    assert summary["debug"] is False
    assert summary["session_cookie_secure"] is True
    assert summary["csrf_cookie_secure"] is True
    assert summary["hsts"] >= 31536000
    assert summary["otp_required"] is True


def test_development_profile_defaults_to_sqlite():
    summary = _settings_summary(DATABASE_URL="")
    assert summary["database_engine"] == "django.db.backends.sqlite3"
    assert summary["debug"] is True


# --- documentation ---------------------------------------------------------------------------------

def test_every_variable_is_documented_in_configuration_md():
    names: set[str] = set()
    names.update(_settings_summary()["registry"])
    names.update(_settings_summary(MEEDOEN_PROFILE="production", MEEDOEN_SECRET_KEY=_random_key(),
                                   MEEDOEN_ALLOWED_HOSTS="meedoen.example.org")["registry"])
    assert "MEEDOEN_PROFILE" in names and "DATABASE_URL" in names, "the registry looks empty"
    assert CONFIGURATION_DOC.exists(), f"{CONFIGURATION_DOC.relative_to(ROOT)} is missing"
    text = CONFIGURATION_DOC.read_text(encoding="utf-8")
    missing = sorted(name for name in names if not re.search(rf"(?<![A-Z0-9_]){re.escape(name)}(?![A-Z0-9_])", text))
    assert not missing, "not documented in docs/configuration.md: " + ", ".join(missing)
