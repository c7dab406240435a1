"""An emptied field is emptied: in the editor, by a revert, in the API's answer afterwards."""

import datetime

import pytest
from django.test import Client

from partneratlas.editing.tests.test_editing import form
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


def test_an_emptied_since_year_and_signing_date_are_emptied(editor: Client) -> None:
    editor.post("/en/edit/partnerships/new/", form(signed_on="2016-05-02"))
    p = Partnership.objects.get()
    assert (p.start_year, p.signed_on) == (2016, datetime.date(2016, 5, 2))
    response = editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, start_year="", signed_on=""))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.start_year, p.signed_on, p.version) == (None, None, 2)
    assert Client().get(f"/api/v1/partnerships/{p.uid}").json()["since"] is None


def test_a_revert_restores_fields_that_were_empty_in_that_version(editor: Client) -> None:
    editor.post("/en/edit/partnerships/new/", form(start_year=""))
    p = Partnership.objects.get()
    assert p.start_year is None
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, start_year="1999", signed_on="1999-01-02"))
    p.refresh_from_db()
    assert p.start_year == 1999
    editor.post(f"/en/edit/partnerships/{p.uid}/history/1/revert/")
    p.refresh_from_db()
    assert (p.start_year, p.signed_on, p.version) == (None, None, 3)


def test_an_emptied_population_of_a_municipality_is_emptied_and_restored(editor: Client) -> None:
    from partneratlas.editing.tests.test_municipalities import record

    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", record(population="", ags=""))
    m = Municipality.objects.get(ref=WUPPERTAL)
    assert (m.population, m.ags) == (None, "")
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/", record(population="355000"))
    editor.post(f"/en/edit/municipalities/{WUPPERTAL}/history/2/revert/")
    assert Municipality.objects.get(ref=WUPPERTAL).population is None
