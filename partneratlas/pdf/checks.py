"""A system check: PDFs need pango and a font with Chinese glyphs (scripts/install-system-libs)."""

import shutil
import subprocess
from typing import Any

from django.core import checks


@checks.register(checks.Tags.compatibility)
def pdf_fonts(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    try:
        import weasyprint  # noqa: F401  (loads pango through cffi)
    except OSError as exc:
        return [checks.Warning(f"PDF documents cannot be made: {exc}", hint="Run scripts/install-system-libs.",
                               id="partneratlas.W010")]
    fc_list = shutil.which("fc-list")
    if fc_list:
        found = subprocess.run([fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True,  # noqa: S603
                               timeout=10)  # a fixed command, no input of anyone
        if not found.stdout.strip():
            problems.append(checks.Warning("No font with Chinese glyphs: Chinese text in PDFs would be missing.",
                                           hint="Run scripts/install-system-libs (Debian's fonts-noto-cjk).",
                                           id="partneratlas.W011"))
    return problems
