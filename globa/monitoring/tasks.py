"""The monitoring app's background tasks, found by the task queue (``globa.core.tasks``)."""

from globa.monitoring.services import export_task, forget_task, overdue_task

__all__ = ["export_task", "forget_task", "overdue_task"]
