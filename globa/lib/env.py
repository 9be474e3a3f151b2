"""Small typed helpers that read settings from the environment."""

import datetime as dt
import os
from urllib.parse import parse_qs, unquote, urlsplit


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_date_or_moment(name: str) -> dt.date | dt.datetime | None:
    """A date (YYYY-MM-DD) or a moment (YYYY-MM-DDTHH:MM[:SS], with or without its offset
    from UTC)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        if "T" in value or " " in value:
            return dt.datetime.fromisoformat(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{name} must be a date as YYYY-MM-DD or a moment as YYYY-MM-DDTHH:MM (got {value!r})"
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def parse_database_url(url: str) -> dict[str, str]:
    """Turn postgres://user:password@host:port/name?options into Django's connection keys."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must start with postgres:// (got {parts.scheme}://)")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "NAME": unquote(parts.path.lstrip("/")) or "globa",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.pop("host", parts.hostname or ""),
        "PORT": str(parts.port or ""),
        "SSLMODE": query.pop("sslmode", ""),
    }
