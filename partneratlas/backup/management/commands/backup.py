"""`partneratlas backup`: the whole site (database and uploaded files) in one archive, and back.

    partneratlas backup create [DIR]              # default: BACKUP_DIR (var/backups)
    partneratlas backup check ARCHIVE
    partneratlas backup restore ARCHIVE [--force]

When, where to keep the archives and how to test a restore: docs/operations.md.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.backup.archive import ENGINE_LABELS, BackupError, Manifest
from partneratlas.backup.services import backup_check, backup_create, backup_restore, summary


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive, check an archive, or restore one."
    requires_system_checks: list[str] = []  # a backup must work even while the site's set-up has a problem

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Write an archive of the database and the uploaded files.")
        create.add_argument("directory", nargs="?", type=Path, help="Where to write it (default: BACKUP_DIR).")
        check = sub.add_parser("check", help="Check an archive completely, without restoring it.")
        check.add_argument("archive", type=Path)
        restore = sub.add_parser("restore", help="Replace the database and the uploaded files by an archive's. "
                                                 "Stop the web server and the task worker first.")
        restore.add_argument("archive", type=Path)
        restore.add_argument("--force", action="store_true",
                             help="Restore even though the site holds data: all of it is replaced.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "create":
                self._create(options["directory"] or Path(settings.BACKUP_DIR))
            elif action == "check":
                self._check(options["archive"])
            else:
                self._restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:  # a full disk, a directory we may not write to …
            raise CommandError(_("A file could not be read or written: %(detail)s") % {"detail": exc}) from exc

    def _create(self, directory: Path) -> None:
        path, manifest = backup_create(directory=directory, database=connections[DEFAULT_DB_ALIAS].settings_dict,
                                       media_root=Path(settings.MEDIA_ROOT), now=timezone.now())
        self.stdout.write(_("Backup written: %(path)s") % {"path": path})
        self.stdout.write(_describe(manifest))

    def _check(self, archive: Path) -> None:
        manifest = backup_check(archive=archive)
        self.stdout.write(_("“%(path)s” is complete: every file matches its checksum.") % {"path": archive})
        self.stdout.write(_describe(manifest))

    def _restore(self, archive: Path, *, force: bool) -> None:
        connections.close_all()  # our own connection must not count as another process using the database
        restored = backup_restore(archive=archive, database=connections[DEFAULT_DB_ALIAS].settings_dict,
                                  media_root=Path(settings.MEDIA_ROOT), force=force)
        self.stdout.write(_("Restored from “%(path)s”: %(summary)s.") % {
            "path": archive, "summary": summary(restored.counts, media=len(restored.manifest.media_files))})
        if restored.needs_migrate:
            self.stdout.write(_("The backup is older than this version of PartnerAtlas: run “partneratlas migrate” "
                                "before you start the site."))


def _describe(manifest: Manifest) -> str:
    return _("Backup of %(created_at)s by PartnerAtlas %(made_by)s, %(engine)s database: %(summary)s.") % {
        "created_at": manifest.created_at, "made_by": manifest.made_by, "engine": ENGINE_LABELS[manifest.engine],
        "summary": summary(manifest.counts, media=len(manifest.media_files))}
