"""A site to back up: partnerships, an account in an organisation and an uploaded import file.

pg_dump and SQLite's backup run outside the test's transaction, so the data is committed
into the test database once per module, backed up, and removed again before any test runs:
every row added is deleted (the check at the end fails if one is left), so the other
modules find the test database as they left it.
"""

import dataclasses
import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model, ProtectedError, RestrictedError
from django.test import override_settings

from partneratlas.backup.services import backup_create
from partneratlas.conftest import on_test_database
from partneratlas.editing.models import ImportJob
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership

UPLOAD = b"Kommune;Land;Partnerkommune;Partnerland\nWuppertal;DE;Dongguan;CN\n"
NOW = datetime.datetime(2026, 3, 1, 2, 30, tzinfo=datetime.UTC)


@dataclasses.dataclass(frozen=True)
class SiteBackup:
    archive: Path
    counts: dict[str, int]  # rows per model label in the site when it was backed up, counted by the ORM
    partnerships: set[str]  # their uids


def back_up_a_site(folder: Path, blocker: Any) -> SiteBackup:
    """Commit a small site into the test database, back it up into `folder`, then remove it again."""
    assert on_test_database()  # never the development database
    media = folder / "media"
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "liste.csv").write_bytes(UPLOAD)
    with blocker.unblock(), override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        before = _rows()
        try:
            partnership(WUPPERTAL, DONGGUAN, since=2016)
            partnership(HAMBURG, SHANGHAI, since=1986)
            editor = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
            ImportJob.objects.create(user=editor, file="imports/liste.csv", name="liste.csv", size=len(UPLOAD),
                                     state=ImportJob.State.CHECKED)
            counts = {model._meta.label: model._base_manager.count() for model in _models()}
            uids = {str(uid) for uid in Partnership.objects.values_list("uid", flat=True)}
            archive, _manifest = backup_create(directory=folder / "backups", database=connection.settings_dict,
                                               media_root=media, now=NOW)
        finally:
            _remove_added(before)
    return SiteBackup(archive=archive, counts=counts, partnerships=uids)


def _models() -> list[type[Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def _rows() -> dict[type[Model], set[Any]]:
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _models()}


def _remove_added(before: dict[type[Model], set[Any]]) -> None:
    """Delete every row added since `before`, whatever the order the foreign keys ask for."""
    def added(model: type[Model]) -> Any:
        return model._base_manager.exclude(pk__in=before[model])

    pending = [model for model in before if added(model).exists()]
    for _round in range(len(pending) + 1):
        for model in pending:
            try:
                added(model).delete()
            except (ProtectedError, RestrictedError):
                continue  # another model's rows first
        pending = [model for model in before if added(model).exists()]  # also rows a deletion may have added
        if not pending:
            return
    raise AssertionError(f"rows left in the test database: {[m._meta.label for m in pending]}")

