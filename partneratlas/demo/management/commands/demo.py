from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partneratlas.registry.importing.importer import registry_import

DATA = Path(__file__).resolve().parents[2] / "data" / "partnerships.csv"


class Command(BaseCommand):
    help = "Load the demo partnerships (facts from the seeds) through the importer and resolution service."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = registry_import(path=DATA)
        counts = result.counts()
        self.stdout.write(f"Demo data: {counts['create']} created, {counts['update']} updated, "
                          f"{counts['unchanged']} unchanged.")
        for row in result.rows:
            if row.status != "placed":
                self.stdout.write(f"  row {row.row} left for curation ({row.status}): {row.reason}")
