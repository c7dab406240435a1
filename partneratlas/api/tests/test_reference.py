"""The API reference for people (/data/api/), built from the OpenAPI schema, and /api/v1/docs leading to it."""

import pytest
from django.test import Client

from partneratlas.api.reference import OPERATIONS, meaning, operations, values
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def test_reference_describes_every_operation_and_parameter() -> None:
    """A parameter or endpoint added to the API without words for people fails here."""
    assert {(o.method, o.path) for o in operations()} == set(OPERATIONS)
    for operation in operations():
        for parameter in operation.parameters:
            assert meaning(operation.path, parameter.name), (operation.path, parameter.name)


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": "integer", "minimum": 1, "maximum": 17}, "a whole number from 1 to 17"),
    ({"type": "integer", "minimum": 1, "maximum": 9223372036854775807}, "a whole number, at least 1"),
    ({"type": "string", "minLength": 2, "maxLength": 2}, "text of 2 characters"),
    ({"type": "string", "maxLength": 200}, "text of at most 200 characters"),
    ({"type": "string"}, "text"),
    ({"type": "string", "enum": ["id", "since"]}, "one of: id, since"),
])
def test_values_are_said_in_words(schema: dict[str, object], expected: str) -> None:
    assert values(schema) == expected


@pytest.mark.parametrize(("language", "target"), [("de", "/data/api/"), ("en", "/en/data/api/"),
                                                  ("zh-hans", "/zh-hans/data/api/")])
def test_docs_address_leads_to_the_reference_in_the_readers_language(client: Client, language: str,
                                                                     target: str) -> None:
    response = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=language)
    assert (response.status_code, response["Location"]) == (302, target)


def test_reference_lists_each_endpoint_with_its_parameters_and_an_example(client: Client) -> None:
    record = partnership(WUPPERTAL, DONGGUAN)
    page = client.get("/en/data/api/").content.decode()
    assert '<html lang="en">' in page
    assert '<code class="request">GET /api/v1/partnerships</code>' in page
    assert '<code class="request">GET /api/v1/municipalities/{ref}</code>' in page
    assert ('<td data-label="Values">a whole number from 1 to 17</td>\n        <td data-label="Default">–</td>\n'
            '        <td data-label="Meaning">A Sustainable Development Goal the partnership works on.</td>') in page
    assert '<td data-label="Values">one of: initiating, active, dormant, ended</td>' in page
    assert '<a href="/api/v1/partnerships?country=CN&amp;limit=5">' in page
    assert f'<a href="/api/v1/partnerships/{record.uid}">' in page
    assert '<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>' in page


def test_reference_is_linked_from_the_open_data_page(client: Client) -> None:
    assert '<a href="/zh-hans/data/api/">' in client.get("/zh-hans/data/").content.decode()
