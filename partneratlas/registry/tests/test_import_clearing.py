"""An import column that is present and empty clears the field; an absent column keeps it."""

from pathlib import Path

import pytest

from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.models import Partnership

pytestmark = pytest.mark.django_db

FULL = ["Kommune;Partnerkommune;Partnerland;Art;seit;Unterzeichnung;geprüft am",
        "Wuppertal;Dongguan;China;Städtepartnerschaft;2016;02.05.2016;01.02.2024"]


def write(tmp_path: Path, lines: list[str], name: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_present_empty_column_clears_and_an_absent_one_keeps(tmp_path: Path) -> None:
    registry_import(path=write(tmp_path, FULL, "full.csv"))
    p = Partnership.objects.get()
    assert (p.start_year, str(p.signed_on), str(p.verified_on)) == (2016, "2016-05-02", "2024-02-01")

    kept = registry_import(path=write(tmp_path, ["Kommune;Partnerkommune;Partnerland",
                                                 "Wuppertal;Dongguan;China"], "absent.csv"))
    assert [r.action for r in kept.rows] == ["unchanged"]
    p.refresh_from_db()
    assert (p.start_year, str(p.signed_on)) == (2016, "2016-05-02")

    cleared = registry_import(path=write(tmp_path, ["Kommune;Partnerkommune;Partnerland;seit;Unterzeichnung",
                                                    "Wuppertal;Dongguan;China;;"], "empty.csv"))
    assert [r.action for r in cleared.rows] == ["update"]
    p.refresh_from_db()
    assert (p.start_year, p.signed_on, str(p.verified_on)) == (None, None, "2024-02-01")
