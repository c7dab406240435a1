"""Queue a task so that the worker finds what it was queued for."""

from typing import Any

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


def enqueue_after_commit(task: Any, *args: Any) -> None:
    """Queue `task(*args)` once the surrounding transaction has committed.

    A worker in another process sees only committed rows, so the task waits for the commit
    (and is never queued when the transaction rolls back). The default immediate backend
    runs the task at once, inside the transaction, where it already sees everything.
    """
    if isinstance(task.get_backend(), ImmediateBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
