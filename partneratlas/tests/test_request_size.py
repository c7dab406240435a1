"""A request body larger than REQUEST_MAX_MB is refused before anything reads it (issue 10, fault 3)."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partneratlas.editing.models import ImportJob
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class Body:
    """A request body that counts what is read of it and stops a reader that goes on past 1 MB."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = MB if size is None or size < 0 else size
        self.read_bytes += size
        if self.read_bytes > MB:
            raise AssertionError("the body is being read")
        return b"x" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


def post(client: Client, path: str, body: Body, length: str, **extra: str) -> Any:
    return client.generic("POST", path, b"", content_type="multipart/form-data; boundary=----x",
                          CONTENT_LENGTH=length, **{"wsgi.input": body}, **extra)


@pytest.mark.parametrize(("prefix", "message"), [
    ("/en", "The file is 200.0\xa0MB; at most 20.0\xa0MB can be uploaded."),
    ("", "Die Datei ist 200,0\xa0MB groß; hochgeladen werden können höchstens 20,0\xa0MB."),
    ("/zh-hans", "文件大小为 200.0\xa0MB，最多只能上传 20.0\xa0MB。"),
])
def test_an_upload_above_the_limit_is_refused_unread_in_the_users_language(
        editor: Client, prefix: str, message: str) -> None:
    body = Body()
    response = post(editor, f"{prefix}/edit/imports/", body, str(200 * MB))
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.content.decode()
    assert f"<p>{message}</p>" in page
    assert f'<a href="{prefix}/edit/imports/">' in page
    assert not ImportJob.objects.exists()


def test_the_api_refuses_a_large_body_in_json(client: Client) -> None:
    body = Body()
    response = post(client, "/api/v1/partnerships", body, str(50 * MB), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert body.read_bytes == 0
    assert json.loads(response.content) == {
        "detail": "The file is 50.0\xa0MB; at most 20.0\xa0MB can be uploaded.", "errors": []}


def test_a_body_without_a_length_is_not_read(editor: Client) -> None:
    body = Body()
    response = post(editor, "/en/edit/imports/", body, "", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 200
    assert body.read_bytes == 0
    assert "The file has not been accepted: see the reason below." in response.content.decode()


def test_a_file_just_above_the_import_limit_gets_the_forms_own_message(editor: Client, settings: Any) -> None:
    settings.IMPORT_MAX_MB, settings.REQUEST_MAX_MB = 1, 2
    csv = b"Kommune;Partnerkommune\n" + b"Kiel;Brest\n" * (150 * 1024 // 11 * 10)
    response = editor.post("/en/edit/imports/", {"file": SimpleUploadedFile("liste.csv", csv, "text/csv")})
    assert response.status_code == 200
    assert "The file is 1.5\xa0MB; at most 1.0\xa0MB can be uploaded." in response.content.decode()

    bigger = b"Kommune;Partnerkommune\n" + b"Kiel;Brest\n" * (250 * 1024 // 11 * 10)
    response = editor.post("/en/edit/imports/", {"file": SimpleUploadedFile("liste.csv", bigger, "text/csv")})
    assert response.status_code == 413
    assert "The file is 2.4\xa0MB; at most 1.0\xa0MB can be uploaded." in response.content.decode()
    assert not ImportJob.objects.exists()
