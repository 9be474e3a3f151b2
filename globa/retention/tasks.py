"""Retention's background tasks, found by the task queue (``globa.core.tasks``)."""

from globa.retention.services import daily_task, execute_task

__all__ = ["daily_task", "execute_task"]
