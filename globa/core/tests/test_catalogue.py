"""The compiled Lithuanian catalogue is the one in the source: every translated message of
the .po file reads back from the .mo that Django loads (a catalogue that failed to compile
would leave the interface half in English)."""

from __future__ import annotations

import re
from pathlib import Path

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
