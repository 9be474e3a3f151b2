"""The notifications' background tasks, found by the task queue (``globa.core.tasks``)."""

from globa.notifications.services import email_task, plain_email_task

__all__ = ["email_task", "plain_email_task"]
