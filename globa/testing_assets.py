"""Test assets from the npm registry: axe-core, which the browser tests run on every main page.

The version and its integrity hash are pinned in ``package-lock.json`` at the top of the
checkout (``npm ci`` installs the same into ``node_modules``). Node is not needed: this
module fetches the package's archive from the registry, checks it against the pinned hash and
keeps the one file the tests use in the virtualenv (``<venv>/test-assets``).
``make .venv/.installed`` runs it (``python -m globa.testing_assets``); the browser tests run it
too when the file is missing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "package-lock.json"
ASSETS = Path(sys.prefix) / "test-assets"


def pinned(name: str) -> tuple[str, str]:
    """The version and the integrity hash (``sha512-…``) of a package in the lock file."""
    entry = json.loads(LOCK.read_text())["packages"][f"node_modules/{name}"]
    return entry["version"], entry["integrity"]


def axe_script() -> Path:
    """axe-core's ``axe.min.js`` of the pinned version, fetched once and checked."""
    version, integrity = pinned("axe-core")
    target = ASSETS / f"axe-core-{version}" / "axe.min.js"
    installed = ROOT / "node_modules" / "axe-core"
    if (
        not target.exists()
        and (installed / "axe.min.js").exists()
        and json.loads((installed / "package.json").read_text())["version"] == version
    ):
        return installed / "axe.min.js"  # installed with `npm ci`
    if not target.exists():
        archive = _fetch("axe-core", version, integrity)
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            member = tar.extractfile("package/axe.min.js")
            if member is None:
                raise RuntimeError("axe-core's archive has no axe.min.js")
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            partial.write_bytes(member.read())
            partial.replace(target)
    return target


def _fetch(name: str, version: str, integrity: str) -> bytes:
    registry = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")
    url = f"{registry}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (the registry's https address)
        data: bytes = response.read()
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise RuntimeError(f"{url} does not match the integrity hash pinned in package-lock.json")
    return data


if __name__ == "__main__":
    print(axe_script())
