import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partneratlas.registry.models import Partnership

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_command_summary_report_and_language(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Kommune;Land;Partnerkommune;Partnerland;Art\nHamburg;DE;Shanghai;CN;Städtepartnerschaft\n"
                    "Halle;DE;Shanghai;CN;Städtepartnerschaft\n", encoding="utf-8")
    output = run("registry", "import", str(path))
    assert output.splitlines() == [
        "2 Zeilen: 1 zugeordnet, 1 mehrdeutig, 0 nicht gefunden, 0 ungültig. Partnerschaften: 1 neu, 0 zu ändern, "
        "0 unverändert (gespeichert).",
        "  1 Zeile: mehrere Orte tragen den Namen, und die Datei sagt nichts, was sie unterscheidet",
        f"Zeilenbericht: {path}.report.csv",
    ]
    report = (tmp_path / "in.csv.report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "Zeile;Status;Aktion;Partnerschaft;Begründung;Kandidaten"
    assert report[2].startswith("3;mehrdeutig;;;Halle: 5 Kommunen passen zu „Halle“")
    english = run("registry", "import", str(path), "--language", "en", "--report", str(tmp_path / "r.csv"))
    assert english.startswith("2 rows: 1 placed, 1 ambiguous, 0 not found, 0 invalid. Partnerships: 0 to create")
    assert Partnership.objects.count() == 1


def test_import_command_refuses_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match=r"Die Datei ist leer\."):
        run("registry", "import", str(path))


def test_all_or_nothing_command_fails_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Kommune;Land;Partnerkommune;Partnerland;Art\nHamburg;DE;Shanghai;CN;Städtepartnerschaft\n"
                    "Halle;DE;Shanghai;CN;Städtepartnerschaft\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Es wurde nichts importiert\."):
        run("registry", "import", str(path), "--all-or-nothing")
    assert Partnership.objects.count() == 0


def test_export_command_with_filters(tmp_path: Path) -> None:
    run("demo", "load")
    out = tmp_path / "china.json"
    run("registry", "export", "--format", "json", "--country", "CN", "--since-min", "1980", "-o", str(out))
    names = sorted(p["members"][0]["name"] + "–" + p["members"][1]["name"]
                   for p in json.loads(out.read_text())["partnerships"])
    assert names == ["Berlin–Beijing", "Duisburg–Wuhan", "Hamburg–Shanghai", "Köln–Beijing"]
    with pytest.raises(CommandError, match="unknown kind: marriage"):
        run("registry", "export", "--kind", "marriage", "-o", str(out))


def test_demo_load_is_idempotent_and_leaves_taizhou_open() -> None:
    first = run("demo", "load")
    assert first.splitlines()[0] == "Demodaten: 9 angelegt, 0 geändert, 0 unverändert."
    assert "Zeile 4 bleibt zur Klärung offen (ambiguous)" in first
    assert run("demo", "load").splitlines()[0] == "Demodaten: 0 angelegt, 0 geändert, 9 unverändert."
    assert Partnership.objects.count() == 9


def test_gazetteer_resolve_command() -> None:
    output = run("gazetteer", "resolve", "Taizhou", "--country", "China", "--region", "Zhejiang")
    assert output.splitlines()[0].startswith("placed:")
    assert " * Taizhou (CN, Zhejiang, 1.485.502 Einw.) [gn:8400694]" in output
