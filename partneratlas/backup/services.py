"""Backup and restore of a whole site: the database and the uploaded files (MEDIA_ROOT) in one archive.

Used by `partneratlas backup create|check|restore`; docs/operations.md says when and how.
What is not in a backup: the cache (Redis or per process: disposable), static files (rebuilt by
`collectstatic`), the settings and secrets (the environment), the code and its dependencies.
"""

import dataclasses
import datetime
import importlib.metadata
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from partneratlas.backup.archive import (
    DATABASE_FILES,
    ENGINE_LABELS,
    MEDIA,
    BackupError,
    Manifest,
    archive_read,
    archive_write,
    hash_copy,
    manifest_read,
)
from partneratlas.backup.databases import Engine, engine_for, mismatches

# Rows that `migrate` and `gazetteer load` make on a new machine, or that may go: a database holding
# only these may be restored over without --force.
REPRODUCIBLE_APPS = {"contenttypes", "sessions", "gazetteer"}
REPRODUCIBLE_MODELS = {"auth.Permission", "registry.PartnershipKind", "registry.Topic",
                       "registry.SustainableDevelopmentGoal"}


@dataclasses.dataclass(frozen=True)
class Restored:
    manifest: Manifest
    counts: dict[str, int]  # rows per model label, read back from the restored database
    needs_migrate: bool  # the backup is older than this code: run `partneratlas migrate`


def backup_create(*, directory: Path, database: Mapping[str, Any], media_root: Path,
                  now: datetime.datetime) -> tuple[Path, Manifest]:
    """Write one archive of the database and every file under `media_root` into `directory`.

    Safe while the site runs. Side effects: creates `directory` if needed and a file
    `partneratlas-backup-<UTC time>.tar.gz` in it (mode 0600); temporary copies go to a hidden
    directory beside it and are removed. Returns the archive's path and its manifest.
    """
    engine = engine_for(database)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".partneratlas-backup-") as work:
        staging = Path(work)
        dump = staging / "database"
        snapshot = engine.dump(target=dump)
        database_name = DATABASE_FILES[engine.name]
        with dump.open("rb") as f:
            files = {database_name: hash_copy(f)}
        sources = {database_name: dump}
        for name, path in _media_files(media_root):
            copy = staging / "media" / f"{len(sources)}"
            copy.parent.mkdir(exist_ok=True)
            try:
                with path.open("rb") as f, copy.open("xb") as out:
                    files[name] = hash_copy(f, out.write)
            except FileNotFoundError:
                continue  # removed meanwhile (an import confirmed or cancelled): not part of this backup
            sources[name] = copy
        manifest = Manifest(engine=engine.name, created_at=now.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                            made_by=_version(), migrations=snapshot.migrations, counts=snapshot.counts, files=files)
        target = _free_name(directory, now)
        archive_write(target=target, manifest=manifest, sources=sources)
    return target, manifest


def backup_check(*, archive: Path) -> Manifest:
    """Read the whole archive and check every file against its manifest. Changes nothing; raises BackupError."""
    return archive_read(archive)


def backup_restore(*, archive: Path, database: Mapping[str, Any], media_root: Path, force: bool) -> Restored:
    """Replace the database and the uploaded files by those in `archive`.

    Refuses (BackupError, nothing changed) a damaged or foreign archive, one of another database
    system or of a newer PartnerAtlas, a database in use by another process (SQLite), and, unless
    `force`, a site that holds data. Side effects: the archive is unpacked and checked beside the
    database and beside `media_root` first; then `media_root` is swapped for the unpacked files and
    the database replaced in one step (SQLite: rename of a new file; PostgreSQL: the dump as SQL,
    run by psql in one transaction). When the database step fails, the old files are put back.
    """
    manifest = manifest_read(archive)
    engine = engine_for(database)
    if manifest.engine != engine.name:
        raise BackupError(_("“%(path)s” holds a %(archive)s database, but this site uses %(site)s. A backup can "
                            "only be restored into the same database system.")
                          % {"path": archive, "archive": ENGINE_LABELS[manifest.engine], "site": engine.label})
    newer = _unknown_migrations(manifest)
    if newer:
        raise BackupError(_("“%(path)s” comes from a newer version of PartnerAtlas (%(made_by)s): the migrations "
                            "%(migrations)s are unknown here. Install that version, then restore.")
                          % {"path": archive, "made_by": manifest.made_by, "migrations": ", ".join(newer[:5])})
    engine.ensure_idle()
    held = held_data(engine=engine, media_root=media_root)
    if held and not force:
        raise BackupError(_("The site already holds data (%(data)s). A restore replaces all of it and the uploaded "
                            "files; add --force to do that.") % {"data": summary(held, others=True)})
    staging_dir = engine.staging_dir()
    if staging_dir is not None:
        staging_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged_media = media_root.with_name(f".{media_root.name}.restore-{token}")
    staged_media.mkdir(mode=0o750)
    if media_root.is_dir():
        staged_media.chmod(media_root.stat().st_mode & 0o777)
    old_media: Path | None = None
    try:
        with tempfile.TemporaryDirectory(dir=staging_dir, prefix=".partneratlas-restore-") as work:
            copy = Path(work) / manifest.database_file

            def place(name: str) -> Path:
                return copy if name == manifest.database_file else staged_media.joinpath(
                    *PurePosixPath(name).parts[1:])

            archive_read(archive, extract=place)
            engine.check_copy(source=copy, counts=manifest.counts)
            old_media = _swap_in(staged_media, media_root, token)
            try:
                engine.restore(source=copy)
            except BaseException:
                shutil.rmtree(media_root)
                if old_media is not None:
                    old_media.rename(media_root)
                raise
    finally:
        shutil.rmtree(staged_media, ignore_errors=True)
    if old_media is not None:
        shutil.rmtree(old_media, ignore_errors=True)
    counts = engine.counts()
    differing = mismatches(expected=manifest.counts, found=counts)
    if differing:
        raise BackupError(_("The database was restored, but it does not hold what the manifest lists: %(detail)s. "
                            "Check it before you start the site.") % {"detail": differing})
    return Restored(manifest=manifest, counts=counts, needs_migrate=bool(_code_migrations() - _applied(manifest)))


def held_data(*, engine: Engine, media_root: Path) -> dict[str, int]:
    """What the live site holds that someone made (rows per model label, "media" files); empty for a new site."""
    held = {label: count for label, count in engine.counts().items()
            if count and label.split(".")[0] not in REPRODUCIBLE_APPS and label not in REPRODUCIBLE_MODELS}
    files = sum(1 for _name in _media_files(media_root))
    if files:
        held["media"] = files
    return held


KEY_MODELS = ["registry.Partnership", "people.Organisation", settings.AUTH_USER_MODEL, "gazetteer.Municipality"]


def summary(counts: Mapping[str, int], *, media: int | None = None, others: bool = False) -> str:
    """Counts for people: "partnerships 3, organisations 1, users 2, municipalities 120, uploaded files 1".

    The key records only, unless `others`: then also every other non-zero count after them.
    """
    media = counts.get("media", 0) if media is None else media
    labels = [label for label in KEY_MODELS if label in counts]
    if others:
        labels += sorted(label for label, n in counts.items() if n and label not in labels and label != "media")
    parts = [f"{_plural(label)} {counts[label]}" for label in labels]
    return ", ".join([*parts, f"{_('uploaded files')} {media}"])


def _plural(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


def _media_files(media_root: Path) -> list[tuple[str, Path]]:
    if not media_root.is_dir():
        return []
    return [(MEDIA + path.relative_to(media_root).as_posix(), path) for path in sorted(media_root.rglob("*"))
            if path.is_file() and not path.is_symlink()]


def _swap_in(staged: Path, media_root: Path, token: str) -> Path | None:
    """Put the unpacked files in place of `media_root`; returns where the old ones went (None: there were none)."""
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}.old-{token}")
        try:
            media_root.rename(old)
        except OSError as exc:
            raise BackupError(_("MEDIA_ROOT (%(path)s) cannot be renamed (%(detail)s); it must be a directory "
                                "that can be replaced, not a mount point. Nothing was changed.")
                              % {"path": media_root, "detail": exc.strerror or exc}) from exc
    staged.rename(media_root)
    return old


def _free_name(directory: Path, now: datetime.datetime) -> Path:
    stem = f"partneratlas-backup-{now.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    target, n = directory / f"{stem}.tar.gz", 1
    while target.exists():
        n += 1
        target = directory / f"{stem}-{n}.tar.gz"
    return target


def _version() -> str:
    try:
        return importlib.metadata.version("partneratlas")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _applied(manifest: Manifest) -> set[tuple[str, str]]:
    return {(app, name) for app, names in manifest.migrations.items() for name in names}


def _unknown_migrations(manifest: Manifest) -> list[str]:
    """Migrations the backup's database had applied that this code does not have, for apps it does have."""
    code = _code_migrations()
    known_apps = {app for app, _name in code}
    return sorted(f"{app}.{name}" for app, name in _applied(manifest) - code if app in known_apps)
