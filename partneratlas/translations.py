"""Compile and check the translation catalogues without GNU gettext tools.

    python -m partneratlas.translations compile   # .po → .mo (run by `make`)
    python -m partneratlas.translations check     # fails on a missing or fuzzy translation

A translator adds a language by adding partneratlas/locale/<code>/LC_MESSAGES/django.po
and its code to LANGUAGES in settings; nothing else needs to change.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Source strings are English; the English catalogue may leave them untranslated.
SOURCE_LANGUAGE = "en"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> int:
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with open(po, "rb") as handle:
            catalogue = read_po(handle, locale=po.parent.parent.name)
        with open(mo, "wb") as handle:
            write_mo(handle, catalogue)
    return 0


def check_all() -> int:
    problems = []
    for po in catalogues():
        language = po.parent.parent.name
        with open(po, "rb") as handle:
            catalogue = read_po(handle, locale=language)
        for message in catalogue:
            if not message.id:
                continue
            strings = list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]
            if message.fuzzy:
                problems.append(f"{po}: fuzzy: {message.id!r}")
            elif language != SOURCE_LANGUAGE and not all(strings):
                problems.append(f"{po}: untranslated: {message.id!r}")
    for problem in problems:
        print(problem)
    print(f"{len(catalogues())} catalogues checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "compile"
    sys.exit({"compile": compile_all, "check": check_all}[action]())
