"""The list of questionnaires reads as many queries for 3 as for 1 (STYLE, habit 11)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.services import definition_import, response_start, version_clone
from partneratlas.questionnaires.tests.factories import definition, published

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> tuple[int, str]:
    client.get(url)  # once before counting: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _questionnaire(code: str) -> None:
    version = published(code)
    response_start(version=version, subject=f"{code}:1", language="de")
    version_clone(version=version)


def test_the_list_reads_as_many_queries_for_three_questionnaires_as_for_one(client: Client) -> None:
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    _questionnaire("checkup-a")
    one, page = queries(client, "/en/questionnaires/")
    assert page.count("Version 2</a>") == 1
    assert page.count("1 response") == 1
    _questionnaire("checkup-b")
    _questionnaire("checkup-c")
    definition_import(raw=definition("feedback"))
    three, page = queries(client, "/en/questionnaires/")
    assert page.count("Version 2</a>") == 3
    assert page.count("Version 1</a>") == 4
    assert three == one
