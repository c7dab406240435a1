"""The row report of an import as CSV: what happened to every row, and why."""

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from django.utils.translation import gettext as _

from partneratlas.cells import neutralise

if TYPE_CHECKING:
    from partneratlas.registry.importing.importer import ImportResult, RowReport

REPORT_HEADERS = ["row", "status", "action", "partnership", "reason", "candidates"]


def write_report(result: "ImportResult", path: Path) -> None:
    """The row report as CSV (UTF-8 with BOM, so that Excel opens it correctly)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        write_report_rows(result.rows, handle)


def write_report_rows(rows: "Iterable[RowReport]", handle: TextIO) -> None:
    labels = {"placed": _("placed"), "ambiguous": _("ambiguous"), "not_found": _("not found"),
              "invalid": _("invalid"), "create": _("create"), "update": _("update"), "unchanged": _("unchanged"),
              "": ""}
    writer = csv.writer(handle, delimiter=";")
    writer.writerow([_("row"), _("status"), _("action"), _("partnership"), _("reason"), _("candidates")])
    for r in rows:  # reasons and candidates repeat what the file said: never a formula (cells.py)
        writer.writerow([r.row, labels[r.status], labels[r.action], r.partnership, neutralise(r.reason),
                         neutralise(" | ".join(r.candidates))])
