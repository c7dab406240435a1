"""A municipality's administration keeps its record: names, population, keys; with history and revert."""

import pytest
from django.test import Client

from partneratlas.gazetteer.models import Municipality
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.history.models import Revision
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db


def record(**changes: str) -> dict[str, str]:
    data = {"name_de": "Wuppertal", "name_en": "Wuppertal", "name_zh-hans": "伍珀塔尔",
            "alternative_names": "Wuppertal-Elberfeld\nSchwebebahnstadt", "population": "355000",
            "latitude": "51.2562", "longitude": "7.1508", "ags": "05124000", "wikidata_qid": "Q2107",
            "source": "Stadt Wuppertal", "source_url": "www.wuppertal.de", "verified": "on"}
    data.update(changes)
    return data


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


def test_the_administration_edits_its_record_and_the_search_finds_the_new_name(editor: Client) -> None:
    assert "Wuppertal" in editor.get("/en/edit/").content.decode()
    response = editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", record())
    assert response.status_code == 302
    m = Municipality.objects.get(ref=WUPPERTAL)
    assert (m.population, m.ags, m.wikidata_qid, m.source_url) == (355000, "05124000", "Q2107", "https://www.wuppertal.de")
    assert m.localized_names["zh-hans"] == "伍珀塔尔"
    assert "Schwebebahnstadt" in m.alternative_names
    found = Resolver().resolve("Schwebebahnstadt", country="DE")
    assert found.status == "placed"
    assert found.municipality_id == m.pk
    assert Revision.objects.filter(kind="municipality", object_id=m.pk).count() == 2  # the gazetteer's state and the edit
    page = editor.get(f"/en/edit/municipalities/{WUPPERTAL}/").content.decode()
    assert "<ins>355000</ins>" in page
    assert "ed@wuppertal.de" in page


def test_revert_restores_the_state_before(editor: Client) -> None:
    before = Municipality.objects.get(ref=WUPPERTAL).population
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", record())
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/history/1/revert/")
    m = Municipality.objects.get(ref=WUPPERTAL)
    assert m.population == before
    assert Revision.objects.filter(kind="municipality", object_id=m.pk).count() == 3


def test_bad_values_are_refused_in_the_users_language(editor: Client) -> None:
    page = editor.post(f"/edit/municipalities/{WUPPERTAL}/", record(ags="51240", latitude="95")).content.decode()
    assert "8 oder 12 Ziffern." in page
    assert "Dieser Wert muss kleiner oder gleich 90 sein." in page
    assert not Revision.objects.filter(kind="municipality").exists()


def test_only_the_own_administration_the_partner_side_for_its_own_and_the_agency_edit(client: Client) -> None:
    client.force_login(persona("hh@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG))
    assert client.get(f"/en/edit/municipalities/{WUPPERTAL}/").status_code == 403
    assert client.post(f"/en/edit/municipalities/{WUPPERTAL}/", record()).status_code == 403
    partner = Client()
    partner.force_login(persona("p@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN))
    assert partner.get(f"/en/edit/municipalities/{DONGGUAN}/").status_code == 200
    assert partner.get(f"/en/edit/municipalities/{WUPPERTAL}/").status_code == 403
    assert Client().get(f"/en/edit/municipalities/{WUPPERTAL}/").status_code == 302
