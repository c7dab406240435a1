"""The edition's archive: minutes, slides and photos (credit, licence, consent), for participants or the public;
and the edition page's record block."""

from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from partneratlas.events import archive
from partneratlas.events.hosting import HostingRefused
from partneratlas.events.models import Edition, EditionFile
from partneratlas.events.tests.test_hosting_world import PDF, archived, edition, people, png, registration

pytestmark = pytest.mark.django_db
_add = archived


@pytest.mark.parametrize(("extra", "message"), [
    ({"credit": "Stadt Duisburg", "licence": "CC BY 4.0"}, "the people shown agreed"),
    ({"credit": "", "licence": "CC BY 4.0", "consent": True}, "credit and a licence"),
    ({"credit": "Stadt Duisburg", "licence": "", "consent": True}, "credit and a licence"),
])
def test_a_photo_needs_credit_licence_and_consent(extra: dict[str, Any], message: str) -> None:
    ed = edition()
    with pytest.raises(HostingRefused, match=message):
        _add(ed, "Gruppenbild", kind="photo", upload=png("gruppe.png"), **extra)
    assert not EditionFile.objects.exists()


def test_a_pdf_is_not_a_photo() -> None:
    with pytest.raises(HostingRefused, match="JPEG, PNG or WebP"):
        _add(edition(), "Gruppenbild", kind="photo", credit="x", licence="y", consent=True)


def test_who_sees_which_file() -> None:
    users = people()
    ed = edition()
    registration(ed, user=users["own"], email="own@wuppertal.de", attended=False)  # confirmed
    registration(ed, email="other@hamburg.de", attended=False, state="waiting")  # not a participant
    minutes = _add(ed, "Protokoll")
    slides = _add(ed, "Folien", kind="slides", audience="public")
    photo = _add(ed, "Gruppenbild", kind="photo", upload=png("gruppe.png"), audience="public", credit="Stadt Duisburg",
                 licence="CC BY 4.0", consent=True)
    everything = {minutes.pk, slides.pk, photo.pk}
    public = {slides.pk, photo.pk}
    from django.contrib.auth.models import AnonymousUser

    assert {f.pk for f in archive.files_for(AnonymousUser(), ed)} == public
    assert {f.pk for f in archive.files_for(users["own"], ed)} == everything  # a participant
    assert {f.pk for f in archive.files_for(users["other"], ed)} == public  # on the waiting list
    assert {f.pk for f in archive.files_for(users["staff"], ed)} == everything  # organises
    draft = edition(state=Edition.State.DRAFT)
    _add(draft, "Entwurf", audience="public")
    assert list(archive.files_for(AnonymousUser(), draft)) == []


def test_files_are_served_to_whoever_may_see_them() -> None:
    users = people()
    ed = edition()
    minutes = _add(ed, "Protokoll")
    slides = _add(ed, "Folien", kind="slides", audience="public")
    client = Client()
    page = client.get(f"/en/events/archive/{slides.pk}/")
    assert page.status_code == 200
    assert page.getvalue() == PDF
    assert page["Cache-Control"] == "public, max-age=300"
    assert client.get(f"/en/events/archive/{minutes.pk}/").status_code == 404
    client.force_login(users["staff"])
    assert client.get(f"/en/events/archive/{minutes.pk}/").status_code == 200


def test_the_organiser_uploads_and_removes_files_in_the_form() -> None:
    users = people()
    ed = edition()
    client = Client()
    client.force_login(users["staff"])
    url = f"/en/events/manage/editions/{ed.pk}/archive/"
    refused = client.post(url, {"file": png("gruppe.png"), "kind": "photo", "title": "Gruppenbild",
                                "audience": "public", "credit": "Stadt Duisburg", "licence": ""})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "A photo needs a licence." in text
    assert "please confirm their consent" in text
    assert not EditionFile.objects.exists()
    done = client.post(url, {"file": png("gruppe.png"), "kind": "photo", "title": "Gruppenbild", "audience": "public",
                             "credit": "Stadt Duisburg", "licence": "CC BY 4.0", "consent": "on"})
    assert done.status_code == 302
    photo = EditionFile.objects.get()
    assert (photo.kind, photo.content_type, photo.credit, photo.consent, photo.name) == (
        "photo", "image/png", "Stadt Duisburg", True, "gruppe.png")
    assert client.post(f"/en/events/manage/archive/{photo.pk}/remove/").status_code == 302
    assert not EditionFile.objects.exists()
    client.force_login(users["own"])
    assert client.get(url).status_code == 403


def test_the_record_block_shows_the_archive_to_the_reader() -> None:
    users = people()
    ed = edition()
    _add(ed, "Protokoll")
    _add(ed, "Folien", kind="slides", audience="public")
    registration(ed)
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    public = render_to_string("events/after/_edition_record.html", {"edition": ed, "organiser": False},
                              request=request)
    assert "Folien" in public
    assert "Protokoll" not in public
    assert "1 person attended." in public
    assert "Archive minutes, slides and photos" not in public
    request.user = users["staff"]
    organiser = render_to_string("events/after/_edition_record.html", {"edition": ed, "organiser": True},
                                 request=request)
    assert "Protokoll" in organiser
    assert f"/events/manage/editions/{ed.pk}/archive/" in organiser


def _archive_queries(count: int, staff: Any) -> int:
    ed = edition()
    for n in range(count):
        _add(ed, f"Dokument {n}")
    client = Client()
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/en/events/manage/editions/{ed.pk}/archive/")
    assert page.content.decode().count('href="/en/events/archive/') == count
    return len(queries)


def test_the_archive_list_needs_the_same_queries_for_1_and_3_files() -> None:
    staff = people()["staff"]
    assert _archive_queries(1, staff) == _archive_queries(3, staff)


def test_the_edition_page_becomes_its_record() -> None:
    users = people()
    ed = edition()
    archived(ed, "Protokoll")
    archived(ed, "Gruppenbild", kind="photo", audience="public", upload=png(), credit="Stadt Duisburg",
             licence="CC BY 4.0", consent=True)
    registration(ed)
    client = Client()
    public = client.get(f"/en/events/{ed.pk}/").content.decode()
    assert "Record of the edition" in public
    assert "Photo: Stadt Duisburg, CC BY 4.0" in public
    assert "Protokoll" not in public
    client.force_login(users["staff"])
    organiser = client.get(f"/en/events/{ed.pk}/").content.decode()
    assert "Protokoll" in organiser
    assert f"/en/events/manage/editions/{ed.pk}/feedback/" in organiser
