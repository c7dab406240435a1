from typing import Any

import pytest
from django.test import Client

from partneratlas.history.models import Revision
from partneratlas.people.models import OrganisationKind, Role
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Actor, ContactPerson, Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def form(p: Partnership | None = None, **changes: Any) -> dict[str, Any]:
    """The editor's form as a browser would post it."""
    data = {
        "members": "Wuppertal [gn:2805753]\nDongguan, China", "kind": "twinning", "status": "active",
        "start_year": "2016", "council_resolutions": "2015-11-23 VO/0815/15", "topics": [], "sdgs": ["11", "17"],
        "working_languages": "Deutsch, Chinesisch", "description": "", "internal_notes": "", "source": "",
        "source_url": "", "published": "on", "version": str(p.version) if p else "",
        "actors-TOTAL_FORMS": "1", "actors-INITIAL_FORMS": "0",
        "actors-0-name": "Freundeskreis Wuppertal–Dongguan", "actors-0-kind": "partnership_association",
        "actors-0-role": "Jugendaustausch", "actors-0-side": "",
        "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


def test_create_edit_and_see_the_history(editor: Client) -> None:
    response = editor.post("/en/edit/partnerships/new/", form())
    assert response.status_code == 302, response.content.decode()[:3000]
    p = Partnership.objects.get()
    assert [m.municipality.ref for m in p.memberships.all()] == [WUPPERTAL, DONGGUAN]
    assert (p.start_year, p.published, p.version) == (2016, True, 1)
    assert list(p.actors.values_list("name", "role")) == [("Freundeskreis Wuppertal–Dongguan", "Jugendaustausch")]
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, status="dormant", status_since="2024-05-01",
                                                        **{"actors-0-role": "Schulaustausch"}))
    p.refresh_from_db()
    assert (p.status, p.version) == ("dormant", 2)
    assert list(p.status_history.values_list("status", "year")) == [("active", 2016), ("dormant", 2024)]
    page = editor.get(f"/en/edit/partnerships/{p.uid}/history/").content.decode()
    assert "Version 2" in page
    assert "ed@wuppertal.de" in page
    assert "<del>Freundeskreis Wuppertal–Dongguan (partnership association, Jugendaustausch)</del>" in page
    assert "<ins>Freundeskreis Wuppertal–Dongguan (partnership association, Schulaustausch)</ins>" in page


def test_revert_restores_an_old_version_as_a_new_one(editor: Client) -> None:
    editor.post("/en/edit/partnerships/new/", form())
    p = Partnership.objects.get()
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, start_year="1999", sdgs=["4"]))
    editor.post(f"/en/edit/partnerships/{p.uid}/history/1/revert/")
    p.refresh_from_db()
    assert (p.start_year, p.version, sorted(p.sdgs.values_list("number", flat=True))) == (2016, 3, [11, 17])
    assert Revision.objects.get(kind="partnership", object_id=p.pk, version=3).via == "revert"


def test_a_second_editor_gets_a_conflict_instead_of_overwriting(editor: Client) -> None:
    editor.post("/en/edit/partnerships/new/", form())
    p = Partnership.objects.get()
    opened = p.version
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, description="Anna's text"))
    response = editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, description="Ben's text", version=str(opened)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this partnership" in page
    assert "<del>Anna&#x27;s text</del>" in page
    assert "<ins>Ben&#x27;s text</ins>" in page
    p.refresh_from_db()
    assert p.description == "Anna's text"
    # Saving the conflict form again keeps Ben's version, knowingly
    again = editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, description="Ben's text"))
    assert again.status_code == 302
    p.refresh_from_db()
    assert (p.description, p.version) == ("Ben's text", 3)


def test_validation_messages_in_the_users_language(editor: Client) -> None:
    page = editor.post("/edit/partnerships/new/", form(members="Wuppertal [gn:2805753]\nAtlantis, China",
                                                       working_languages="Klingonisch")).content.decode()
    assert "unbekannte Sprache „Klingonisch“" in page
    assert "Die Partnerschaft wurde nicht gespeichert: Bitte korrigieren Sie die markierten Felder." in page
    assert "Atlantis" in page
    assert not Partnership.objects.exists()


def test_an_editor_cannot_create_a_partnership_of_other_towns(editor: Client) -> None:
    page = editor.post("/en/edit/partnerships/new/", form(members="Hamburg [gn:2911298]\nShanghai, China"))
    assert "One of the members must be your own municipality." in page.content.decode()
    assert not Partnership.objects.exists()


def test_partner_side_edits_only_its_own_actors_and_contacts(client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    wuppertal, dongguan = (p.members.get(ref=ref) for ref in (WUPPERTAL, DONGGUAN))
    Actor.objects.create(partnership=p, name="Freundeskreis", kind="partnership_association", municipality=wuppertal)
    client.force_login(persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN))
    page = client.get(f"/en/edit/partnerships/{p.uid}/").content.decode()
    assert "You edit your own side" in page
    assert 'name="kind"' not in page
    assert "Freundeskreis" not in page
    client.post(f"/en/edit/partnerships/{p.uid}/", {
        "actors-TOTAL_FORMS": "1", "actors-INITIAL_FORMS": "0", "actors-0-name": "东莞市外事局",
        "actors-0-kind": "department", "actors-0-role": "", "actors-0-side": str(dongguan.pk),
        "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0", "contacts-0-name": "Li Wei",
        "contacts-0-languages": "zh, en", "contacts-0-side": str(dongguan.pk), "contacts-0-consent_on": "2026-01-05"})
    assert sorted(p.actors.values_list("name", flat=True)) == ["Freundeskreis", "东莞市外事局"]
    assert ContactPerson.objects.get().languages == ["zh", "en"]
    # The side is fixed to their own: Wuppertal's side is not theirs to fill
    response = client.post(f"/en/edit/partnerships/{p.uid}/", {
        "actors-TOTAL_FORMS": "1", "actors-INITIAL_FORMS": "0", "actors-0-name": "X", "actors-0-kind": "other",
        "actors-0-side": str(wuppertal.pk), "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_contacts_need_consent(editor: Client) -> None:
    page = editor.post("/en/edit/partnerships/new/", form(**{
        "contacts-TOTAL_FORMS": "1", "contacts-0-name": "Anna Schmidt", "contacts-0-consent_on": ""})).content.decode()
    assert "Contact persons are listed only with their consent." in page
    assert "This field is required." in page
    assert not Partnership.objects.exists()


def test_unpublished_and_private_data_never_reach_the_public(client: Client) -> None:
    draft = partnership(HAMBURG, SHANGHAI)
    Partnership.objects.filter(pk=draft.pk).update(published=False, internal_notes="geheim")
    public = partnership(WUPPERTAL, DONGGUAN)
    ContactPerson.objects.create(partnership=public, name="Anna Schmidt", email="anna@wuppertal.de",
                                 languages=["de", "zh"], consent_on="2026-01-01")
    Partnership.objects.filter(pk=public.pk).update(internal_notes="nur intern")
    pages = [f"/en/partnerships/{draft.uid}/", "/en/map/data.json", "/en/map/list/", "/en/search/?q=Hamburg",
             "/en/search/suggest/?q=Hamb", "/en/statistics/", "/en/statistics/partner_country.csv",
             "/en/data/partnerships.csv", "/en/data/partnerships.json", "/en/municipalities/gn:2911298/",
             "/api/v1/partnerships", f"/api/v1/partnerships/{draft.uid}", "/api/v1/statistics", "/en/",
             f"/en/partnerships/{public.uid}/"]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        text = body.decode("utf-8", "replace")
        assert str(draft.uid) not in text or url.rstrip("/").endswith(str(draft.uid)), url  # a 404 echoes its URL
        assert "Shanghai" not in text or url == "/en/", url  # (the start page names it in its prose)
        for secret in ("Anna Schmidt", "nur intern", "geheim"):
            assert secret not in text, url
    assert client.get(f"/en/partnerships/{draft.uid}/").status_code == 404
    assert client.get(f"/api/v1/partnerships/{draft.uid}").status_code == 404
    # The owning town's member sees both, marked as not public
    client.force_login(persona("ed@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG, Role.VIEWER))
    page = client.get(f"/en/partnerships/{draft.uid}/").content.decode()
    assert "This partnership is not published" in page
    assert "geheim" in page
    # … and a member of the partnership's own town sees its contact persons with the languages they speak
    client.force_login(persona("viewer@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, Role.VIEWER))
    page = client.get(f"/en/partnerships/{public.uid}/").content.decode()
    assert "Anna Schmidt" in page
    assert "Speaks: German, Chinese" in page


def test_saving_without_a_change_makes_no_new_version(editor: Client) -> None:
    editor.post("/en/edit/partnerships/new/", form())
    p = Partnership.objects.get()
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p))
    p.refresh_from_db()
    assert (p.version, Revision.objects.filter(kind="partnership", object_id=p.pk).count()) == (1, 1)


def test_the_partner_sides_empty_extra_rows_are_ignored(client: Client) -> None:
    """Found in the browser: the side select of an empty row has the partner's only side chosen."""
    p = partnership(WUPPERTAL, DONGGUAN)
    client.force_login(persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN))
    dongguan = str(p.members.get(ref=DONGGUAN).pk)
    response = client.post(f"/en/edit/partnerships/{p.uid}/", {
        "actors-TOTAL_FORMS": "2", "actors-INITIAL_FORMS": "0",
        "actors-0-name": "东莞市外事局", "actors-0-kind": "department", "actors-0-side": dongguan,
        "actors-1-name": "", "actors-1-kind": "association", "actors-1-side": dongguan,
        "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0", "contacts-0-side": dongguan})
    assert response.status_code == 302
    assert list(Actor.objects.values_list("name", flat=True)) == ["东莞市外事局"]


def test_a_partner_side_save_on_a_moved_version_shows_the_conflict(client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    client.force_login(persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN))
    page = client.get(f"/en/edit/partnerships/{p.uid}/").content.decode()
    assert f'name="version" value="{p.version}"' in page
    dongguan = str(p.members.get(ref=DONGGUAN).pk)
    side = {"actors-TOTAL_FORMS": "1", "actors-INITIAL_FORMS": "0", "actors-0-name": "东莞市外事局",
            "actors-0-kind": "department", "actors-0-side": dongguan,
            "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}
    Partnership.objects.filter(pk=p.pk).update(version=p.version + 1)  # someone saved meanwhile
    response = client.post(f"/en/edit/partnerships/{p.uid}/", {**side, "version": str(p.version)})
    assert response.status_code == 200
    assert "Someone else saved this partnership" in response.content.decode()
    assert f'name="version" value="{p.version + 1}"' in response.content.decode()
    assert not Actor.objects.exists()
    again = client.post(f"/en/edit/partnerships/{p.uid}/", {**side, "version": str(p.version + 1)})
    assert again.status_code == 302
    assert list(Actor.objects.values_list("name", flat=True)) == ["东莞市外事局"]


def test_a_change_made_from_an_accepted_proposal_is_recorded_as_such(editor: Client) -> None:
    from partneratlas.upkeep.models import Proposal

    editor.post("/en/edit/partnerships/new/", form())
    p = Partnership.objects.get()
    accepted = Proposal.objects.create(kind="correction", partnership=p, message="seit 2015", state="accepted")
    page = editor.get(f"/en/edit/partnerships/{p.uid}/?proposal={accepted.pk}").content.decode()
    assert f'name="proposal" value="{accepted.pk}"' in page
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, start_year="2015", proposal=str(accepted.pk)))
    assert Revision.objects.get(kind="partnership", object_id=p.pk, version=2).via == "proposal"
    open_one = Proposal.objects.create(kind="correction", partnership=p, message="?")  # not accepted: an edit
    editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, start_year="2014", version="2", proposal=str(open_one.pk)))
    assert Revision.objects.get(kind="partnership", object_id=p.pk, version=3).via == "edit"


@pytest.mark.parametrize("version", ["abc", "١", "99999999999999999999999", "-1"])
def test_a_version_that_is_no_number_is_not_an_error(editor: Client, version: str) -> None:
    editor.post("/en/edit/partnerships/new/", form())
    p = Partnership.objects.get()
    response = editor.post(f"/en/edit/partnerships/{p.uid}/", form(p, description="neu", version=version))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.description, p.version) == ("neu", 2)


def test_a_partner_sides_save_with_a_version_that_is_no_number_is_not_an_error(client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    dongguan = p.members.get(ref=DONGGUAN)
    client.force_login(persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN))
    response = client.post(f"/en/edit/partnerships/{p.uid}/", {
        "version": "abc", "actors-TOTAL_FORMS": "1", "actors-INITIAL_FORMS": "0", "actors-0-name": "东莞市外事局",
        "actors-0-kind": "department", "actors-0-side": str(dongguan.pk),
        "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    assert list(p.actors.values_list("name", flat=True)) == ["东莞市外事局"]
