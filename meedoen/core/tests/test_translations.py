"""The English translation is complete, keeps every placeholder, and is what an English user sees.

The .po file is parsed here with a few lines of our own (no polib dependency); the rendering test
needs the compiled .mo, which ``make test`` builds with compilemessages. When the .mo is missing or
older than the .po (pytest run by hand after editing the translation), it is compiled first.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

PO_PATH = Path(django_settings.BASE_DIR) / "meedoen" / "locale" / "en" / "LC_MESSAGES" / "django.po"

PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdifr]|%[sdifr]|\{[A-Za-z_]\w*\}")
MARKUP = re.compile(r"</?[A-Za-z][^>]*>|&[A-Za-z]+;|&#\d+;")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (header included, obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                if current is None:
                    current = Entry(line=number)
                    entries.append(current)
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            value, rest = ast.literal_eval(line), None
        else:
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            target = ("msgstr", int(match.group(1))) if match else (keyword, 0)
        assert target is not None, f"line {number}: continuation without a keyword"
        name, index = target
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        elif name in {"msgid", "msgctxt", "msgid_plural"}:
            setattr(current, name, (getattr(current, name) or "") + value)
        else:
            raise AssertionError(f"line {number}: unexpected keyword {name!r}")
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


def _label(entry: Entry) -> str:
    return f"{PO_PATH.name}:{entry.line} {entry.msgid!r}"


def test_the_parser_reads_plural_and_continued_entries():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        "#, python-format\n"
        'msgid "%(n)s cliënt"\nmsgid_plural "%(n)s "\n"cliënten"\n'
        'msgstr[0] "%(n)s client"\nmsgstr[1] "%(n)s clients"\n'
    )
    header, plural = parse_po(sample)
    assert header.msgid == "" and header.msgstr == {0: "Language: en\n"}
    assert plural.flags == {"python-format"}
    assert plural.msgid_plural == "%(n)s cliënten"
    assert plural.msgstr == {0: "%(n)s client", 1: "%(n)s clients"}


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    messages = [entry for entry in entries if entry.msgid]
    assert len(messages) > 100, "the English catalogue looks empty; run makemessages -l en"
    fuzzy = [_label(entry) for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    untranslated = [
        _label(entry)
        for entry in messages
        if not entry.msgstr
        or any(not text.strip() for text in entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1])
    ]
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_translations_keep_placeholders_and_markup(entries):
    problems = []
    for entry in entries:
        if not entry.msgid:
            continue
        sources = {0: entry.msgid}
        if entry.msgid_plural is not None:
            sources[1] = entry.msgid_plural
        for index, translation in entry.msgstr.items():
            source = sources[min(index, 1)]
            for pattern in (PLACEHOLDER, MARKUP):
                if sorted(pattern.findall(source)) != sorted(pattern.findall(translation)):
                    problems.append(f"{_label(entry)} → msgstr[{index}] {translation!r}")
    assert not problems, "placeholders or markup differ:\n" + "\n".join(problems)


@pytest.fixture
def compiled_catalogue(settings):
    mo_path = PO_PATH.with_suffix(".mo")
    if not mo_path.exists() or mo_path.stat().st_mtime < PO_PATH.stat().st_mtime:
        if shutil.which("msgfmt") is None:
            pytest.skip("msgfmt (gettext) is not installed; `make test` installs it and compiles the messages")
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "node_modules"], verbosity=0)
    # Re-setting LOCALE_PATHS makes Django drop its cached catalogues, so a freshly compiled .mo is read.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)
    return mo_path


@pytest.mark.django_db
def test_the_login_page_is_english_with_the_language_cookie(client, settings, compiled_catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("accounts:login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in content
    assert "Log in to Meedoen" in content
    assert "Forgotten your password?" in content
    assert "Inloggen bij Meedoen" not in content


@pytest.mark.django_db
def test_the_login_page_stays_dutch_without_the_cookie(client, compiled_catalogue):
    content = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="nl"' in content
    assert "Inloggen bij Meedoen" in content
    assert "Log in to Meedoen" not in content
