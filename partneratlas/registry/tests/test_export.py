import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest

from partneratlas.registry.exporting import export, record
from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.models import Actor, CouncilResolution, Partnership
from partneratlas.registry.selectors import PartnershipFilter, partnership_rows, partnerships_filtered
from partneratlas.registry.tests.factories import (
    CHANGZHOU,
    DONGGUAN,
    ESSEN,
    HAMBURG,
    RHINELAND_PALATINATE,
    RWANDA,
    SHANGHAI,
    WUPPERTAL,
    partnership,
)

pytestmark = pytest.mark.django_db


def build_registry() -> None:
    hamburg = partnership(HAMBURG, SHANGHAI, since=1986, sdgs=[7, 11, 13], topics=["climate-adaptation"],
                          history=[("initiating", 1984, None), ("active", 1986, datetime.date(1986, 5, 29))],
                          description='Hamburg House; "first" passive house, 第一')
    CouncilResolution.objects.create(partnership=hamburg, date=datetime.date(1985, 11, 12), reference="Drs. 11/123")
    Actor.objects.create(partnership=hamburg, position=0, name="Senatskanzlei", kind="mayors_office",
                         role="coordinates; hosts delegations", municipality=hamburg.members.get(ref=HAMBURG))
    Actor.objects.create(partnership=hamburg, position=1, name="Verein (Hamburg) e.V.", kind="association",
                         municipality=hamburg.members.get(ref=SHANGHAI))
    Actor.objects.create(partnership=hamburg, position=2, name="Tongji-Universität", kind="university")
    hamburg.working_languages = ["de", "zh", "en"]
    hamburg.verified_on = datetime.date(2024, 3, 1)
    hamburg.source_url = "https://example.org/hamburg-shanghai"
    hamburg.save()
    partnership(WUPPERTAL, DONGGUAN, ESSEN, kind="project", status="dormant", since=2016)
    partnership(ESSEN, CHANGZHOU, kind="friendship", status="ended",
                history=[("active", 2000, None), ("dormant", 2015, None), ("ended", 2020, None)])
    partnership(RHINELAND_PALATINATE, RWANDA, since=1982, sdgs=[4])
    # A second partnership of the same members, told apart by its id
    partnership(HAMBURG, SHANGHAI, kind="climate", since=2021, sdgs=[13])


def registry_state() -> list[dict[str, Any]]:
    rows = partnership_rows(Partnership.objects.order_by("uid").values_list("id", flat=True))
    state = []
    for row in rows:
        item = record(row)
        item["source"] = item["source"] or None
        state.append(item)
    return state


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_into_an_empty_registry_gives_the_same_registry(tmp_path: Path, fmt: str) -> None:
    build_registry()
    before = registry_state()
    path = tmp_path / f"registry.{fmt}"
    with open(path, "wb") as out:
        assert export(Partnership.objects.all(), fmt, out) == 5
    Partnership.objects.all().delete()

    result = registry_import(path=path)
    assert [r.status for r in result.rows] == ["placed"] * 5, [r.reason for r in result.rows]
    assert registry_state() == before
    again = registry_import(path=path)
    assert [r.action for r in again.rows] == ["unchanged"] * 5


def test_csv_export_opens_in_german_excel(tmp_path: Path) -> None:
    build_registry()
    out = io.BytesIO()
    export(partnerships_filtered(PartnershipFilter(country="RW")), "csv", out)
    data = out.getvalue()
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id;municipality;country;region;ref;partner;partner country;partner region;partner ref")
    assert ";Rheinland-Pfalz;DE;" in lines[1]
    assert ";Rwanda;RW;;country:RW;twinning;active;;1982 active;1982;" in lines[1]
    assert len(lines) == 2


def test_geojson_export(tmp_path: Path) -> None:
    build_registry()
    out = io.BytesIO()
    export(partnerships_filtered(PartnershipFilter(kind="friendship")), "geojson", out)
    document = json.loads(out.getvalue())
    assert document["type"] == "FeatureCollection"
    (feature,) = document["features"]
    assert feature["geometry"]["type"] == "MultiPoint"
    assert feature["geometry"]["coordinates"] == [[7.01228, 51.45657], [119.95401, 31.77359]]
    assert feature["properties"]["status"] == "ended"
    assert [m["name"] for m in feature["properties"]["members"]] == ["Essen", "Changzhou"]
