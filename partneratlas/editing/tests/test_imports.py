"""Web import: upload, row report, confirm, progress, and the checks on what is uploaded."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partneratlas.editing import imports
from partneratlas.editing.models import ImportJob
from partneratlas.history.models import Revision
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership, PartnershipKind
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db

CSV = ("Kommune;Land;Partnerkommune;Partnerland;Art;seit\n"
       "Wuppertal;DE;Dongguan;CN;Städtepartnerschaft;2016\n"
       "Hamburg;DE;Shanghai;CN;Städtepartnerschaft;1986\n"
       "Wuppertal;DE;Atlantis;CN;Städtepartnerschaft;2001\n").encode()


def upload(name: str = "liste.csv", content: bytes = CSV, content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


def test_upload_check_confirm_and_import(editor: Client, settings: Any) -> None:
    response = editor.post("/en/edit/imports/", {"file": upload()})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/imports/{job.pk}/")
    assert job.state == "checked"
    assert not Partnership.objects.exists()
    assert job.counts == {"placed": 1, "create": 1, "invalid": 1, "not_found": 1}
    page = editor.get(f"/en/edit/imports/{job.pk}/").content.decode()
    assert "none of the members is a municipality you edit" in page  # Hamburg–Shanghai is not Wuppertal's
    assert "Atlantis" in page
    assert "Import now" in page
    stored = Path(job.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored.exists()

    editor.post(f"/en/edit/imports/{job.pk}/confirm/", {"action": "import"})
    job.refresh_from_db()
    assert job.state == "done"
    assert job.counts["create"] == 1
    assert not stored.exists()
    assert not job.file
    p = Partnership.objects.get()
    assert sorted(m.ref for m in p.members.all())[1] == WUPPERTAL
    revision = Revision.objects.get()
    assert (revision.via, revision.user.email) == ("import", "ed@wuppertal.de")
    report = editor.get(f"/en/edit/imports/{job.pk}/report.csv")
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row;status;action;partnership;reason;candidates"
    assert lines[1].startswith(f"2;placed;create;{p.uid}")


def test_all_or_nothing_writes_nothing_when_a_row_fails(editor: Client) -> None:
    editor.post("/en/edit/imports/", {"file": upload()})
    job = ImportJob.objects.get()
    editor.post(f"/en/edit/imports/{job.pk}/confirm/", {"action": "import", "all_or_nothing": "on"})
    job.refresh_from_db()
    assert job.state == "done"
    assert "Nothing was imported" in job.error
    assert not Partnership.objects.exists()


def test_cancel_deletes_the_file(editor: Client) -> None:
    editor.post("/en/edit/imports/", {"file": upload()})
    job = ImportJob.objects.get()
    stored = Path(job.file.path)
    editor.post(f"/en/edit/imports/{job.pk}/confirm/", {"action": "cancel"})
    job.refresh_from_db()
    assert job.state == "cancelled"
    assert not stored.exists()
    editor.post(f"/en/edit/imports/{job.pk}/confirm/", {"action": "import"})  # too late to confirm
    assert ImportJob.objects.get().state == "cancelled"
    assert not Partnership.objects.exists()


@pytest.mark.parametrize(("name", "content", "content_type", "message"), [
    ("programm.exe", b"MZ\x90\x00", "application/octet-stream", "Files of this type cannot be uploaded here"),
    ("liste.csv", b"", "text/csv", "The submitted file is empty"),
    ("liste.csv", CSV, "image/png", "sent as “image/png”"),
    ("liste.xlsx", CSV, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "is not XLSX"),
    ("liste.csv", b"%PDF-1.7\n...", "text/csv", "is not CSV"),
    ("liste.json", b"Kommune;Partner", "application/json", "is not JSON"),
])
def test_bad_uploads_are_refused_and_nothing_is_kept(editor: Client, settings: Any, name: str, content: bytes,
                                                    content_type: str, message: str) -> None:
    response = editor.post("/en/edit/imports/", {"file": upload(name, content, content_type)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_too_large_and_fake_workbooks_are_refused(editor: Client, settings: Any) -> None:
    settings.IMPORT_MAX_MB = 1
    big = upload(content=CSV + b"x" * (1024 * 1024))
    assert "at most 1.0\xa0MB can be uploaded" in editor.post("/en/edit/imports/", {"file": big}).content.decode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w/>")  # a zip, but not a workbook
    fake = upload("liste.xlsx", archive.getvalue(), "application/zip")
    assert "is not XLSX" in editor.post("/en/edit/imports/", {"file": fake}).content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_the_importer_cannot_read_fails_in_the_users_language(editor: Client) -> None:
    editor.post("/edit/imports/", {"file": upload(content=b"Name;Land\nWuppertal;DE\n")})  # German: no prefix
    job = ImportJob.objects.get()
    assert job.state == "failed"
    assert "Die Datei braucht für jeden Partner eine eigene Spalte" in job.error
    assert not job.file


def test_progress_is_shown_while_a_worker_imports(editor: Client, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    editor.post("/en/edit/imports/", {"file": upload()})
    job = ImportJob.objects.get()
    assert job.state == "checking"
    page = editor.get(f"/en/edit/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "Checking the rows" in page
    cache.set(f"import-progress:{job.pk}", (5000, 20000))
    fragment = editor.get(f"/en/edit/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="20000" value="5000"' in fragment
    assert "5000 of 20000 partnerships written" in fragment
    imports.check_rows.call(str(job.pk))  # what the worker does
    done = editor.get(f"/en/edit/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    assert done.status_code == 204
    assert done["HX-Refresh"] == "true"
    assert ImportJob.objects.get().state == "checked"
    imports.check_rows.call(str(job.pk))  # delivered twice: nothing happens
    assert ImportJob.objects.get().state == "checked"


def test_only_the_uploader_and_agency_staff_see_an_import(editor: Client, client: Client) -> None:
    editor.post("/en/edit/imports/", {"file": upload()})
    job = ImportJob.objects.get()
    other = Client()
    other.force_login(persona("other@hamburg.de", OrganisationKind.MUNICIPALITY, "gn:2911298"))
    assert other.get(f"/en/edit/imports/{job.pk}/").status_code == 403
    assert other.get(f"/en/edit/imports/{job.pk}/report.csv").status_code == 403
    assert job.name not in other.get("/en/edit/imports/").content.decode()
    staff = Client()
    staff.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    assert staff.get(f"/en/edit/imports/{job.pk}/").status_code == 200
    partner = Client()
    partner.force_login(persona("p@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, "gn:1812545"))
    assert partner.get("/en/edit/imports/").status_code == 403


def test_an_import_is_confirmed_only_once_even_by_two_requests_at_the_same_time(editor: Client) -> None:
    editor.post("/en/edit/imports/", {"file": upload()})
    first, second = ImportJob.objects.get(), ImportJob.objects.get()  # two requests read the job at once
    assert imports.import_confirm(first, all_or_nothing=False)
    assert not imports.import_confirm(second, all_or_nothing=False)
    imports.apply_rows.call(str(first.pk))  # the task delivered twice
    job = ImportJob.objects.get()
    assert (job.state, job.counts.get("create"), job.error) == ("done", 1, "")
    assert Partnership.objects.count() == 1


def test_the_upload_offers_a_kind_and_presets_the_uploaders_country(editor: Client) -> None:
    page = editor.get("/en/edit/imports/").content.decode()
    assert '<option value="DE" selected>Germany</option>' in page
    assert "As the file says; otherwise “Not yet classified”" in page
    csv = b"Kommune;Partnerkommune;Partnerland\nWuppertal;Dongguan;CN\n"
    friendship = PartnershipKind.objects.get(code="friendship")
    editor.post("/en/edit/imports/", {"file": upload(content=csv), "kind": friendship.pk, "country": "DE"})
    job = ImportJob.objects.get()
    assert (job.state, job.counts.get("create"), job.kind) == ("checked", 1, friendship)
    page = editor.get(f"/en/edit/imports/{job.pk}/").content.decode()
    assert "The file names no country for the first member: Germany, as chosen for this import." in page
    assert "new partnerships are recorded as “Friendship”" in page
    editor.post(f"/en/edit/imports/{job.pk}/confirm/", {"action": "import"})
    assert Partnership.objects.get().kind == friendship
