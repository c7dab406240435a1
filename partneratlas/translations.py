"""Compile and check the translation catalogues without GNU gettext tools.

    python -m partneratlas.translations compile   # .po → .mo (run by `make`)
    python -m partneratlas.translations check     # fails on anything left untranslated (run by `make lint`)

The check fails on
- a fuzzy entry, or one a catalogue (other than English, the source language) leaves untranslated;
- visible template text not marked for translation: text nodes and the attributes alt, title, placeholder,
  aria-label, aria-description, label and <meta name="description" content>, outside {% translate %} and
  {% blocktranslate %}, <script>, <style>, <code>, and in inline <svg> outside <title> and <text>.
  Brand and format names (ALLOWED) need no translation; `{# notranslate #}` right before a piece of text
  exempts the text node or tag that starts in it;
- a string marked in Python code or a template that a catalogue lacks. The strings are collected as
  `make messages` collects them: Django's templatize() turns templates into gettext calls, and Babel reads
  those and Python code where xgettext would.

A translator adds a language by adding partneratlas/locale/<code>/LC_MESSAGES/django.po
and its code to LANGUAGES in settings; nothing else needs to change.
"""

import io
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.template.base import Lexer, TokenType
from django.utils.translation.template import templatize

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
# Source strings are English; the English catalogue may leave them untranslated.
SOURCE_LANGUAGE = "en"

# Names that read the same in every language. Punctuation and entities (–, ·, …, &nbsp;) hold no letter anyway.
ALLOWED = ("Excel (XLSX)", "PartnerAtlas", "GeoNames", "GeoJSON", "OpenAPI", "JSON", "XLSX", "CSV", "API")
ALLOWED_RE = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in ALLOWED))
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "label"}
HIDDEN_ELEMENTS = ("script", "style", "code")
SVG_TEXT_ELEMENTS = ("title", "text")
# Stands in the HTML for what the template outputs ({{ var }}, {% translate %}, {% blocktranslate %}): no letter.
OUTPUT = "\ue000"

# Translation functions → (position of the context argument, position of the message), as makemessages
# tells xgettext (--keyword=pgettext:1c,2 …); the plural form is not needed to find a message.
KEYWORDS: dict[str, tuple[int | None, int]] = {
    "gettext": (None, 0), "gettext_lazy": (None, 0), "gettext_noop": (None, 0), "_": (None, 0),
    "ngettext": (None, 0), "ngettext_lazy": (None, 0),
    "pgettext": (0, 1), "pgettext_lazy": (0, 1), "npgettext": (0, 1), "npgettext_lazy": (0, 1),
}
Message = tuple[str | None, str]  # (msgctxt, msgid)


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def templates(root: Path = PACKAGE_DIR) -> list[Path]:
    """The site's templates; those of tests only exercise the machinery and are never shown."""
    return sorted(p for p in root.glob("**/templates/**/*.html") if "tests" not in p.relative_to(root).parts)


def python_sources(root: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "tests" not in path.relative_to(root).parts)


def read_catalogue(po: Path) -> Catalog:
    with open(po, "rb") as handle:
        return read_po(handle, locale=po.parent.parent.name)


def compile_all() -> int:
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalogue = read_catalogue(po)
        with open(mo, "wb") as handle:
            write_mo(handle, catalogue)
    return 0


def catalogue_problems(pos: Iterable[Path]) -> list[str]:
    problems = []
    for po in pos:
        language = po.parent.parent.name
        for message in read_catalogue(po):
            if not message.id:
                continue
            strings = list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]
            if message.fuzzy:
                problems.append(f"{po}: fuzzy: {message.id!r}")
            elif language != SOURCE_LANGUAGE and not all(strings):
                problems.append(f"{po}: untranslated: {message.id!r}")
    return problems


def html_skeleton(source: str) -> tuple[str, list[range]]:
    """The template as plain HTML: tags removed, output and marked text replaced by OUTPUT, lines kept;
    and the spans of the text that follows a `{# notranslate #}`."""
    parts: list[str] = []
    exempt: list[range] = []
    inside = ""  # "blocktranslate" or "comment" while in such a block
    length = 0
    notranslate = False
    for token in Lexer(source).tokenize():
        text = ""
        if token.token_type == TokenType.TEXT:
            text = token.contents
            if inside:
                text = (OUTPUT if inside == "blocktranslate" else "") + "\n" * text.count("\n")
            elif notranslate:
                exempt.append(range(length, length + len(text)))
        elif token.token_type == TokenType.VAR:
            text = OUTPUT
        elif token.token_type == TokenType.BLOCK:
            words = token.split_contents() or [""]
            tag = {"blocktrans": "blocktranslate", "endblocktrans": "endblocktranslate"}.get(words[0], words[0])
            if inside and tag == f"end{inside}":
                inside = ""
            elif not inside and tag in ("blocktranslate", "comment"):
                inside, text = tag, OUTPUT if tag == "blocktranslate" else ""
            elif tag in ("translate", "trans") and "as" not in words[2:]:
                text = OUTPUT
        notranslate = token.token_type == TokenType.COMMENT and token.contents == "notranslate"
        parts.append(text)
        length += len(text)
    return "".join(parts), exempt


class VisibleText(HTMLParser):
    """Collects the visible text nodes and attribute values of an HTML document, each with its offset."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.depth: Counter[str] = Counter()
        self.line_starts = [0, *(i + 1 for i, char in enumerate(html) if char == "\n")]
        self.feed(html)
        self.close()

    def at(self, extra: int = 0) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column + extra

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth[tag] += 1
        described = tag == "meta" and ("name", "description") in attrs
        for name, value in attrs:
            if value and (name in VISIBLE_ATTRIBUTES or (described and name == "content")):
                quoted = re.search(rf"\s{re.escape(name)}\s*=\s*[\"']?", self.get_starttag_text() or "", re.IGNORECASE)
                self.found.append((self.at(quoted.end() if quoted else 0), value))

    def handle_endtag(self, tag: str) -> None:
        self.depth[tag] = max(self.depth[tag] - 1, 0)

    def handle_data(self, data: str) -> None:
        hidden = any(self.depth[tag] for tag in HIDDEN_ELEMENTS)
        if not hidden and (not self.depth["svg"] or any(self.depth[tag] for tag in SVG_TEXT_ELEMENTS)):
            self.found.append((self.at(), data))


def first_letter(text: str) -> int | None:
    """The index of the first letter in text that is not part of an ALLOWED name."""
    masked = ALLOWED_RE.sub(lambda name: " " * len(name[0]), text)
    return next((i for i, char in enumerate(masked) if char.isalpha()), None)


def unmarked_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of each visible text in a template that is not marked for translation."""
    html, exempt = html_skeleton(source)
    unmarked = []
    for offset, text in VisibleText(html).found:
        letter = first_letter(text)
        if letter is not None and not any(offset + letter in span for span in exempt):
            line = html.count("\n", 0, offset) + text.count("\n", 0, letter) + 1
            unmarked.append((line, " ".join(re.sub(f"{OUTPUT}+", "{{…}}", text).split())))
    return unmarked


def unmarked_text(paths: Iterable[Path]) -> list[str]:
    return [f"{path}:{line}: not marked for translation: {text!r}"
            for path in paths for line, text in unmarked_in(path.read_text(encoding="utf-8"))]


def messages_in(code: str) -> list[tuple[int, Message]]:
    """(line, message) of each literal string that Python code passes to a translation function."""
    # Babel annotates extract_python() with the rows of extract(); it yields (line, function, arguments, comments).
    rows = cast(Iterable[tuple[int, str, str | None | tuple[str | None, ...], list[str]]],
                extract_python(io.BytesIO(code.encode()), dict.fromkeys(KEYWORDS), (), {}))
    found = []
    for line, function, argument_or_arguments, _comments in rows:
        arguments = argument_or_arguments if isinstance(argument_or_arguments, tuple) else (argument_or_arguments,)
        context_at, message_at = KEYWORDS[function]
        context = None if context_at is None else arguments[context_at]
        message = arguments[message_at] if message_at < len(arguments) else None
        if message and (context_at is None or context is not None):
            found.append((line, (context, message)))
    return found


def marked_messages(python_files: Iterable[Path], template_files: Iterable[Path]) -> dict[Message, str]:
    """Every message the code marks for translation, with the place (file:line) it is first marked."""
    sources = [(path, path.read_text(encoding="utf-8")) for path in python_files]
    # templatize() keeps a template's lines; indentation is dropped since Python's tokenizer would judge it.
    sources += [(path, "\n".join(line.lstrip() for line in templatize(path.read_text(encoding="utf-8"),
                                                                          origin=str(path)).split("\n")))
                for path in template_files]
    marked: dict[Message, str] = {}
    for path, code in sources:
        for line, message in messages_in(code):
            marked.setdefault(message, f"{path}:{line}")
    return marked


def missing_messages(marked: dict[Message, str], pos: Iterable[Path]) -> list[str]:
    problems = []
    for po in pos:
        catalogue = read_catalogue(po)
        for (context, message), place in marked.items():
            if catalogue.get(message, context=context) is None:
                in_context = "" if context is None else f" (context {context!r})"
                problems.append(f"{po}: not in catalogue; run make messages: {message!r}{in_context} from {place}")
    return problems


def check_all(root: Path = PACKAGE_DIR, locale_dir: Path = LOCALE_DIR) -> int:
    pos, html, python = catalogues(locale_dir), templates(root), python_sources(root)
    problems = catalogue_problems(pos) + unmarked_text(html) + missing_messages(marked_messages(python, html), pos)
    for problem in problems:
        print(problem)
    print(f"{len(pos)} catalogues, {len(html)} templates and {len(python)} Python files checked, "
          f"{len(problems)} problems")
    return 1 if problems else 0


def fill(translations: Path, locale_dir: Path = LOCALE_DIR) -> int:
    """Write translations from a JSON file {"de": {msgid: msgstr or [plural forms]}, "zh_Hans": …}.

    For a translator's batch after `make messages`; entries it names lose their fuzzy mark.
    """
    wanted: dict[str, dict[str, str | list[str]]] = json.loads(translations.read_text(encoding="utf-8"))
    for language, strings in wanted.items():
        po = locale_dir / language / "LC_MESSAGES" / "django.po"
        catalogue = read_catalogue(po)
        for message in catalogue:
            if message.id and (message.id if isinstance(message.id, str) else message.id[0]) in strings:
                text = strings[message.id if isinstance(message.id, str) else message.id[0]]
                message.string = tuple(text) if isinstance(text, list) else text
                message.flags.discard("fuzzy")
                message.previous_id = []
                message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        with open(po, "wb") as handle:
            write_po(handle, catalogue, width=79)
    return 0


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "compile"
    actions: dict[str, Callable[[], int]] = {"compile": compile_all, "check": check_all,
                                             "fill": lambda: fill(Path(sys.argv[2]))}
    sys.exit(actions[action]())
