"""Sending runs as a task: at once by default, by `partneratlas db_worker` with TASKS_BACKEND=database."""

from django_tasks import task

from partneratlas.notifications import services


@task()
def send_message(message_id: int) -> None:
    services.message_send(message_id=message_id)
