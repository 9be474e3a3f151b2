"""The imports' background tasks, found by the task queue (``globa.core.tasks``)."""

from globa.imports.services import commit_task, validate_task

__all__ = ["commit_task", "validate_task"]
