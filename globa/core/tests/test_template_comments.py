"""A template comment ``{# … #}`` ends on its own line; one that runs on would be shown on
the page as text (in the head of every page, once)."""

from __future__ import annotations

from pathlib import Path

import globa

ROOT = Path(globa.__file__).resolve().parent


def test_no_template_comment_runs_over_a_line() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert found == [], "use {% comment %} for a comment of several lines"
