"""PostgreSQL backend that starts the embedded server on the first connection.

With ``EMBEDDED`` in the connection settings, the server is started lazily, so that
commands that never touch the database (``--help``, type checking) do not start it.
"""

from typing import Any

from django.db.backends.postgresql import base

from globa.lib import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        if self.settings_dict.get("EMBEDDED"):
            server = embedded.ensure_running()
            params["host"] = server.socket_dir
            params["port"] = server.port
        return params
