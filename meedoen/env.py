"""Strict parsing of environment variables for settings.

Every variable Meedoen reads goes through these helpers, which register it in
``REGISTRY`` so a test can check that each one is documented in
``docs/configuration.md``. A value that cannot be parsed is an error, never a
silent default: ``MEEDOEN_DEBUG=ture`` stops start-up instead of meaning False.
"""

from __future__ import annotations

import os
from pathlib import Path

REGISTRY: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigurationError(Exception):
    """Raised when an environment variable holds a value that cannot be used."""


def _raw(name: str, kind: str, environ: dict[str, str] | None = None) -> str | None:
    REGISTRY[name] = kind
    env = os.environ if environ is None else environ
    value = env.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_bool(name: str, default: bool, environ: dict[str, str] | None = None) -> bool:
    value = _raw(name, "bool", environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(
        f"{name}={value!r} is not a boolean; use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: dict[str, str] | None = None,
) -> int:
    value = _raw(name, "int", environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name}={number} is below the minimum of {minimum}.")
    if maximum is not None and number > maximum:
        raise ConfigurationError(f"{name}={number} is above the maximum of {maximum}.")
    return number


def env_str(
    name: str,
    default: str | None = None,
    *,
    choices: tuple[str, ...] | None = None,
    environ: dict[str, str] | None = None,
) -> str | None:
    value = _raw(name, "str", environ)
    if value is None:
        return default
    if choices is not None and value not in choices:
        raise ConfigurationError(f"{name}={value!r} must be one of {', '.join(choices)}.")
    return value


def env_list(name: str, default: list[str], environ: dict[str, str] | None = None) -> list[str]:
    value = _raw(name, "list", environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None, environ: dict[str, str] | None = None) -> str | None:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``.

    Setting both is an error: it is ambiguous which one wins.
    """
    direct = _raw(name, "secret", environ)
    file_name = _raw(f"{name}_FILE", "path", environ)
    if direct is not None and file_name is not None:
        raise ConfigurationError(f"Set either {name} or {name}_FILE, not both.")
    if file_name is not None:
        path = Path(file_name)
        try:
            content = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}.") from None
        if not content:
            raise ConfigurationError(f"{name}_FILE={file_name!r} is empty.")
        return content
    return direct if direct is not None else default

