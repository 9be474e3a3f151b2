"""The compiled Lithuanian catalogue is the one in the source: every translated message of
the .po file reads back from the .mo that Django loads (a catalogue that failed to compile
would leave the interface half in English)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "lt" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^msgid "(?P<id>.+)"\nmsgstr "(?P<str>.+)"$', re.MULTILINE)


def simple_entries() -> list[tuple[str, str]]:
    """One-line, non-fuzzy entries without a context or plural forms."""
    found = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        if "#, fuzzy" in block or "msgctxt" in block or "msgid_plural" in block:
            continue
        match = ENTRY.search(block)
        if match:
            found.append((unescape(match["id"]), unescape(match["str"])))
    return found


def unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_translation_of_the_source_is_compiled() -> None:
    entries = simple_entries()
    assert len(entries) > 500
    with translation.override("lt"):
        stale = [
            (msgid, wanted) for msgid, wanted in entries if translation.gettext(msgid) != wanted
        ]
    assert stale == []


# Every message of the source has its Lithuanian translation ------------------------------

PACKAGE = Path(__file__).resolve().parents[2]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "_lazy"}


def _require_gettext() -> None:
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    if os.environ.get("GLOBA_REQUIRE_GETTEXT"):
        pytest.fail("GLOBA_REQUIRE_GETTEXT is set but GNU gettext (xgettext) was not found")
    pytest.skip("GNU gettext not found (install Debian's gettext package to run this check)")


def test_every_message_of_the_source_is_translated(tmp_path: Path) -> None:
    """The catalogue refreshed from today's source (as ``make messages`` does, in a copy)
    has no message without a translation and none marked fuzzy."""
    _require_gettext()
    copy = tmp_path / "globa"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests", "devdata")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "lt",
            "--no-location",
            "--ignore=devdata/*",
            "-e",
            "html,py,txt",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "globa.settings"},
        timeout=300,
    )
    refreshed = copy / "locale" / "lt" / "LC_MESSAGES" / "django.po"
    left = [
        subprocess.run(  # noqa: S603
            [shutil.which("msgattrib") or "msgattrib", flag, "--no-obsolete", str(refreshed)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for flag in ("--untranslated", "--only-fuzzy")
    ]
    msgids = [line for text in left for line in text.splitlines() if line.startswith("msgid ")]
    # The header is an entry with an empty msgid; anything else is a message left out.
    assert [m for m in msgids if m != 'msgid ""'] == []


def test_no_message_is_translated_from_a_variable() -> None:
    """``_(text)`` with a variable hides the message from the catalogue: it stays English."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and not isinstance(node.args[0], ast.Constant)
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
