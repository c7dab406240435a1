"""`partneratlas pdf specimen FILE`: a page in every script the site prints, to check fonts and pango."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partneratlas.pdf.render import render_pdf


class Command(BaseCommand):
    help = "Write a PDF specimen page in German, English, Chinese, French and Ukrainian."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        specimen = sub.add_parser("specimen", help=self.help)
        specimen.add_argument("file", type=Path)
        specimen.add_argument("--language", default="de")

    def handle(self, *args: Any, **options: Any) -> None:
        data = render_pdf(template="pdf/specimen.html", context={}, language=options["language"])
        options["file"].write_bytes(data)
        self.stdout.write(f"{options['file']}: {len(data):,} bytes")
