"""What administrations write into their municipality's record is kept and cannot take other towns' names."""

from typing import Any

import pytest
from django.test import Client

from partneratlas.conftest import gazetteer_sample
from partneratlas.editing.tests.test_municipalities import record
from partneratlas.gazetteer.loading import gazetteer_load
from partneratlas.gazetteer.models import Municipality, MunicipalityName, NameReview
from partneratlas.gazetteer.normalise import key
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


def as_stored(m: Municipality, **changes: str) -> dict[str, Any]:
    """The record form with the stored values, changed where said."""
    stored = {"latitude": str(m.latitude), "longitude": str(m.longitude), "ags": m.ags, "wikidata_qid": m.wikidata_qid,
              "source": m.source, "source_url": m.source_url, "population": str(m.population or ""),
              "alternative_names": "\n".join(m.alternative_names)}
    return record(**{**stored, **changes})


def test_a_gazetteer_reload_keeps_the_administrations_edits_and_follows_the_rest(editor: Client) -> None:
    m = Municipality.objects.get(ref=WUPPERTAL)
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", as_stored(
        m, population="355000", name_de="Stadt Wuppertal",
        alternative_names="\n".join([*m.alternative_names, "Schwebebahnstadt"])))
    places, countries = gazetteer_sample()
    newer = [dict(p, population=354572, latitude=51.25) if p["name"] == "Wuppertal" else p for p in places]
    gazetteer_load(places=newer, countries=countries, source="test sample", force=True)
    m.refresh_from_db()
    assert (m.population, m.localized_names["de"], m.latitude) == (355000, "Stadt Wuppertal", 51.25)
    assert "Schwebebahnstadt" in m.alternative_names
    found = Resolver().resolve("Schwebebahnstadt", country="DE")
    assert (found.status, found.municipality_id) == ("placed", m.pk)
    assert Resolver().resolve("Stadt Wuppertal", country="DE").municipality_id == m.pk


def test_a_wikidata_id_learned_from_an_import_is_recorded_in_the_history(tmp_path: Any, editor: Client) -> None:
    from partneratlas.registry.importing.importer import registry_import

    path = tmp_path / "wikidata.csv"
    path.write_text("item,itemLabel,countryLabel,twin,twinLabel\n"
                    "http://www.wikidata.org/entity/Q2107,Wuppertal,Germany,"
                    "http://www.wikidata.org/entity/Q58140,Dongguan,China\n", encoding="utf-8")
    registry_import(path=path)
    assert Municipality.objects.get(ref=WUPPERTAL).wikidata_qid == "Q2107"
    page = editor.get(f"/en/edit/municipalities/{WUPPERTAL}/").content.decode()
    assert "<ins>Q2107</ins>" in page


def breckerfeld() -> Municipality:
    """A small town next to Wuppertal (8,900 people), which the test gazetteer lacks."""
    town = Municipality.objects.create(ref="manual:breckerfeld", name="Breckerfeld", country_id="DE",
                                       population=8900)
    MunicipalityName.objects.create(municipality=town, country_id="DE", key=key("Breckerfeld"),
                                    quality=MunicipalityName.Quality.OFFICIAL)
    return town


def test_a_name_an_editor_adds_does_not_capture_another_towns_name(editor: Client) -> None:
    town = breckerfeld()
    m = Municipality.objects.get(ref=WUPPERTAL)
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", as_stored(
        m, alternative_names="\n".join([*m.alternative_names, "Breckerfeld"])))
    assert "Breckerfeld" in Municipality.objects.get(ref=WUPPERTAL).alternative_names
    found = Resolver().resolve("Breckerfeld", country="DE")
    assert (found.status, found.municipality_id) == ("placed", town.pk)


def test_the_agency_reviews_added_names_and_a_name_taken_back_leaves_the_record(editor: Client) -> None:
    town = breckerfeld()
    m = Municipality.objects.get(ref=WUPPERTAL)
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", as_stored(
        m, alternative_names="\n".join([*m.alternative_names, "Breckerfeld", "Schwebebahnstadt"])))
    assert editor.get("/en/edit/names/").status_code == 403  # the agency reviews, not the administration
    staff = Client()
    staff.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    assert "2 names added by administrations are waiting for review." in staff.get("/en/edit/").content.decode()
    page = staff.get("/en/edit/names/").content.decode()
    assert f'href="/en/municipalities/{town.ref}/"' in page  # Breckerfeld is another town's official name
    reviews = {r.name: r for r in NameReview.objects.all()}
    staff.post("/en/edit/names/", {"review": reviews["Schwebebahnstadt"].pk, "decision": "confirm"})
    response = staff.post("/en/edit/names/", {"review": reviews["Breckerfeld"].pk, "decision": "reject"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert ("Breckerfeld" in m.alternative_names, "Schwebebahnstadt" in m.alternative_names) == (False, True)
    assert sorted(NameReview.objects.values_list("name", "state")) == [
        ("Breckerfeld", "rejected"), ("Schwebebahnstadt", "confirmed")]
    history = staff.get(f"/en/edit/municipalities/{WUPPERTAL}/").content.decode()
    assert "name review" in history
    assert staff.post("/en/edit/names/", {"review": "١٢", "decision": "confirm"}).status_code == 404
