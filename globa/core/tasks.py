"""Background work, in the same PostgreSQL: the one module that knows the task queue.

Globa's tasks (an import's dry run and commit; reports and exports elsewhere) are plain
functions registered here with ``@task``, and started with ``defer(...)`` inside the
transaction that asked for them, so a task is queued only if that transaction commits. The
queue is procrastinate's (its jobs are rows of ``procrastinate_jobs``; ``globa procrastinate
worker`` runs them under the system role); nothing else in Globa names it, so another
PostgreSQL-backed queue could replace it here alone.

With ``GLOBA_TASKS_EAGER`` (the tests), a deferred task runs at once, in the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from procrastinate.contrib.django import app

QUEUE = "globa"


def task(name: str) -> Callable[[Callable[..., Any]], Any]:
    """Register a function as a background task of that name."""

    def register(function: Callable[..., Any]) -> Any:
        registered = app.task(name=name, queue=QUEUE)(function)
        # The function itself, for running it at once (GLOBA_TASKS_EAGER).
        registered.globa_function = function  # type: ignore[attr-defined]
        return registered

    return register


def defer(registered: Any, **arguments: Any) -> None:
    """Queue the task with these (JSON) arguments, to run once this transaction commits."""
    if settings.GLOBA_TASKS_EAGER:
        registered.globa_function(**arguments)
        return
    registered.defer(**arguments)


def daily(name: str, cron: str) -> Callable[[Callable[..., Any]], Any]:
    """Register a task that the worker runs on a schedule (cron syntax, the installation's
    time zone); it is given the time it was due (``timestamp``)."""

    def register(function: Callable[..., Any]) -> Any:
        registered = app.periodic(cron=cron, periodic_id=name)(
            app.task(name=name, queue=QUEUE)(function)
        )
        registered.globa_function = function  # type: ignore[attr-defined]
        return registered

    return register
