"""Languages people speak, by the Lithuanian name they are kept under (as centres type them)
and their English name, so the English interface shows them in English and a name typed in
English is kept under the same Lithuanian one (matching compares them)."""

from __future__ import annotations

from collections.abc import Iterable

ENGLISH = {
    "lietuvių": "Lithuanian",
    "rusų": "Russian",
    "lenkų": "Polish",
    "anglų": "English",
    "ukrainiečių": "Ukrainian",
    "baltarusių": "Belarusian",
    "latvių": "Latvian",
    "estų": "Estonian",
    "vokiečių": "German",
    "prancūzų": "French",
    "ispanų": "Spanish",
    "italų": "Italian",
    "romų": "Romani",
    "lietuvių gestų": "Lithuanian Sign Language",
    "gestų": "sign language",
    "arabų": "Arabic",
    "turkų": "Turkish",
    "gruzinų": "Georgian",
    "armėnų": "Armenian",
    "azerbaidžaniečių": "Azerbaijani",
    "persų": "Persian",
    "kinų": "Chinese",
    "hebrajų": "Hebrew",
    "uzbekų": "Uzbek",
    "tadžikų": "Tajik",
    "kazachų": "Kazakh",
}
_KEPT_AS = {
    **{name.casefold(): name for name in ENGLISH},
    **{english.casefold(): name for name, english in ENGLISH.items()},
}


def kept_as(name: str) -> str:
    """The name a language is kept under: its Lithuanian one when known, else as typed."""
    return _KEPT_AS.get(name.strip().casefold(), name.strip())


def shown(names: Iterable[str], language: str) -> list[str]:
    """The languages' names in the interface's language (as kept when not known)."""
    if language != "en":
        return list(names)
    return [ENGLISH.get(name, name) for name in names]
