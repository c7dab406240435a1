"""Issue 11: a real-looking list with districts, boroughs and the names people write; the grouped reasons."""

from dataclasses import asdict
from pathlib import Path

import pytest
from django.core.management import call_command

from partneratlas.registry.importing.causes import grouped
from partneratlas.registry.importing.importer import registry_import

pytestmark = pytest.mark.django_db

LIST = [
    "Kommune;Land;Partnerkommune;Partnerland;seit",
    "Rhein-Kreis Neuss;DE;Haidian (Beijing);CN;1995",
    "Kreis Lippe;DE;Yichun, Heilongjiang;CN;2001",
    "Landkreis Göttingen;DE;Kunshan;CN;2010",
    "Altona (Hamburg);DE;Budapest XIII;HU;",
    "Friedrichshain-Kreuzberg;DE;Praha 6;CZ;",
    "Landkreis Nirgendwo;DE;Pudong;CN;",
    "Landkreis Irgendwo;DE;Kunshan;CN;",
    "Göttingen;DE;Taizhou;CN;",
    "Wuppertal;DE;Yichun;CN;",
]


def test_a_list_of_districts_and_boroughs_places_and_says_why_the_rest_is_not(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("\n".join(LIST), encoding="utf-8")
    result = registry_import(path=path, dry_run=True)
    statuses = [r.status for r in result.rows]
    assert statuses == ["placed"] * 5 + ["not_found", "not_found", "ambiguous", "ambiguous"]
    assert "Heilongjiang" in result.rows[1].reason  # the hint that decided is named
    summary = grouped(asdict(r) for r in result.rows)
    assert [(cause, count) for cause, count, _text in summary] == [("not_found_district", 2), ("ambiguous", 2)]
    assert summary[0][2] == "2 rows: partner is a district, not in the gazetteer"
    first = result.rows[5].unresolved[0]
    assert (first["name"], first["status"], first["cause"]) == ("Landkreis Nirgendwo", "not_found", "not_found_district")
    assert len(result.rows[7].unresolved[0]["candidates"]) >= 2


def test_the_command_prints_the_grouped_reasons_in_german(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from django.utils import translation

    path = tmp_path / "liste.csv"
    path.write_text("\n".join(LIST), encoding="utf-8")
    with translation.override("de"):
        call_command("registry", "import", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "2 Zeilen: Partner ist ein Kreis, nicht im Ortsverzeichnis" in out


def test_an_unresolved_member_keeps_the_region_its_country_cell_gave(tmp_path: Path) -> None:
    """"Jiangsu, China" in the country cell is the region the resolver used: the alias must be settled for it."""
    path = tmp_path / "liste.csv"
    path.write_text("Kommune;Land;Partnerkommune;Partnerland\nWuppertal;DE;Nirgendwo;Jiangsu, China", encoding="utf-8")
    unresolved = registry_import(path=path, dry_run=True).rows[0].unresolved[0]
    assert (unresolved["name"], unresolved["country"], unresolved["region"]) == ("Nirgendwo", "CN", "Jiangsu")
