from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from globa.cases.tests.conftest import cases_world
from globa.registry.tests.conftest import english, world

__all__ = ["cases_world", "english", "world"]


@pytest.fixture(autouse=True)
def documents_folder(settings: Any, tmp_path: Path) -> Path:
    """Each test keeps its documents in a folder of its own."""
    folder = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    settings.GLOBA_CLAMAV = ""
    settings.GLOBA_VIRUS_SCANNER = ""
    return folder
