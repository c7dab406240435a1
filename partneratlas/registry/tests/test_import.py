import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.importing import importer
from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.importing.reading import ImportFileError
from partneratlas.registry.importing.report import write_report
from partneratlas.registry.models import Partnership, StatusChange, Topic

pytestmark = pytest.mark.django_db

GERMAN_HEADER = "Kommune;Land;Partnerkommune;Partnerland;Partnerregion;Art;seit;Status;SDG;Themen;Arbeitssprachen"
GERMAN_ROWS = [
    "Wuppertal;Deutschland;Dongguan;China;;Städtepartnerschaft;2016;aktiv;11, 17;Wirtschaftsförderung;Deutsch, Chinesisch",
    "Wuppertal;Deutschland;Taizhou;China;Zhejiang;Kooperationsvereinbarung;2018;aktiv;;;",
    "Hamburg;Deutschland;Shanghai;China;;Städtepartnerschaft;1986;aktiv;;Klimaanpassung;",
    "Gießen;Deutschland;Taizhou;China;;Städtepartnerschaft;2000;aktiv;;;",
    "Düsseldorf;Deutschland;Atlantis;China;;Städtepartnerschaft;2000;aktiv;;;",
    "Essen;Deutschland;Changzhou;VR China;;Projektpartnerschaft;2013;irgendwie;;;",
]


def write(tmp_path: Path, lines: list[str], encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def statuses(result: importer.ImportResult) -> list[tuple[int, str, str]]:
    return [(r.row, r.status, r.action) for r in result.rows]


def test_german_excel_file_places_reports_and_writes(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, *GERMAN_ROWS], "cp1252"))
    assert statuses(result) == [
        (2, "placed", "create"), (3, "placed", "create"), (4, "placed", "create"),
        (5, "ambiguous", ""), (6, "not_found", ""), (7, "invalid", ""),
    ]
    assert result.rows[3].candidates[0].startswith("Taizhou (CN, Jiangsu")
    assert result.rows[5].reason == "Status: unknown status “irgendwie” (known: initiating, active, dormant, ended)"
    assert Partnership.objects.count() == 3
    wuppertal_dongguan = Partnership.objects.get(uid=result.rows[0].partnership)
    assert [m.municipality.ref for m in wuppertal_dongguan.memberships.all()] == ["gn:2805753", "gn:1812545"]
    assert (wuppertal_dongguan.kind.code, wuppertal_dongguan.start_year, wuppertal_dongguan.status) == (
        "twinning", 2016, "active")
    assert sorted(wuppertal_dongguan.sdgs.values_list("number", flat=True)) == [11, 17]
    assert list(wuppertal_dongguan.topics.values_list("code", flat=True)) == ["economic-development"]
    assert wuppertal_dongguan.working_languages == ["de", "zh"]
    assert wuppertal_dongguan.source == "import of in.csv"
    assert list(wuppertal_dongguan.status_history.values_list("status", "year")) == [("active", 2016)]


def test_row_report_says_why_each_member_was_chosen(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, *GERMAN_ROWS[:2]]), dry_run=True)
    assert result.rows[0].reason == (
        "Wuppertal → Wuppertal [gn:2805753]: the only municipality of that name; "
        "Dongguan → Dongguan [gn:1812545]: population 9,644,871 far exceeds that of the next candidate (0)")
    assert "(within region Zhejiang)" in result.rows[1].reason


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_encodings_and_separators(tmp_path: Path, encoding: str, separator: str) -> None:
    lines = [line.replace(";", separator) for line in
             ["Stadt;Land;Partnerstadt;Partnerland;Art;Beginn", "Gießen;DE;Düsseldorf;DE;Freundschaft;1999"]]
    result = registry_import(path=write(tmp_path, lines, encoding))
    assert statuses(result) == [(2, "placed", "create")]
    assert Partnership.objects.get().members_key


def test_english_headers_and_quoted_cells(tmp_path: Path) -> None:
    lines = ['municipality,country,partner,partner country,kind,since,description',
             'Potsdam,Germany,Zanzibar,Tanzania,friendship,,"Schools, hospitals; and ""more"""']
    result = registry_import(path=write(tmp_path, lines))
    assert statuses(result) == [(2, "placed", "create")]
    assert Partnership.objects.get().description == 'Schools, hospitals; and "more"'


def test_xlsx_with_dates_and_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kommune", "Land", "Partnerkommune", "Partnerland", "Art", "seit", "Unterzeichnung"])
    sheet.append(["Hamburg", "DE", "Shanghai", "CN", "Städtepartnerschaft", 1986, datetime.datetime(1986, 5, 29)])
    path = tmp_path / "in.xlsx"
    workbook.save(path)
    result = registry_import(path=path)
    assert statuses(result) == [(2, "placed", "create")]
    assert (Partnership.objects.get().start_year, Partnership.objects.get().signed_on) == (
        1986, datetime.date(1986, 5, 29))


def test_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, [GERMAN_HEADER, *GERMAN_ROWS])
    first = registry_import(path=path)
    before = list(Partnership.objects.values_list("id", "updated_at"))
    history = StatusChange.objects.count()
    second = registry_import(path=path)
    assert [r.action for r in second.rows[:3]] == ["unchanged"] * 3
    assert [r.partnership for r in second.rows[:3]] == [r.partnership for r in first.rows[:3]]
    assert list(Partnership.objects.values_list("id", "updated_at")) == before
    assert StatusChange.objects.count() == history


def test_corrected_file_updates_and_keeps_status_history(tmp_path: Path) -> None:
    registry_import(path=write(tmp_path, [GERMAN_HEADER, GERMAN_ROWS[0]]))
    corrected = GERMAN_ROWS[0].replace("2016;aktiv;11, 17", "2015;ruhend;11")
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER + ";Status seit", corrected + ";2023"]))
    assert statuses(result) == [(2, "placed", "update")]
    assert result.rows[0].reason.endswith("changed: seit, SDG, Status")
    partnership = Partnership.objects.get()
    assert (partnership.start_year, partnership.status) == (2015, "dormant")
    assert list(partnership.sdgs.values_list("number", flat=True)) == [11]
    assert list(partnership.status_history.values_list("status", "year")) == [("active", 2016), ("dormant", 2023)]


def test_columns_missing_from_a_file_leave_data_alone(tmp_path: Path) -> None:
    registry_import(path=write(tmp_path, [GERMAN_HEADER, GERMAN_ROWS[0]]))
    result = registry_import(path=write(tmp_path, ["Kommune;Land;Partnerkommune;Partnerland", "Wuppertal;DE;东莞;中国"]))
    assert statuses(result) == [(2, "placed", "unchanged")]
    assert sorted(Partnership.objects.get().sdgs.values_list("number", flat=True)) == [11, 17]


def test_failure_half_way_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry_import(path=write(tmp_path, [GERMAN_HEADER, GERMAN_ROWS[0]]))
    before = list(Partnership.objects.values_list("uid", "start_year"))
    lines = [GERMAN_HEADER, GERMAN_ROWS[0].replace("2016", "2010"), *GERMAN_ROWS[1:3]]
    monkeypatch.setattr(importer, "_BATCH", 1)  # write one partnership per batch

    def interrupt_after_first_batch(done: int, total: int) -> None:
        raise KeyboardInterrupt  # what Ctrl-C raises

    with pytest.raises(KeyboardInterrupt):
        registry_import(path=write(tmp_path, lines), progress=interrupt_after_first_batch)
    assert list(Partnership.objects.values_list("uid", "start_year")) == before
    assert not Topic.objects.filter(code="klimaanpassung").exists()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, *GERMAN_ROWS]), dry_run=True)
    assert [r.action for r in result.rows[:3]] == ["create"] * 3
    assert (result.applied, Partnership.objects.count()) == (False, 0)


def test_all_or_nothing_refuses_a_file_with_unplaced_rows(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, *GERMAN_ROWS]), all_or_nothing=True)
    assert (result.applied, Partnership.objects.count()) == (False, 0)


def test_duplicate_rows_in_one_file(tmp_path: Path) -> None:
    contradicting = GERMAN_ROWS[0].replace("2016", "2017")
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, GERMAN_ROWS[0], GERMAN_ROWS[0], contradicting]))
    assert statuses(result) == [(2, "placed", "create"), (3, "placed", "unchanged"), (4, "invalid", "")]
    assert result.rows[1].reason == "same as row 2"
    assert result.rows[2].reason == "contradicts row 2"
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("Wuppertal;DE;Dongguan;CN;;Städtepartnerschaft;19xx;aktiv;;;", "seit: “19xx” is not a year"),
        ("Wuppertal;DE;Dongguan;CN;;Ehe;2016;aktiv;;;", "Art: unknown kind of partnership “Ehe”"),
        ("Wuppertal;DE;Dongguan;CN;;Städtepartnerschaft;2016;aktiv;18;;", "SDG: “18” is not one of the 17 SDGs"),
        ("Wuppertal;DE;Dongguan;CN;;Städtepartnerschaft;2016;aktiv;;;Klingonisch", "unknown language “Klingonisch”"),
        ("Wuppertal;DE;;;;Städtepartnerschaft;2016;aktiv;;;", "a partnership needs at least two members"),
        ("Wuppertal;DE;Wuppertal;DE;;Städtepartnerschaft;2016;aktiv;;;", "the same municipality is named twice"),
        ("Wuppertal;Atlantis;Dongguan;CN;;Städtepartnerschaft;2016;aktiv;;;", "country “Atlantis” not recognised"),
    ],
)
def test_bad_rows_are_invalid_with_a_reason(tmp_path: Path, cells: str, reason: str) -> None:
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, cells]))
    assert result.rows[0].status == "invalid"
    assert reason in result.rows[0].reason
    assert Partnership.objects.count() == 0


def test_unknown_topics_are_created_as_tags(tmp_path: Path) -> None:
    lines = ["Kommune;Land;Partnerkommune;Partnerland;Art;Themen", "Essen;DE;Changzhou;CN;Projekt;Jugend, Urban Gardening"]
    result = registry_import(path=write(tmp_path, lines))
    assert result.new_topics == ["Urban Gardening"]
    assert sorted(Partnership.objects.get().topics.values_list("code", flat=True)) == ["urban-gardening", "youth"]


def test_partnership_of_three_members_and_of_two_states(tmp_path: Path) -> None:
    lines = ["Kommune;Land;Partnerkommune;Partnerland;Partnerkommune 2;Partnerland 2;Art",
             "Bonn;DE;Kraków;PL;Lviv;UA;Projektpartnerschaft",
             "Rheinland-Pfalz;DE;Ruanda;RW;;;Städtepartnerschaft"]
    result = registry_import(path=write(tmp_path, lines))
    assert statuses(result) == [(2, "placed", "create"), (3, "placed", "create")]
    three = Partnership.objects.get(uid=result.rows[0].partnership)
    assert three.memberships.count() == 3
    states = Partnership.objects.get(uid=result.rows[1].partnership)
    assert sorted(states.members.values_list("kind", flat=True)) == ["country", "state"]


def test_wikidata_query_result(tmp_path: Path) -> None:
    lines = [
        "item,itemLabel,countryLabel,twin,twinLabel,start",
        "http://www.wikidata.org/entity/Q2107,Wuppertal,Germany,http://www.wikidata.org/entity/Q58140,Dongguan,"
        "2016-01-01T00:00:00Z",
        "http://www.wikidata.org/entity/Q58140,Dongguan,People's Republic of China,"
        "http://www.wikidata.org/entity/Q2107,Wuppertal,2016-01-01T00:00:00Z",
        "http://www.wikidata.org/entity/Q1055,Hamburg,Germany,http://www.wikidata.org/entity/Q8686,Shanghai,1986",
    ]
    result = registry_import(path=write(tmp_path, lines))
    assert statuses(result) == [(2, "placed", "create"), (3, "placed", "unchanged"), (4, "placed", "create")]
    partnership = Partnership.objects.get(uid=result.rows[0].partnership)
    assert (partnership.kind.code, partnership.start_year, partnership.source) == ("twinning", 2016, "Wikidata")
    assert partnership.source_url == "https://www.wikidata.org/wiki/Q2107"
    assert Municipality.objects.get(ref="gn:2805753").wikidata_qid == "Q2107"
    again = registry_import(path=write(tmp_path, lines))
    assert [r.action for r in again.rows] == ["unchanged"] * 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"just one word\nand another", "The first line has no “;”, “,” or tab between column names."),
        (b"a;b\n1;2", "The file needs a column for each partner"),
        (b"PK\x03\x04garbage", "The XLSX file is damaged or not an Excel workbook."),
        (b"{not json", "The JSON file is malformed"),
        (b"\x00\x01\x02;\x03", "This is not a CSV, XLSX or JSON file."),
    ],
)
def test_unreadable_files_give_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as error:
        registry_import(path=path)
    assert str(error.value).startswith(message)


def test_unreadable_file_message_in_german(tmp_path: Path) -> None:
    from django.utils import translation

    path = tmp_path / "bad.csv"
    path.write_bytes(b"")
    with translation.override("de"), pytest.raises(ImportFileError) as error:
        registry_import(path=path)
    assert str(error.value) == "Die Datei ist leer."


def test_report_csv(tmp_path: Path) -> None:
    result = registry_import(path=write(tmp_path, [GERMAN_HEADER, *GERMAN_ROWS]), dry_run=True)
    report = tmp_path / "report.csv"
    write_report(result, report)
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row;status;action;partnership;reason;candidates"
    assert lines[4].startswith("5;ambiguous;;;Taizhou: 3 municipalities match “Taizhou”;Taizhou (CN, Jiangsu")
    assert len(lines) == 7


def test_actors_with_kind_role_and_side(tmp_path: Path) -> None:
    lines = ["Kommune;Partnerkommune;Partnerland;Art;Akteure",
             "Hamburg;Shanghai;China;Städtepartnerschaft;"
             '"Senatskanzlei (Verwaltungsspitze; koordiniert; Hamburg); Tongji-Universität (Hochschule; ; 上海); '
             'Freundeskreis (Jugendaustausch)"']
    result = registry_import(path=write(tmp_path, lines))
    assert statuses(result) == [(2, "placed", "create")], result.rows[0].reason
    hamburg_shanghai = Partnership.objects.get(uid=result.rows[0].partnership)
    assert [(a.name, a.kind, a.role, a.municipality.ref if a.municipality else None)
            for a in hamburg_shanghai.actors.all()] == [
        ("Senatskanzlei", "mayors_office", "koordiniert", "gn:2911298"),
        ("Tongji-Universität", "university", "", "gn:1796236"),
        ("Freundeskreis", "other", "Jugendaustausch", None),
    ]
    # The same file again changes nothing; a changed role is reported as a change of "Akteure"
    assert statuses(registry_import(path=write(tmp_path, lines))) == [(2, "placed", "unchanged")]
    changed = [lines[0], lines[1].replace("koordiniert", "lädt ein")]
    report = registry_import(path=write(tmp_path, changed)).rows[0]
    assert (report.action, report.reason.rsplit("; ", 1)[-1]) == ("update", "changed: Akteure")
    assert hamburg_shanghai.actors.get(name="Senatskanzlei").role == "lädt ein"


@pytest.mark.parametrize(("cell", "reason"), [
    ("Senatskanzlei (Verwaltungsspitze; koordiniert; Kiel)", "Akteure: “Kiel” is not a member of this partnership"),
    ("Senatskanzlei (Rat; a; Hamburg; b)",
     "Akteure: “Senatskanzlei (Rat; a; Hamburg; b)” is not an actor as “Name (kind; role; member)”"),
])
def test_bad_actors_make_the_row_invalid(tmp_path: Path, cell: str, reason: str) -> None:
    lines = ["Kommune;Partnerkommune;Partnerland;Art;Akteure", f'Hamburg;Shanghai;China;Städtepartnerschaft;"{cell}"']
    result = registry_import(path=write(tmp_path, lines))
    assert (result.rows[0].status, result.rows[0].reason) == ("invalid", reason)
    assert not Partnership.objects.exists()
