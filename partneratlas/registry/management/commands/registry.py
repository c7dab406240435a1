import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from partneratlas.gazetteer.countries import resolve_country
from partneratlas.progress import ProgressBar
from partneratlas.registry.exporting import FORMATS, export
from partneratlas.registry.importing.causes import grouped
from partneratlas.registry.importing.importer import STATUSES, registry_import
from partneratlas.registry.importing.parsing import CellError, Vocabularies
from partneratlas.registry.importing.reading import ImportFileError
from partneratlas.registry.importing.report import write_report
from partneratlas.registry.models import Status
from partneratlas.registry.selectors import PartnershipFilter, UnknownFilterValue, partnerships_filtered


class Command(BaseCommand):
    help = "Import partnerships from CSV/XLSX/JSON, or export a filtered selection."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a CSV, XLSX, JSON or Wikidata-style file.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="Place and report every row, write nothing.")
        imp.add_argument("--all-or-nothing", action="store_true",
                         help="Write nothing unless every row can be placed.")
        imp.add_argument("--report", type=Path, help="Where to write the row report (default: FILE.report.csv).")
        imp.add_argument("--language", default="", help="Language of the report: de (default), en or zh-hans.")
        imp.add_argument("--kind", default="", help="Kind of new partnerships whose row names none (any spelling "
                         "the vocabulary knows); without it they are recorded as not yet classified.")
        imp.add_argument("--country", default="", help="The first member's country when the file has no column "
                         "for it (ISO code or name); without it: REGISTRY_COUNTRY (DE).")
        exp = sub.add_parser("export", help="Export partnerships (all, or those matching the filters).")
        exp.add_argument("--format", choices=FORMATS, default="csv")
        exp.add_argument("--output", "-o", type=Path, help="File to write (default: standard output).")
        exp.add_argument("--country", help="ISO code of a member's country, e.g. CN")
        exp.add_argument("--german-state", help="A German Land: DE-NW, NRW, Nordrhein-Westfalen …")
        exp.add_argument("--kind", help="twinning, friendship, project, cooperation, contact, climate, solidarity")
        exp.add_argument("--status", choices=[s.value for s in Status])
        exp.add_argument("--sdg", type=int, choices=range(1, 18), metavar="1-17")
        exp.add_argument("--topic")
        exp.add_argument("--since-min", type=int, dest="start_year_min")
        exp.add_argument("--since-max", type=int, dest="start_year_max")
        exp.add_argument("--q", help="free text: a member's name or words of the description")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            with translation.override(options["language"] or settings.LANGUAGE_CODE):
                self._import(options)
        else:
            self._export(options)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        kind, country = _kind(options["kind"]), _country(options["country"])
        try:
            result = registry_import(path=path, dry_run=options["dry_run"], all_or_nothing=options["all_or_nothing"],
                                     progress=ProgressBar("import"), kind=kind, country=country)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        report = options["report"] or path.with_name(path.name + ".report.csv")
        write_report(result, report)
        counts = result.counts()
        if result.dry_run:
            state = _("dry run, nothing written")
        elif result.applied:
            state = _("written")
        else:
            state = _("nothing written: some rows could not be placed (--all-or-nothing)")
        self.stdout.write(_(
            "%(rows)d rows: %(placed)d placed, %(ambiguous)d ambiguous, %(not_found)d not found, %(invalid)d invalid."
            " Partnerships: %(create)d to create, %(update)d to update, %(unchanged)d unchanged (%(state)s).") % {
            "rows": len(result.rows), **{key: counts[key] for key in (*STATUSES, "create", "update", "unchanged")},
            "state": state})
        for _cause, _count, text in grouped(asdict(r) for r in result.rows):
            self.stdout.write("  " + text)
        for note in result.notes:
            self.stdout.write(note)
        if result.ignored_columns:
            self.stdout.write(_("Columns not recognised, ignored: %(columns)s")
                              % {"columns": ", ".join(result.ignored_columns)})
        if result.new_topics:
            self.stdout.write(_("New topic tags: %(topics)s") % {"topics": ", ".join(result.new_topics)})
        self.stdout.write(_("Row report: %(path)s") % {"path": report})
        if not result.applied and not result.dry_run:
            raise CommandError(_("Nothing was imported."))

    def _export(self, options: dict[str, Any]) -> None:
        given: dict[str, Any] = {name: options.get(name) for name in PartnershipFilter.__dataclass_fields__
                                 if name in options}
        filters = PartnershipFilter(**given, include_unpublished=True)  # the operator's export: everything
        try:
            selection = partnerships_filtered(filters)
        except UnknownFilterValue as exc:
            raise CommandError(f"unknown {exc.name}: {exc.value}") from exc
        if options["output"]:
            with open(options["output"], "wb") as out:
                count = export(selection, options["format"], out, published=True)
            self.stderr.write(f"Exported {count} partnerships to {options['output']}.")
        else:
            export(selection, options["format"], sys.stdout.buffer, published=True)


def _kind(text: str) -> int | None:
    if not text:
        return None
    try:
        return Vocabularies().kind(text)
    except CellError as exc:
        raise CommandError(f"--kind: {exc}") from exc


def _country(text: str) -> str | None:
    if not text:
        return None
    code, _rest = resolve_country(text)
    if code is None:
        raise CommandError(_("--country: “%(country)s” is not a country I know.") % {"country": text})
    return code
