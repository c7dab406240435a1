"""What the editing app removes after its time: uploads nobody confirmed, old web imports (with their row reports)."""

import datetime

from partneratlas.editing.models import ImportJob

ABANDONED_UPLOAD = datetime.timedelta(days=7)


def purge_uploads(now: datetime.datetime, _cutoff: datetime.datetime | None, dry_run: bool) -> int:
    """Uploaded files left a week without confirmation (or still there after the import)."""
    stale = ImportJob.objects.filter(created_at__lt=now - ABANDONED_UPLOAD).exclude(file="")
    count = stale.count()
    if not dry_run:
        for job in stale:
            job.file.delete(save=False)
            job.state = job.state if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED) \
                else ImportJob.State.CANCELLED
            job.save(update_fields=["file", "state"])
    return count


def purge_imports(_now: datetime.datetime, cutoff: datetime.datetime | None, dry_run: bool) -> int:
    """Web imports (who uploaded what, the row report) older than the retention period."""
    if cutoff is None:
        return 0
    jobs = ImportJob.objects.filter(created_at__lt=cutoff)
    count = jobs.count()
    if not dry_run:
        for job in jobs:
            job.file.delete(save=False)
        jobs.delete()
    return count
