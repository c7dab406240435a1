from pathlib import Path

import pytest

from partneratlas.translations import check_all, marked_messages, missing_messages, templates, unmarked_text

CATALOGUE = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Hello"
msgstr "Hallo"

msgctxt "month"
msgid "May"
msgstr "Mai"

msgid "One %(n)s item"
msgid_plural "%(n)s items"
msgstr[0] "Ein Element"
msgstr[1] "%(n)s Elemente"
'''

MARKED_TEMPLATE = """{% load i18n %}
<h1>{% translate "Hello" %}</h1>
<p>{% translate "May" context "month" %}: {% translate "100% sure" %}</p>
<p>{% blocktranslate trimmed count n=items|length %}
  One {{ n }} item
{% plural %}
  {{ n }} items
{% endblocktranslate %}</p>
"""

MARKED_PYTHON = """from django.utils.translation import gettext_lazy as _, ngettext, pgettext

LABEL = _("Saved")


def describe(n):
    return pgettext("month", "May"), ngettext("One %(n)s item", "%(n)s items", n), _(LABEL)
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unmarked_text_reports_a_text_node_with_its_line(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", '{% load i18n %}\n<h1>{% translate "Partners" %}</h1>\n<p>\n  Hello world</p>\n')
    assert unmarked_text([page]) == [f"{page}:4: not marked for translation: 'Hello world'"]


def test_unmarked_text_reports_placeholder_and_aria_label(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", """{% load i18n %}
<nav aria-label="Main"><a href="/">{% translate "Home" %}</a></nav>
<input name="q" type="search"
       placeholder="Town, district …" aria-label="{% translate 'Search' %}">
""")
    assert unmarked_text([page]) == [
        f"{page}:2: not marked for translation: 'Main'",
        f"{page}:4: not marked for translation: 'Town, district …'",
    ]


def test_unmarked_text_reports_svg_title_and_text_and_meta_description(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", """<meta name="description" content="The atlas">
<meta name="viewport" content="width=device-width">
<svg viewBox="0 0 10 10"><title>Chart</title><desc>machine notes</desc>
  <g>label<text x="1">Count</text></g></svg>
""")
    assert unmarked_text([page]) == [
        f"{page}:1: not marked for translation: 'The atlas'",
        f"{page}:3: not marked for translation: 'Chart'",
        f"{page}:4: not marked for translation: 'Count'",
    ]


def test_unmarked_text_passes_marked_output_code_and_allowed_names(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", """{% load i18n %}
<title>{% block title %}{% endblock %} – PartnerAtlas</title>
<p>{% blocktranslate trimmed with name=town.name %}
  Partners of <a href="{{ url }}" title="Partners">{{ name }}</a>
{% endblocktranslate %}</p>
{% translate "Open the map" as label %}
<a href="/map" title="{{ label }}" aria-label="{{ label }}">{{ label }}</a>
<p>{{ town.name }}, {{ town.country }} ({{ count }})</p>
<ul><li><a download>CSV</a> · <a download>Excel (XLSX)</a> · GeoJSON &middot; JSON …</li></ul>
<p>{% translate "Ask the API:" %} <code>/api/v1/partnerships?country=CN</code></p>
<script>const greeting = "Hello";</script>
<style>body::after { content: "Hello"; }</style>
<img src="logo.svg" alt="">
{% comment %}Draft: Say hello here.{% endcomment %}
<p>{# notranslate #}www.schlichtungsstelle-bgg.de</p>
""")
    assert unmarked_text([page]) == []


def test_marked_messages_reads_them_as_makemessages_does(tmp_path: Path) -> None:
    page = write(tmp_path / "templates" / "page.html", MARKED_TEMPLATE)
    code = write(tmp_path / "views.py", MARKED_PYTHON)
    assert marked_messages([code], [page]) == {
        (None, "Saved"): f"{code}:3",
        ("month", "May"): f"{code}:7",
        (None, "One %(n)s item"): f"{code}:7",
        (None, "Hello"): f"{page}:2",
        (None, "100%% sure"): f"{page}:3",
    }


def test_marked_messages_reads_templates_whose_indentation_does_not_line_up(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", '{% load i18n %}<div>\n    <p>\n  <span>{% translate "Deep" %}</span>\n')
    assert marked_messages([], [page]) == {(None, "Deep"): f"{page}:3"}


def test_missing_messages_reports_a_marked_string_missing_from_a_catalogue(tmp_path: Path) -> None:
    page = write(tmp_path / "templates" / "page.html", MARKED_TEMPLATE)
    code = write(tmp_path / "views.py", MARKED_PYTHON)
    po = write(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po", CATALOGUE)
    assert missing_messages(marked_messages([code], [page]), [po]) == [
        f"{po}: not in catalogue; run make messages: 'Saved' from {code}:3",
        f"{po}: not in catalogue; run make messages: '100%% sure' from {page}:3",
    ]


def test_missing_messages_tells_a_context_apart(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", '{% load i18n %}{% translate "May" %}{% translate "May" context "verb" %}')
    po = write(tmp_path / "de" / "LC_MESSAGES" / "django.po", CATALOGUE)
    assert missing_messages(marked_messages([], [page]), [po]) == [
        f"{po}: not in catalogue; run make messages: 'May' from {page}:1",
        f"{po}: not in catalogue; run make messages: 'May' (context 'verb') from {page}:1",
    ]


def test_check_all_prints_each_problem_and_a_summary_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = write(tmp_path / "atlas" / "templates" / "atlas" / "page.html", MARKED_TEMPLATE + "<p>Imprint</p>\n")
    code = write(tmp_path / "atlas" / "views.py", MARKED_PYTHON)
    write(tmp_path / "atlas" / "tests" / "test_views.py", 'from django.utils.translation import gettext\ngettext("Only in a test")\n')
    po = write(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po", CATALOGUE)
    assert check_all(tmp_path, tmp_path / "locale") == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{page}:9: not marked for translation: 'Imprint'",
        f"{po}: not in catalogue; run make messages: 'Saved' from {code}:3",
        f"{po}: not in catalogue; run make messages: '100%% sure' from {page}:3",
        "1 catalogues, 1 templates and 1 Python files checked, 3 problems",
    ]


def test_unmarked_text_runs_over_the_project_templates() -> None:
    assert isinstance(unmarked_text(templates()), list)
