"""The pages as each persona meets them: who may log and change, what the public sees, what bad input gets."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from partneratlas.activities.models import Activity, Attachment
from partneratlas.activities.tests.factories import activity, pdf, photo, png
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.models import Revision
from partneratlas.people.models import OrganisationKind, Role
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def wd() -> Partnership:
    return partnership(WUPPERTAL, DONGGUAN)


def form(side: str = WUPPERTAL, **changes: Any) -> dict[str, Any]:
    """The activity form as a browser posts it."""
    today = timezone.localdate()
    data = {"kind": "delegation-visit", "date": (today - datetime.timedelta(days=10)).isoformat(), "end_date": "",
            "direction": "to_partner", "title": "Delegation nach Dongguan", "note": "Gespräche zur Berufsbildung",
            "side": str(Municipality.objects.get(ref=side).id), "contact_persons": "", "actor_kinds": ["school"],
            "languages": "Deutsch, Chinesisch", "visibility": "public", "version": "",
            "files-TOTAL_FORMS": "2", "files-INITIAL_FORMS": "0"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def login(client: Client, who: str) -> Client:
    people = {
        "own": ("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, Role.EDITOR),
        "partner": ("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN, Role.EDITOR),
        "outsider": ("ed@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG, Role.EDITOR),
        "viewer": ("view@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, Role.VIEWER),
        "staff": ("staff@agency.de", OrganisationKind.AGENCY, None, Role.EDITOR),
    }
    email, kind, ref, role = people[who]
    client.force_login(persona(email, kind, ref, role=role))
    return client


@pytest.mark.parametrize(("who", "side"), [("own", WUPPERTAL), ("partner", DONGGUAN), ("staff", DONGGUAN)])
def test_an_editor_of_either_side_and_the_agency_log_an_activity(client: Client, wd: Partnership, who: str,
                                                                 side: str) -> None:
    login(client, who)
    assert client.get(f"/en/partnerships/{wd.uid}/activities/new/").status_code == 200
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/", form(side))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Activity.objects.get()
    assert (saved.side.ref, saved.languages, saved.language) == (side, ["de", "zh"], "en")
    assert list(saved.actors.values_list("kind", "name")) == [("school", "")]
    assert Revision.objects.filter(kind="activity", object_id=saved.pk).count() == 1


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_an_outsider_or_a_viewer_may_not_log(client: Client, wd: Partnership, who: str) -> None:
    login(client, who)
    assert client.get(f"/en/partnerships/{wd.uid}/activities/new/").status_code == 403
    assert client.post(f"/en/partnerships/{wd.uid}/activities/new/", form()).status_code == 403
    a = activity(wd)
    assert client.post(f"/en/activities/{a.pk}/edit/", form(title="x")).status_code == 403
    assert client.post(f"/en/activities/{a.pk}/delete/").status_code == 403
    assert Activity.objects.get().title == "Besuch"


def test_the_public_is_sent_to_sign_in(client: Client, wd: Partnership) -> None:
    response = client.get(f"/en/partnerships/{wd.uid}/activities/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_partner_side_changes_only_its_own_sides_activities(client: Client, wd: Partnership) -> None:
    ours, theirs = activity(wd, side=WUPPERTAL, title="ours"), activity(wd, side=DONGGUAN, title="theirs")
    login(client, "partner")
    assert client.get(f"/en/activities/{ours.pk}/edit/").status_code == 403
    response = client.post(f"/en/activities/{theirs.pk}/edit/", form(DONGGUAN, title="东莞代表团", version="1"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.title, theirs.version) == ("东莞代表团", 2)
    # … and may not move it to the other side
    response = client.post(f"/en/activities/{theirs.pk}/edit/", form(WUPPERTAL, version="2"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_own_side_changes_deletes_and_restores(client: Client, wd: Partnership) -> None:
    a = activity(wd, side=DONGGUAN, title="Besuch aus Dongguan")
    login(client, "own")
    client.post(f"/en/activities/{a.pk}/edit/", form(DONGGUAN, title="Besuch aus Dongguan (Bürgermeister)",
                                                      version="1"))
    page = client.get(f"/en/activities/{a.pk}/history/").content.decode()
    assert "<ins>Besuch aus Dongguan (Bürgermeister)</ins>" in page
    assert client.get(f"/en/activities/{a.pk}/delete/").status_code == 200
    assert client.post(f"/en/activities/{a.pk}/delete/").status_code == 302
    assert not Activity.objects.exists()
    listing = client.get(f"/en/partnerships/{wd.uid}/activities/").content.decode()
    assert "Deleted activities" in listing
    assert "Besuch aus Dongguan (Bürgermeister)" in listing
    assert client.post(f"/en/activities/{a.pk}/history/2/revert/").status_code == 302
    assert Activity.objects.get(pk=a.pk).title == "Besuch aus Dongguan (Bürgermeister)"


def test_a_stale_form_does_not_overwrite_a_newer_save(client: Client, wd: Partnership) -> None:
    a = activity(wd)
    login(client, "own")
    client.post(f"/en/activities/{a.pk}/edit/", form(title="first", version="1"))
    response = client.post(f"/en/activities/{a.pk}/edit/", form(title="second", version="1"))
    assert "Someone else saved this activity" in response.content.decode()
    assert Activity.objects.get().title == "first"


def test_the_public_sees_only_public_activities_and_never_a_photo_without_consent(client: Client,
                                                                                  wd: Partnership) -> None:
    shown = activity(wd, title="Öffentlicher Besuch", files=[photo(), photo(name="secret.png")],
                     contact_persons="Frau Li, Außenamt")
    activity(wd, title="Interne Videokonferenz", kind="video-meeting", public=False, files=[photo(name="int.png")])
    withheld = shown.attachments.get(name="secret.png")
    Attachment.objects.filter(pk=withheld.pk).update(consent=False)
    for url in (f"/en/partnerships/{wd.uid}/", f"/en/partnerships/{wd.uid}/activities/"):
        page = client.get(url).content.decode()
        assert "Öffentlicher Besuch" in page
        assert "Interne Videokonferenz" not in page
        assert f"/activities/files/{withheld.pk}/" not in page
        assert "Frau Li" not in page
    csv = client.get(f"/en/partnerships/{wd.uid}/activities.csv").content.decode()
    assert "Öffentlicher Besuch" in csv
    assert "Interne" not in csv
    assert "secret.png" not in csv
    public_photo = shown.attachments.get(name="visit.png")
    assert client.get(f"/en/activities/files/{public_photo.pk}/")["Content-Type"] == "image/png"
    assert client.get(f"/en/activities/files/{withheld.pk}/").status_code == 404
    internal = Attachment.objects.get(name="int.png")
    assert client.get(f"/en/activities/files/{internal.pk}/").status_code == 404
    login(client, "viewer")  # the members' administrations see everything, marked
    page = client.get(f"/en/partnerships/{wd.uid}/activities/").content.decode()
    assert "Interne Videokonferenz" in page
    assert "not public: no consent recorded" in page
    assert "Frau Li" in page
    assert client.get(f"/en/activities/files/{withheld.pk}/").status_code == 200


def test_an_unpublished_partnerships_activities_do_not_exist_for_the_public(client: Client, wd: Partnership) -> None:
    a = activity(wd, files=[photo()])
    Partnership.objects.filter(pk=wd.pk).update(published=False)
    assert client.get(f"/en/partnerships/{wd.uid}/activities/").status_code == 404
    assert client.get(f"/en/partnerships/{wd.uid}/activities.csv").status_code == 404
    assert client.get(f"/en/activities/files/{a.attachments.get().pk}/").status_code == 404


def test_a_photo_and_a_pdf_are_uploaded_with_the_form(client: Client, wd: Partnership) -> None:
    login(client, "own")
    data = form(**{"files-0-file": png(), "files-0-credit": "Stadt Wuppertal", "files-0-licence": "CC BY 4.0",
                   "files-0-consent": "on", "files-0-caption": "Am Rathaus", "files-1-file": pdf()})
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(Activity.objects.get().attachments.values_list("media", "consent")) == [("image", True),
                                                                                         ("pdf", False)]


def _too_large(settings: Any) -> SimpleUploadedFile:
    settings.ACTIVITY_FILE_MAX_MB = 0.001
    return SimpleUploadedFile("big.png", png().read() + b"\x00" * 2000, content_type="image/png")


@pytest.mark.parametrize(("case", "message"), [
    ("future", "The date lies more than a year in the future."),
    ("end", "The end date lies before the start date."),
    ("not an image", "The content of the file is not PNG."),
    ("wrong type", "Files of this type cannot be uploaded here."),
    ("too large", "at most"),
    ("no consent", "A photo can be kept only when the people shown agreed"),
    ("no credit", "A photo needs a credit."),
])
def test_bad_input_gets_a_clear_error_and_nothing_is_saved(client: Client, wd: Partnership, settings: Any,
                                                           case: str, message: str) -> None:
    login(client, "own")
    today = timezone.localdate()
    photo_fields = {"files-0-credit": "Stadt", "files-0-licence": "CC BY 4.0", "files-0-consent": "on"}
    changes: dict[str, Any] = {
        "future": {"date": (today + datetime.timedelta(days=400)).isoformat()},
        "end": {"end_date": (today - datetime.timedelta(days=20)).isoformat()},
        "not an image": {"files-0-file": SimpleUploadedFile("visit.png", b"MZ\x90\x00 not a picture", content_type="image/png"),
                         **photo_fields},
        "wrong type": {"files-0-file": SimpleUploadedFile("page.svg", b"<svg onload=alert(1)>"), **photo_fields},
        "too large": {"files-0-file": _too_large(settings) if case == "too large" else None, **photo_fields},
        "no consent": {"files-0-file": png(), "files-0-credit": "Stadt", "files-0-licence": "CC BY 4.0"},
        "no credit": {"files-0-file": png(), "files-0-licence": "CC BY 4.0", "files-0-consent": "on"},
    }[case]
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/", form(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page
    assert "Nothing has been saved" in page
    assert message in page.replace("&#x27;", "'")
    assert not Activity.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_errors_come_in_the_users_language(client: Client, wd: Partnership) -> None:
    login(client, "own")
    future = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    german = client.post(f"/partnerships/{wd.uid}/activities/new/", form(date=future)).content.decode()
    assert "Das Datum liegt mehr als ein Jahr in der Zukunft." in german
    chinese = client.post(f"/zh-hans/partnerships/{wd.uid}/activities/new/", form(date=future)).content.decode()
    assert "日期" in chinese
    assert "Nothing has been saved" not in chinese
