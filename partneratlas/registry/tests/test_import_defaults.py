"""Files as people keep them: no kind column, no country for the first member, years under many names."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.importing.parsing import Vocabularies
from partneratlas.registry.models import Partnership, PartnershipKind
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, lines: list[str], name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_file_without_a_kind_column_records_new_partnerships_as_not_yet_classified(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, ["Kommune;Land;Partnerkommune;Partnerland",
                                                   "Essen;DE;Changzhou;CN"]))
    assert [(r.status, r.action) for r in result.rows] == [("placed", "create")]
    assert Partnership.objects.get().kind.code == "unclassified"
    assert result.notes == ["The file has no column for the kind of partnership: new partnerships are recorded as "
                            "“Not yet classified”."]


def test_the_kind_chosen_for_the_file_is_used_and_a_stored_kind_is_kept(tmp_path: Path) -> None:
    kept = partnership(WUPPERTAL, DONGGUAN, kind="twinning")
    friendship = PartnershipKind.objects.get(code="friendship").pk
    result = registry_import(path=write(tmp_path, ["Kommune;Land;Partnerkommune;Partnerland",
                                                   "Essen;DE;Changzhou;CN", "Wuppertal;DE;Dongguan;CN"]),
                             kind=friendship)
    assert [r.action for r in result.rows] == ["create", "unchanged"]
    assert Partnership.objects.get(memberships__municipality__name="Essen").kind.code == "friendship"
    kept.refresh_from_db()
    assert kept.kind.code == "twinning"
    assert result.notes[0].endswith("recorded as “Friendship”.")


@pytest.mark.parametrize(("written", "code"), [
    ("official_twinning", "twinning"), ("Partnerschaft mit Urkunde", "twinning"), ("sister city", "twinning"),
    ("Freundschaftsvertrag", "friendship"), ("friendship agreement", "friendship"),
    ("cooperation_agreement", "cooperation"), ("Kooperationsabkommen", "cooperation"),
    ("climate_partnership", "climate"), ("k. A.", "unclassified"), ("友城", "twinning"),
])
def test_kinds_as_people_write_them(written: str, code: str) -> None:
    assert Vocabularies().kind(written) == PartnershipKind.objects.get(code=code).pk


def test_the_agency_extends_the_synonyms(tmp_path: Path) -> None:
    kind = PartnershipKind.objects.get(code="friendship")
    kind.aliases = [*kind.aliases, "Städtefreundschaftsvertrag von 1990"]
    kind.save()
    result = registry_import(path=write(tmp_path, ["Kommune;Land;Partnerkommune;Partnerland;Art",
                                                   "Essen;DE;Changzhou;CN;Städtefreundschaftsvertrag von 1990"]))
    assert result.rows[0].status == "placed"
    assert Partnership.objects.get().kind == kind


def test_no_country_for_the_first_member_assumes_the_registrys_own_and_says_so(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, ["Kommune;Partnerkommune;Partnerland", "Essen;Changzhou;CN",
                                                   "Dongguan;Wuppertal;DE"]), dry_run=True)
    assert [r.status for r in result.rows] == ["placed", "not_found"]  # Dongguan is not in Germany
    assert "The file names no country for the first member: Germany assumed." in result.notes


def test_the_country_chosen_for_the_first_member(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, ["Kommune;Partnerkommune;Partnerland", "Dongguan;Wuppertal;DE"]),
                             dry_run=True, country="CN")
    assert [r.status for r in result.rows] == ["placed"]
    assert "The file names no country for the first member: China, as chosen for this import." in result.notes


@pytest.mark.parametrize("header", ["since_year", "year", "Jahr", "Gründungsjahr", "established", "Partnerschaft seit",
                                    "twinned since", "结好年份"])
def test_years_under_the_usual_headers(tmp_path: Path, header: str) -> None:
    result = registry_import(path=write(tmp_path, [f"Kommune;Land;Partnerkommune;Partnerland;{header}",
                                                   "Essen;DE;Changzhou;CN;1998"]))
    assert result.ignored_columns == []
    assert Partnership.objects.get().start_year == 1998


def test_the_command_takes_kind_and_country(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, ["Kommune;Partnerkommune;Partnerland", "Dongguan;Wuppertal;DE"])
    call_command("registry", "import", str(path), "--kind", "Projektpartnerschaft", "--country", "China",
                 "--language", "en")
    out = capsys.readouterr().out
    assert "1 placed" in out
    assert "China, as chosen for this import" in out
    assert Partnership.objects.get().kind.code == "project"


def test_statistics_and_filters_show_not_yet_classified_as_such(tmp_path: Path, client: Client) -> None:
    registry_import(path=write(tmp_path, ["Kommune;Land;Partnerkommune;Partnerland", "Essen;DE;Changzhou;CN"]))
    assert "unclassified;Not yet classified;1" in client.get("/en/statistics/kind.csv").content.decode()
    assert '<option value="unclassified">Not yet classified</option>' in client.get("/en/map/").content.decode()
    assert client.get("/api/v1/partnerships?kind=unclassified").json()["count"] == 1
