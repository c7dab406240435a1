"""The participant list never shows more than each person allowed, for whom the edition allows it, also after edits."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from partneratlas.events.models import ListVisibility
from partneratlas.events.participants import Row, may_see, participant_list, row_of
from partneratlas.events.registering import CONSENT, link_token, registration_change, registration_of_link
from partneratlas.events.tests.test_registration_world import edition, people, register, wuppertal

pytestmark = pytest.mark.django_db
FIELDS = {"show_name": "name", "show_organisation": "organisation", "show_municipality": "municipality"}


@pytest.mark.parametrize("choices", list(itertools.product([False, True], repeat=3)))
def test_each_person_is_shown_with_exactly_what_they_allowed(choices: tuple[bool, bool, bool]) -> None:
    consent = dict(zip(FIELDS, choices))
    ed = edition(participant_list=ListVisibility.PUBLIC)
    register(ed, "Anna Schmidt", organisation_name="Stadt Wuppertal", municipality=wuppertal(), **consent)  # type: ignore[arg-type]
    rows, unlisted = participant_list(ed)
    full = {"name": "Anna Schmidt", "organisation": "Stadt Wuppertal", "municipality": wuppertal().display_name}
    expected = Row(**{FIELDS[k]: full[FIELDS[k]] for k, allowed in consent.items() if allowed})
    if any(choices):
        assert (rows, unlisted) == ([expected], 0)
    else:
        assert (rows, unlisted) == ([], 1)


def test_withdrawn_consent_hides_at_once_and_a_photo_is_never_shown_without_consent() -> None:
    ed = edition(participant_list=ListVisibility.PUBLIC)
    r = register(ed, "Anna Schmidt", show_name=True, show_organisation=True, organisation_name="Stadt Wuppertal")
    assert participant_list(ed)[0] == [Row(name="Anna Schmidt", organisation="Stadt Wuppertal")]
    registration_change(registration=r, language="de", consent={"show_organisation": True})
    assert participant_list(ed)[0] == [Row(organisation="Stadt Wuppertal")]
    registration_change(registration=r, language="de", consent={"show_photo": True})  # no photo uploaded
    assert participant_list(ed) == ([], 1)
    assert row_of(r).photo_url == ""


def test_only_confirmed_participants_are_listed() -> None:
    ed = edition(capacity=1, participant_list=ListVisibility.PUBLIC)
    register(ed, "Anna", show_name=True)
    register(ed, "Waiting Person", show_name=True)
    assert [row.name for row in participant_list(ed)[0]] == ["Anna"]


@pytest.mark.parametrize(("visibility", "expected"), [
    # anonymous, confirmed by account, confirmed by link, waiting by link, other account, organiser
    (ListVisibility.HIDDEN, (False, False, False, False, False, True)),
    (ListVisibility.PARTICIPANTS, (False, True, True, False, False, True)),
    (ListVisibility.PUBLIC, (True, True, True, True, True, True)),
])
def test_who_sees_the_list(visibility: str, expected: tuple[bool, ...]) -> None:
    users = people()
    ed = edition(capacity=2, participant_list=visibility)
    from partneratlas.events.registering import registration_create
    from partneratlas.events.tests.test_registration_world import NOW, person

    registration_create(edition=ed, track=ed.tracks.get(), person=person(email=users["own"].email), user=users["own"],
                        now=NOW)
    confirmed = register(ed)
    waiting = register(ed)
    assert (waiting.state, confirmed.state) == ("waiting", "confirmed")
    seen = (may_see(AnonymousUser(), ed), may_see(users["own"], ed),
            may_see(AnonymousUser(), ed, by_link=registration_of_link(link_token(confirmed))),
            may_see(AnonymousUser(), ed, by_link=registration_of_link(link_token(waiting))),
            may_see(users["other"], ed), may_see(users["staff"], ed))
    assert seen == expected


def test_consent_fields_are_all_covered() -> None:
    assert set(CONSENT) == {*FIELDS, "show_photo"}


def test_a_photo_is_shown_only_with_consent_and_replaced_or_removed_by_the_person() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from partneratlas.events.registering import link_token

    ed = edition(participant_list=ListVisibility.PUBLIC)
    r = register(ed, "Anna Schmidt", show_name=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    url = f"/en/events/r/{link_token(r)}/"
    post = {"action": "change", "language": "de", "show_name": "on"}
    Client().post(url, {**post, "photo": SimpleUploadedFile("me.png", png, "image/png")})
    r.refresh_from_db()
    assert r.photo
    assert participant_list(ed)[0][0].photo_url == ""  # uploaded, but not allowed to be shown
    photo_url = f"/en/events/{ed.pk}/participants/{r.pk}/photo"
    assert Client().get(photo_url).status_code == 404
    Client().post(url, {**post, "show_photo": "on"})
    assert participant_list(ed)[0][0].photo_url == photo_url
    served = Client().get(photo_url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    Client().post(url, {**post})  # consent withdrawn: the file is no longer served
    assert Client().get(photo_url).status_code == 404
    Client().post(url, {**post, "show_photo": "on"})
    bad = Client().post(url, {**post, "photo": SimpleUploadedFile("me.png", b"not a picture", "image/png")})
    assert "not PNG" in bad.content.decode()
    Client().post(url, {**post, "remove_photo": "on"})
    r.refresh_from_db()
    assert not r.photo
