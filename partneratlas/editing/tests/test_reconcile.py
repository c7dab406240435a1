"""Settling the names of a web import: choose, search, propose; the agency's pages; checking the file again."""

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partneratlas.editing.models import ImportJob
from partneratlas.editing.reconcile import groups_of
from partneratlas.gazetteer.models import Municipality, MunicipalityName, NameAlias, PlaceProposal
from partneratlas.gazetteer.services import ProposalClosed, alias_settle, proposal_decide
from partneratlas.history.kinds import Author
from partneratlas.history.models import Revision
from partneratlas.notifications.services import preference_set
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db

PREFIX = {"de": "", "en": "/en", "zh-hans": "/zh-hans"}  # German is the default language
TAIZHOU_JIANGSU, TAIZHOU_ZHEJIANG, BERLIN = "gn:1793505", "gn:8400694", "gn:2950159"
CSV = (b"Kommune;Land;Partnerkommune;Partnerland;Art;seit\n"
       b"Wuppertal;DE;Taizhou;CN;Freundschaft;2010\n"
       b"Wuppertal;DE;Qiaotoucun;CN;Projekt;2020\n"
       b"Wuppertal;DE;taizhou;China;Freundschaft;2010\n")


def place(ref: str) -> Municipality:
    return Municipality.objects.get(ref=ref)


def upload(client: Client, content: bytes = CSV, language: str = "en") -> ImportJob:
    response = client.post(f"{PREFIX[language]}/edit/imports/", {"file": SimpleUploadedFile("liste.csv", content,
                                                                                   content_type="text/csv")})
    assert response.status_code == 302
    return ImportJob.objects.order_by("-created_at").first()  # type: ignore[return-value]


def token(job: ImportJob, name: str) -> str:
    return next(g.token for g in groups_of(job) if g.name.lower() == name.lower())


def settle_url(job: ImportJob, language: str = "en") -> str:
    return f"{PREFIX[language]}/edit/imports/{job.pk}/settle/"


@pytest.fixture
def editor(client: Client) -> Client:
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    return client


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    return client


def test_a_name_is_listed_once_with_its_rows_and_candidates(editor: Client) -> None:
    job = upload(editor)
    assert job.counts == {"ambiguous": 2, "not_found": 1}
    [taizhou, xiaocun] = groups_of(job)
    assert (taizhou.name, taizhou.country, taizhou.rows, taizhou.status) == ("Taizhou", "CN", [2, 4], "ambiguous")
    assert taizhou.candidates[:2] == [place(TAIZHOU_JIANGSU).pk, place(TAIZHOU_ZHEJIANG).pk]
    assert (xiaocun.name, xiaocun.rows, xiaocun.status) == ("Qiaotoucun", [3], "not_found")
    page = editor.get(settle_url(job)).content.decode()
    assert "2 rows: 2, 4." in page
    assert "Row 3." in page
    assert page.count(f'name="choice" value="{place(TAIZHOU_ZHEJIANG).pk}"') == 1
    assert "Zhejiang" in page
    assert TAIZHOU_JIANGSU in page
    assert page.count('class="settle-map"') == 1 + bool(xiaocun.candidates)  # the closest names, if any
    assert '<legend>Which place is “Taizhou”?</legend>' in page
    assert f'<label for="{taizhou.token}-q">Search the gazetteer for the place meant by “Taizhou”</label>' in page
    job_page = editor.get(f"/en/edit/imports/{job.pk}/").content.decode()
    assert f'href="/en/edit/imports/{job.pk}/settle/"' in job_page


def test_settling_by_a_candidate_places_the_rows_after_the_file_is_checked_again(editor: Client) -> None:
    job = upload(editor)
    zhejiang = place(TAIZHOU_ZHEJIANG)
    response = editor.post(settle_url(job), {"group": token(job, "Taizhou"), "choice": zhejiang.pk,
                                              "action": "settle"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/edit/imports/{job.pk}/settle/#group-{token(job, 'Taizhou')}"
    alias = NameAlias.objects.get()
    assert (alias.written, alias.key, alias.country_id, alias.region_key, alias.municipality, alias.source) == (
        "Taizhou", "taizhou", "CN", "", zhejiang, "liste.csv")
    assert alias.owner == alias.created_by == User.objects.get(email="ed@wuppertal.de")
    page = editor.get(settle_url(job)).content.decode()
    assert "is now placed as Taizhou [gn:8400694] in your imports" in page
    assert "Settled: Taizhou [gn:8400694]. Check the file again" in page

    response = editor.post(f"/en/edit/imports/{job.pk}/recheck/")
    assert response["Location"] == f"/en/edit/imports/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "checked"
    assert job.counts == {"placed": 2, "create": 1, "unchanged": 1, "settled": 2, "not_found": 1}
    taizhou_rows = [r for r in job.rows if r["row"] in (2, 4)]
    assert all(r["status"] == "placed" and r["settled"] for r in taizhou_rows)
    assert "Taizhou → Taizhou [gn:8400694]: a name you settled before (" in taizhou_rows[0]["reason"]
    assert "liste.csv)" in taizhou_rows[0]["reason"]
    job_page = editor.get(f"/en/edit/imports/{job.pk}/").content.decode()
    assert re.search(r'<li class="count-settled"><strong>2</strong> settled by hand</li>', job_page)


def test_settling_by_a_search_result(editor: Client) -> None:
    job = upload(editor)
    group = token(job, "Qiaotoucun")
    page = editor.get(settle_url(job), {"search": group, "q": "Linhai"}).content.decode()
    linhai = Municipality.objects.get(name="Linhai", region=place(TAIZHOU_ZHEJIANG).region)
    assert f'id="{group}-r{linhai.pk}"' in page
    assert "Search results for “Linhai”" in page
    response = editor.post(settle_url(job), {"group": group, "q": "Linhai", "choice": linhai.pk})
    assert response.status_code == 302
    assert NameAlias.objects.get().municipality == linhai
    editor.post(f"/en/edit/imports/{job.pk}/recheck/")
    job.refresh_from_db()
    assert next(r for r in job.rows if r["row"] == 3)["status"] == "placed"


def test_the_search_finds_a_reference_and_says_when_it_finds_nothing(editor: Client) -> None:
    job = upload(editor)
    group = token(job, "Qiaotoucun")
    page = editor.get(settle_url(job), {"search": group, "q": TAIZHOU_ZHEJIANG}).content.decode()
    assert f'id="{group}-r{place(TAIZHOU_ZHEJIANG).pk}"' in page
    page = editor.get(settle_url(job), {"search": group, "q": "Qqqqzz"}).content.decode()
    assert "Nothing found for “Qqqqzz”." in page


@pytest.mark.parametrize("choice", ["berlin", "abc", "", "99999999999999999999", "-1"])
def test_a_place_not_offered_for_the_name_is_refused_and_nothing_is_written(editor: Client, choice: str) -> None:
    job = upload(editor)
    value = str(place(BERLIN).pk) if choice == "berlin" else choice
    response = editor.post(settle_url(job), {"group": token(job, "Taizhou"), "choice": value})
    assert response.status_code == 400
    page = response.content.decode()
    expected = "Please choose one of the places offered for “Taizhou”; nothing has been saved." if value else \
        "Please choose the place meant by “Taizhou”."
    assert expected in page
    assert 'role="alert"' in page
    assert not NameAlias.objects.exists()


def test_a_search_result_of_another_name_is_not_offered(editor: Client) -> None:
    job = upload(editor)
    # Berlin is a search result for "Berlin", but not for what the Taizhou group searched
    response = editor.post(settle_url(job), {"group": token(job, "Taizhou"), "q": "Taiz", "choice": place(BERLIN).pk})
    assert response.status_code == 400
    assert not NameAlias.objects.exists()


def test_a_refusal_is_in_the_users_language(editor: Client) -> None:
    job = upload(editor, language="de")
    response = editor.post(settle_url(job, "de"), {"group": token(job, "Taizhou"), "choice": place(BERLIN).pk})
    assert "Bitte wählen Sie einen der für „Taizhou“ angebotenen Orte" in response.content.decode()
    response = editor.post(settle_url(job, "zh-hans"), {"group": token(job, "Taizhou"), "choice": place(BERLIN).pk})
    assert "请选择为“Taizhou”提供的地点之一" in response.content.decode()


def test_an_unknown_group_is_refused(editor: Client) -> None:
    job = upload(editor)
    response = editor.post(settle_url(job), {"group": "gnothere", "choice": place(TAIZHOU_ZHEJIANG).pk},
                           follow=True)
    assert "This name is no longer in the file&#x27;s report; nothing has been saved." in response.content.decode()
    assert not NameAlias.objects.exists()


def test_a_job_that_is_not_checked_is_not_settled(editor: Client) -> None:
    job = upload(editor)
    group = token(job, "Taizhou")
    editor.post(f"/en/edit/imports/{job.pk}/confirm/", {"action": "import"})
    job.refresh_from_db()
    assert job.state == "done"
    for response in (editor.get(settle_url(job), follow=True),
                     editor.post(settle_url(job), {"group": group, "choice": place(TAIZHOU_ZHEJIANG).pk},
                                 follow=True),
                     editor.post(f"/en/edit/imports/{job.pk}/recheck/", follow=True)):
        assert response.redirect_chain[-1][0] == f"/en/edit/imports/{job.pk}/"
        assert "can be settled only while it waits for confirmation; it is now “imported”" in \
            response.content.decode()
    assert not NameAlias.objects.exists()
    job.refresh_from_db()
    assert job.state == "done"


def test_another_editors_job_is_refused(editor: Client) -> None:
    job = upload(editor)
    other = Client()
    other.force_login(persona("verwaltung@bonn.de", OrganisationKind.MUNICIPALITY, "gn:2946447"))
    assert other.get(settle_url(job)).status_code == 403
    assert other.post(settle_url(job), {"group": token(job, "Taizhou"),
                                        "choice": place(TAIZHOU_ZHEJIANG).pk}).status_code == 403
    assert other.post(f"/en/edit/imports/{job.pk}/recheck/").status_code == 403
    assert not NameAlias.objects.exists()


def test_staff_settle_a_job_for_its_owner(editor: Client, staff: Client) -> None:
    job = upload(editor)
    staff.post(settle_url(job), {"group": token(job, "Taizhou"), "choice": place(TAIZHOU_ZHEJIANG).pk})
    alias = NameAlias.objects.get()
    assert (alias.owner.email, alias.created_by.email) == ("ed@wuppertal.de", "staff@agency.de")  # type: ignore[union-attr]


def test_a_settled_name_applies_to_its_owner_only_until_the_agency_shares_it(editor: Client, staff: Client) -> None:
    job = upload(editor)
    editor.post(settle_url(job), {"group": token(job, "Taizhou"), "choice": place(TAIZHOU_ZHEJIANG).pk})
    other = Client()
    other.force_login(persona("zweite@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    theirs = upload(other)
    assert theirs.counts == {"ambiguous": 2, "not_found": 1}  # the same file, another person: not settled for them
    alias = NameAlias.objects.get()
    staff.post("/en/edit/places/aliases/", {"alias": alias.pk, "action": "share"})
    alias.refresh_from_db()
    assert alias.owner is None
    theirs = upload(other)
    assert theirs.counts == {"placed": 2, "create": 1, "unchanged": 1, "settled": 2, "not_found": 1}
    assert "a name the agency has settled (" in next(r for r in theirs.rows if r["row"] == 2)["reason"]
    staff.post("/en/edit/places/aliases/", {"alias": alias.pk, "action": "personal"})
    alias.refresh_from_db()
    assert alias.owner.email == "ed@wuppertal.de"  # type: ignore[union-attr]
    assert upload(other).counts == {"ambiguous": 2, "not_found": 1}


def test_the_owners_own_name_wins_over_a_shared_one(editor: Client) -> None:
    user = User.objects.get(email="ed@wuppertal.de")
    alias_settle(written="Taizhou", country="CN", region="", municipality=place(TAIZHOU_JIANGSU), owner=None,
                 created_by=None, source="", via="staff")
    alias_settle(written="Taizhou", country="CN", region="", municipality=place(TAIZHOU_ZHEJIANG), owner=user,
                 created_by=user, source="liste.csv")
    job = upload(editor)
    assert "Taizhou [gn:8400694]: a name you settled before" in next(r for r in job.rows if r["row"] == 2)["reason"]


PROPOSAL = {"action": "propose", "-name": "Qiaotoucun", "-kind": "municipality", "-latitude": "28.8",
            "-longitude": "121.1", "-population": "4200", "-note": "Ein Dorf bei Linhai."}


def propose(client: Client, job: ImportJob, **changes: str) -> Any:
    group = token(job, "Qiaotoucun")
    data = {(group + k if k.startswith("-") else k): v for k, v in {**PROPOSAL, **changes}.items()}
    return client.post(settle_url(job), {"group": group, **data})


def test_a_proposed_place_waits_for_the_agency_then_places_the_row(
        editor: Client, staff: Client, django_capture_on_commit_callbacks: Any) -> None:
    job = upload(editor)
    zhejiang = place(TAIZHOU_ZHEJIANG).region
    assert propose(editor, job, **{"-region": str(zhejiang.pk)}).status_code == 302  # type: ignore[union-attr]
    proposal = PlaceProposal.objects.get()
    assert (proposal.name, proposal.written, proposal.country_id, proposal.region, proposal.state) == (
        "Qiaotoucun", "Qiaotoucun", "CN", zhejiang, "open")
    assert (proposal.latitude, proposal.longitude, proposal.population, proposal.source) == (
        28.8, 121.1, 4200, "liste.csv")
    assert proposal.import_job == job.pk
    assert proposal.proposed_by.email == "ed@wuppertal.de"  # type: ignore[union-attr]
    assert "Waiting for the agency to confirm the new place “Qiaotoucun”" in editor.get(settle_url(job)).content.decode()
    editor.post(f"/en/edit/imports/{job.pk}/recheck/")
    job.refresh_from_db()
    assert next(r for r in job.rows if r["row"] == 3)["status"] == "not_found"  # not before the agency confirms

    page = staff.get("/en/edit/places/proposals/").content.decode()
    assert "Qiaotoucun" in page
    assert "Ein Dorf bei Linhai." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/en/edit/places/proposals/", {"proposal": proposal.pk, "decision": "accept"})
    assert response.status_code == 302
    new = Municipality.objects.get(ref="manual:1")
    assert (new.name, new.country_id, new.region, new.kind, new.population, new.latitude, new.longitude) == (
        "Qiaotoucun", "CN", zhejiang, "municipality", 4200, 28.8, 121.1)
    assert set(MunicipalityName.objects.filter(municipality=new).values_list("key", flat=True)) == {"qiaotoucun"}
    assert Revision.objects.get(kind="municipality", object_id=new.pk).version == 1
    proposal.refresh_from_db()
    assert (proposal.state, proposal.municipality, proposal.decided_by.email) == (  # type: ignore[union-attr]
        "accepted", new, "staff@agency.de")
    alias = NameAlias.objects.get()
    assert (alias.written, alias.municipality, alias.owner.email) == ("Qiaotoucun", new, "ed@wuppertal.de")  # type: ignore[union-attr]
    [message] = mail.outbox
    assert message.to == ["ed@wuppertal.de"]
    assert message.subject == "PartnerAtlas: „Qiaotoucun“ wird jetzt von Ihren Importen gefunden"  # German by default

    editor.post(f"/en/edit/imports/{job.pk}/recheck/")
    job.refresh_from_db()
    row = next(r for r in job.rows if r["row"] == 3)
    assert (row["status"], row["settled"]) == ("placed", True)
    assert "Qiaotoucun → Qiaotoucun [manual:1]: a name you settled before" in row["reason"]


def test_the_proposer_reads_the_decision_in_their_language(
        editor: Client, django_capture_on_commit_callbacks: Any) -> None:
    job = upload(editor)
    propose(editor, job)
    user = User.objects.get(email="ed@wuppertal.de")
    preference_set(user=user, language="zh-hans")
    staff = persona("staff@agency.de", OrganisationKind.AGENCY)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_decide(proposal=PlaceProposal.objects.get(), accept=False, author=Author("review", staff))
    [message] = mail.outbox
    assert message.subject == "PartnerAtlas: “Qiaotoucun”未被加入地名录"
    assert not NameAlias.objects.exists()
    assert not Municipality.objects.filter(ref__startswith="manual:").exists()
    assert PlaceProposal.objects.get().state == "rejected"


def test_staff_take_a_place_already_in_the_gazetteer_for_a_proposal(editor: Client, staff: Client) -> None:
    job = upload(editor)
    propose(editor, job)
    proposal = PlaceProposal.objects.get()
    response = staff.post("/en/edit/places/proposals/", {"proposal": proposal.pk, "decision": "existing",
                                                         "existing": "Atlantis, China"})
    assert response.status_code == 400
    assert "“Atlantis, China”: no municipality “Atlantis” in CN" in response.content.decode()
    assert PlaceProposal.objects.get().state == "open"
    staff.post("/en/edit/places/proposals/", {"proposal": proposal.pk, "decision": "existing",
                                              "existing": f"Linhai [{TAIZHOU_ZHEJIANG}]"})
    proposal.refresh_from_db()
    assert (proposal.state, proposal.municipality) == ("mapped", place(TAIZHOU_ZHEJIANG))
    assert not Municipality.objects.filter(ref__startswith="manual:").exists()
    assert NameAlias.objects.get().municipality == place(TAIZHOU_ZHEJIANG)
    response = staff.post("/en/edit/places/proposals/", {"proposal": proposal.pk, "decision": "reject"}, follow=True)
    assert "“Qiaotoucun” has been decided already." in response.content.decode()
    with pytest.raises(ProposalClosed):
        proposal_decide(proposal=proposal, accept=True, author=Author("review"))


@pytest.mark.parametrize(("changes", "error"), [
    ({"-name": ""}, "This field is required."),
    ({"-latitude": "91"}, "Ensure this value is less than or equal to 90."),
    ({"-longitude": "-181"}, "Ensure this value is greater than or equal to -180."),
    ({"-longitude": ""}, "Give both latitude and longitude, or neither."),
    ({"-kind": "country"}, "Select a valid choice."),
    ({"-population": "-3"}, "Ensure this value is greater than or equal to 0."),
])
def test_a_proposal_with_bad_values_is_refused(editor: Client, changes: dict[str, str], error: str) -> None:
    job = upload(editor)
    response = propose(editor, job, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page
    assert '<details class="settle-propose" open>' in page
    assert 'role="alert"' in page
    assert not PlaceProposal.objects.exists()


def test_the_agency_pages_are_for_staff_only(editor: Client, client: Client) -> None:
    for url in ("/en/edit/places/aliases/", "/en/edit/places/proposals/"):
        assert editor.get(url).status_code == 403
        assert editor.post(url, {"action": "add", "add-written": "X", "add-place": BERLIN}).status_code == 403
    alias = alias_settle(written="Taizhou", country="CN", region="", municipality=place(TAIZHOU_ZHEJIANG),
                         owner=User.objects.get(email="ed@wuppertal.de"), created_by=None, source="")
    assert editor.post("/en/edit/places/aliases/", {"alias": alias.pk, "action": "share"}).status_code == 403
    assert NameAlias.objects.get().owner is not None
    assert not NameAlias.objects.filter(written="X").exists()
    anonymous = Client()
    assert anonymous.get("/en/edit/places/aliases/").status_code == 302


def test_staff_filter_add_and_forget_remembered_names(editor: Client, staff: Client) -> None:
    job = upload(editor)
    editor.post(settle_url(job), {"group": token(job, "Taizhou"), "choice": place(TAIZHOU_ZHEJIANG).pk})
    response = staff.post("/en/edit/places/aliases/", {"action": "add", "add-written": "Frankfurt",
                                                       "add-country": "DE", "add-place": "Atlantis, Germany"})
    assert response.status_code == 400
    assert "no municipality “Atlantis” in DE" in response.content.decode()
    response = staff.post("/en/edit/places/aliases/", {"action": "add", "add-written": "Frankfurt",
                                                       "add-country": "DE", "add-place": "Frankfurt am Main, DE"})
    assert response.status_code == 302
    added = NameAlias.objects.get(written="Frankfurt")
    assert (added.owner, added.via, added.created_by.email, added.municipality.name) == (  # type: ignore[union-attr]
        None, "staff", "staff@agency.de", "Frankfurt am Main")
    page = staff.get("/en/edit/places/aliases/").content.decode()
    assert "2 remembered names" in page
    assert "ed@wuppertal.de" in page
    assert "everyone" in page
    page = staff.get("/en/edit/places/aliases/", {"q": "liste"}).content.decode()
    assert "1 remembered name" in page
    assert "Taizhou" in page
    page = staff.get("/en/edit/places/aliases/", {"country": "DE"}).content.decode()
    assert "1 remembered name" in page
    assert "Frankfurt am Main" in page
    staff.post("/en/edit/places/aliases/", {"alias": added.pk, "action": "delete"})
    assert list(NameAlias.objects.values_list("written", flat=True)) == ["Taizhou"]
    assert upload(editor, CSV.replace(b"Taizhou", b"Frankfurt").replace(b"CN", b"DE")).counts["ambiguous"] == 1


def _queries(client: Client, url: str) -> tuple[int, str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_settle_screen_reads_as_many_queries_for_three_names_as_for_one(editor: Client) -> None:
    one = upload(editor, b"Kommune;Land;Partnerkommune;Partnerland\nWuppertal;DE;Taizhou;CN\n")
    three = upload(editor, b"Kommune;Land;Partnerkommune;Partnerland\nWuppertal;DE;Taizhou;CN\n"
                           b"Wuppertal;DE;Halle;DE\nWuppertal;DE;Qiaotoucun;CN\n")
    count_one, page_one = _queries(editor, settle_url(one))
    count_three, page_three = _queries(editor, settle_url(three))
    assert (page_one.count('class="settle-group"'), page_three.count('class="settle-group"')) == (1, 3)
    assert count_three == count_one


def test_the_agency_lists_read_as_many_queries_for_three_rows_as_for_one(staff: Client) -> None:
    user = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
    taizhou = place(TAIZHOU_ZHEJIANG)

    def add(n: int) -> None:
        alias_settle(written=f"Name {n}", country="CN", region="", municipality=taizhou, owner=user, created_by=user,
                     source="liste.csv")
        PlaceProposal.objects.create(name=f"Dorf {n}", country_id="CN", region=taizhou.region, proposed_by=user)

    add(1)
    marks = {"/en/edit/places/aliases/": 'name="alias"', "/en/edit/places/proposals/": 'class="settle-group" id="proposal-'}
    counts = {url: _queries(staff, url) for url in marks}
    add(2)
    add(3)
    for url, (count, page) in counts.items():
        again, more = _queries(staff, url)
        assert (page.count(marks[url]), more.count(marks[url])) == (1, 3)
        assert again == count, url


def test_the_dashboard_links_the_agency_pages_for_staff_only(editor: Client, staff: Client) -> None:
    assert "/en/checkup/warnings/" in staff.get("/en/edit/").content.decode()
    assert "/en/questionnaires/" in staff.get("/en/edit/").content.decode()
    assert "/en/checkup/warnings/" not in editor.get("/en/edit/").content.decode()
    assert "/edit/places/aliases/" in staff.get("/en/edit/").content.decode()
    assert "/edit/places/proposals/" in staff.get("/en/edit/").content.decode()
    assert "/edit/places/aliases/" not in editor.get("/en/edit/").content.decode()


def test_the_dashboard_tells_the_agency_of_proposed_places(editor: Client, staff: Client) -> None:
    assert "proposed place is waiting" not in staff.get("/en/edit/").content.decode()
    propose(editor, upload(editor))
    assert "1 proposed place is waiting for the agency." in staff.get("/en/edit/").content.decode()
    assert "proposed place is waiting" not in editor.get("/en/edit/").content.decode()
