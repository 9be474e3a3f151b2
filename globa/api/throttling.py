"""A rate limit per API client (and per staff member using the API with their session):
requests per minute, in fixed one-minute windows, counted in the database so every web
process shares the count. One statement per request (an upsert that returns the count),
where a cache would take several."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from rest_framework import throttling
from rest_framework.request import Request

from globa.core.apirules import client_of
from globa.lib import clock

COUNT = """
INSERT INTO api_ratewindow (key, window_start, count) VALUES (%s, %s, 1)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN api_ratewindow.window_start = EXCLUDED.window_start
               THEN api_ratewindow.count + 1 ELSE 1 END,
  window_start = EXCLUDED.window_start
RETURNING count
"""


class ClientRateThrottle(throttling.BaseThrottle):
    """Each API client's own requests per minute; a staff member's session
    ``GLOBA_API_RATE``."""

    def allow_request(self, request: Request, view: Any) -> bool:
        client = client_of(request)
        limit = int(client.rate_per_minute if client else settings.GLOBA_API_RATE)
        key = f"c{client.pk}" if client else f"u{request.user.pk}"
        now = clock.now()
        window = now.replace(second=0, microsecond=0)
        with connection.cursor() as cursor:
            cursor.execute(COUNT, [key, window])
            row = cursor.fetchone()
        self.next_window = window + dt.timedelta(minutes=1) - now
        return row is not None and int(row[0]) <= limit

    def wait(self) -> float | None:
        return max(1.0, self.next_window.total_seconds())
