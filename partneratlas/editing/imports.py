"""Web import: upload, check every row (a dry run), confirm, import; each step a task.

With the default task backend a step runs inside the request that starts it; with the
database backend (`TASKS_BACKEND=database`) `partneratlas db_worker` runs it and the page
polls for progress, which the import writes to the cache (shared when REDIS_URL is set).
The uploaded file lives only until the import is done or cancelled.
"""

import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from partneratlas.editing.models import ImportJob
from partneratlas.people.access import access_of
from partneratlas.queueing import enqueue_after_commit
from partneratlas.registry.importing.importer import ImportResult, registry_import
from partneratlas.registry.importing.reading import ImportFileError
from partneratlas.registry.services import Author

log = logging.getLogger(__name__)
State = ImportJob.State


def import_start(*, upload: UploadedFile, user: Any, language: str, kind: Any = None, country: str = "") -> ImportJob:
    """Keep the (already checked) upload and start checking its rows.

    `kind` (a PartnershipKind) is for new partnerships whose row names none, `country` the
    first member's country when the file has no column for it.
    """
    job = ImportJob(user=user, name=Path(upload.name or "import").name[:200], size=upload.size or 0,
                    language=language, kind=kind, country=country or "")
    job.file.save(f"{job.id}{Path(job.name).suffix.lower()}", upload, save=False)
    job.save()
    enqueue_after_commit(check_rows, str(job.pk))
    return job


def import_confirm(job: ImportJob, *, all_or_nothing: bool) -> bool:
    """Start the import of a checked file; False when it was confirmed (or cancelled) already.

    The state moves from "checked" to "importing" in one conditional UPDATE, so of two
    confirmations arriving at once only one starts the import.
    """
    started = ImportJob.objects.filter(pk=job.pk, state=State.CHECKED).update(state=State.IMPORTING,
                                                                             all_or_nothing=all_or_nothing)
    if started:
        job.state, job.all_or_nothing = State.IMPORTING, all_or_nothing
        enqueue_after_commit(apply_rows, str(job.pk))
    return bool(started)


def import_recheck(job: ImportJob) -> bool:
    """Check the rows of a checked file again, after names were settled; False when it is no longer checked.

    The file is still kept while the job waits for confirmation. Side effect: the task
    `check_rows`, which replaces the row report (and its counts) with a new one.
    """
    started = ImportJob.objects.filter(pk=job.pk, state=State.CHECKED).update(state=State.CHECKING)
    if started:
        job.state = State.CHECKING
        enqueue_after_commit(check_rows, str(job.pk))
    return bool(started)


def import_cancel(job: ImportJob) -> None:
    if ImportJob.objects.filter(pk=job.pk, state=State.CHECKED).update(state=State.CANCELLED,
                                                                      finished_at=timezone.now()):
        job.refresh_from_db()
        _discard_file(job)


def progress_of(job: ImportJob) -> tuple[int, int] | None:
    return cache.get(_progress_key(job))


@task()
def check_rows(job_id: str) -> None:
    _run(job_id, dry_run=True)


@task()
def apply_rows(job_id: str) -> None:
    _run(job_id, dry_run=False)


def _run(job_id: str, *, dry_run: bool) -> None:
    """Check or apply the rows of one job.

    Applying holds the job's row lock until the result is stored, so that a task delivered
    twice finds the job done and does nothing. An error on our side is recorded on the job
    (the import's own writes are rolled back) and raised again for the task's log.
    """
    with transaction.atomic():
        error = _step(job_id, dry_run=dry_run)
    if error is not None:
        raise error


def _step(job_id: str, *, dry_run: bool) -> Exception | None:
    jobs = ImportJob.objects.select_related("user")
    job = (jobs if dry_run else jobs.select_for_update(of=("self",))).get(pk=job_id)
    expected = State.CHECKING if dry_run else State.IMPORTING
    if job.state != expected:  # a task delivered twice, or a job cancelled meanwhile
        return None
    if not job.file:
        _fail(job, _("The uploaded file is no longer there; please upload it again."))
        return None
    with translation.override(job.language):
        try:
            with transaction.atomic():
                result = registry_import(
                    path=Path(job.file.path), dry_run=dry_run, all_or_nothing=job.all_or_nothing,
                    progress=lambda done, total: cache.set(_progress_key(job), (done, total), 3600),
                    author=Author("import", job.user), allowed=_allowed(job.user), kind=job.kind_id,
                    country=job.country or None, owner_id=job.user_id)
        except ImportFileError as exc:
            _fail(job, str(exc))
            return None
        except Exception as exc:
            log.exception("web import %s failed", job_id)
            _fail(job, _("The import failed because of an error on our side; nothing has been changed. "
                         "The error has been logged."))
            return exc
    _store(job, result, dry_run=dry_run)
    return None


def _allowed(user: Any) -> set[int] | None:
    if user is None:
        return set()
    access = access_of(user)
    return None if access.staff else set(access.own)


def _store(job: ImportJob, result: ImportResult, *, dry_run: bool) -> None:
    job.counts = dict(result.counts())
    job.rows = [asdict(r) for r in result.rows]
    job.ignored_columns, job.new_topics, job.notes = result.ignored_columns, result.new_topics, result.notes
    if dry_run:
        job.state = State.CHECKED
    else:
        job.state, job.finished_at = State.DONE, timezone.now()
        if not result.applied:
            job.error = _("Nothing was imported: you asked for all or nothing and some rows could not be placed.")
        _discard_file(job)
    job.save()
    cache.delete(_progress_key(job))


def _fail(job: ImportJob, message: str) -> None:
    job.state, job.error, job.finished_at = State.FAILED, message, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])
    _discard_file(job)


def _discard_file(job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)
        job.save(update_fields=["file"])


def _progress_key(job: ImportJob) -> str:
    return f"import-progress:{job.pk}"


def max_bytes() -> int:
    return int(settings.IMPORT_MAX_MB) * 1024 * 1024

