"""How much of an import file is read at most, and the messages that say a limit was reached.

A file is refused as a whole when it passes a limit: a partial import would be worse than
none. The limits are settings (docs/configuration.md); the defaults hold a 100,000-row
registry export with room to spare, and keep the memory an import needs below a few
hundred megabytes whatever the file claims.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partneratlas.uploads import MAX_ZIP_ENTRIES

# Fixed, not settings: no real file comes near them.
MAX_COLUMNS = 1000
MAX_PARTS = MAX_ZIP_ENTRIES  # members of an XLSX archive
MAX_RATIO = 200  # how much tighter than this no spreadsheet part is packed (Excel's are 5–30 times)
RATIO_FROM = 1024 * 1024  # parts smaller than this unpack to little whatever their ratio
EXCEL_ROWS = 1_048_576  # Excel's last row: a row number beyond it is made up


class ImportFileError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    rows: int  # data rows, not counting the header or empty rows
    cell_chars: int
    unpacked_bytes: int  # all parts of an XLSX archive together, unpacked

    @classmethod
    def current(cls) -> "Limits":
        return cls(rows=settings.IMPORT_MAX_ROWS, cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                   unpacked_bytes=settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024)

    def too_many_rows(self) -> ImportFileError:
        limit = number(self.rows)
        return ImportFileError(_("The file has more than %(limit)s rows; please split it into files of at most "
                                 "%(limit)s rows.") % {"limit": limit})

    def cell_too_long(self, row: int) -> ImportFileError:
        return ImportFileError(_("Row %(row)s: a cell holds more than %(limit)s characters; please shorten it.")
                               % {"row": row, "limit": number(self.cell_chars)})

    def too_much_unpacked(self, size: int) -> ImportFileError:
        return ImportFileError(_("The workbook unpacks to %(size)s; at most %(limit)s are read.")
                               % {"size": filesizeformat(size), "limit": filesizeformat(self.unpacked_bytes)})


def too_many_columns(row: int) -> ImportFileError:
    return ImportFileError(_("Row %(row)s has more than %(limit)s columns.")
                           % {"row": row, "limit": number(MAX_COLUMNS)})


def number(value: int) -> str:
    """An integer with the grouping of the active language: 100,000 / 100.000."""
    return number_format(value, force_grouping=True)
