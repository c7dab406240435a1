"""Proposals from anyone: the spam defences, the rate limit, and the owners' decision."""

import time
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL, partnership
from partneratlas.upkeep.forms import _SALT, started_token
from partneratlas.upkeep.models import Proposal

pytestmark = pytest.mark.django_db


def an_earlier_start(seconds: int = 30) -> str:
    """The signed start time of a form shown `seconds` ago."""
    signer = signing.TimestampSigner(salt=_SALT)
    value = f"proposal:{signing.b62_encode(int(time.time()) - seconds)}"
    return f"{value}:{signer.signature(value)}"


def correction(p: Partnership, **changes: Any) -> dict[str, Any]:
    data = {"partnership": str(p.uid), "message": "Die Partnerschaft besteht seit 2016, nicht seit 2015.",
            "source_url": "www.wuppertal.de/partnerstaedte", "name": "Li Wei", "email": "li@example.org",
            "consent": "on", "website": "", "started": an_earlier_start()}
    data.update(changes)
    return data


@pytest.fixture
def owners() -> dict[str, Any]:
    return {"own": persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
            "other": persona("hh@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG),
            "staff": persona("staff@agency.de", OrganisationKind.AGENCY)}


def test_a_correction_reaches_the_owner_who_accepts_it(client: Client, owners: dict[str, Any],
                                                       django_capture_on_commit_callbacks: Any) -> None:
    p = partnership(WUPPERTAL, DONGGUAN, since=2015)
    assert "Propose a correction" in client.get(f"/en/propose/?partnership={p.uid}").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        response = client.post("/en/propose/", correction(p))
    assert response.status_code == 200
    assert "Your proposal has arrived" in response.content.decode()
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.partnership, proposal.language) == ("correction", p, "en")
    assert proposal.source_url == "https://www.wuppertal.de/partnerstaedte"
    assert len(proposal.sender) == 64  # a hash, not the address
    assert [m.to for m in mail.outbox] == [["ed@wuppertal.de"]]  # the owner, not Hamburg, not the agency
    assert "nicht seit 2015" in mail.outbox[0].body
    assert f"/edit/proposals/{proposal.pk}/" in mail.outbox[0].body

    other = Client()
    other.force_login(owners["other"])
    assert other.get(f"/en/edit/proposals/{proposal.pk}/").status_code == 403
    assert "nicht seit 2015" not in other.get("/en/edit/proposals/").content.decode()

    owner = Client()
    owner.force_login(owners["own"])
    assert "1 open proposal is waiting" in owner.get("/en/edit/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(f"/en/edit/proposals/{proposal.pk}/",
                              {"decision": "accept", "reply": "Danke, korrigiert."})
    assert response["Location"] == f"/en/edit/partnerships/{p.uid}/?proposal={proposal.pk}"
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.reply) == ("accepted", owners["own"], "Danke, korrigiert.")
    assert mail.outbox[-1].to == ["li@example.org"]
    assert "accepted" in mail.outbox[-1].subject
    assert "Danke, korrigiert." in mail.outbox[-1].body
    owner.post(f"/en/edit/proposals/{proposal.pk}/", {"decision": "reject"})  # decided once only
    assert Proposal.objects.get().state == "accepted"


def test_a_missing_partnership_goes_to_the_agency_when_no_administration_owns_it(
        client: Client, owners: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/propose/", {"municipality": DONGGUAN, "partners": "Kassel, Deutschland",
                                           "message": "Seit 2019 gibt es eine Schulpartnerschaft.",
                                           "started": an_earlier_start(), "website": ""})
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.municipality.ref, proposal.language) == ("missing", DONGGUAN, "zh-hans")
    assert mail.outbox[0].to == ["staff@agency.de"]
    staff = Client()
    staff.force_login(owners["staff"])
    response = staff.post(f"/en/edit/proposals/{proposal.pk}/", {"decision": "accept"})
    assert response["Location"] == f"/en/edit/partnerships/new/?proposal={proposal.pk}"
    form = staff.get(response["Location"]).content.decode()
    assert "Kassel, Deutschland" in form
    assert f"[{DONGGUAN}]" in form
    assert len(mail.outbox) == 1  # the sender left no address: nobody to tell


def test_a_rejection_is_told_in_the_senders_language(client: Client, owners: dict[str, Any],
                                                     django_capture_on_commit_callbacks: Any) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    client.post("/zh-hans/propose/", correction(p))
    owner = Client()
    owner.force_login(owners["own"])
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/en/edit/proposals/{Proposal.objects.get().pk}/", {"decision": "reject", "reply": "Stimmt so."})
    assert Proposal.objects.get().state == "rejected"
    assert "您的建议" in mail.outbox[-1].subject


def test_the_honeypot_keeps_nothing_and_says_thanks(client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    response = client.post("/en/propose/", correction(p, website="https://cheap-pills.example"))
    assert response.status_code == 200
    assert "Your proposal has arrived" in response.content.decode()
    assert not Proposal.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(("started", "message"), [
    (lambda: started_token(), "That was very quick"),
    (lambda: an_earlier_start(2 * 24 * 60 * 60), "The form was open for too long"),
    (lambda: "proposal:1:forged", "The form could not be checked"),
    (lambda: "", "The form could not be checked"),
])
def test_the_time_trap_refuses_forms_sent_too_fast_too_late_or_forged(client: Client, started: Any,
                                                                      message: str) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    response = client.post("/en/propose/", correction(p, started=started()))
    assert message in response.content.decode()
    assert not Proposal.objects.exists()
    assert "Die Partnerschaft besteht seit 2016" in response.content.decode()  # nothing typed is lost


def test_validation_in_the_users_language(client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    page = client.post("/propose/", correction(p, message="", consent="", email="kein-mail")).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert "Bitte gültige E-Mail-Adresse eingeben." in page
    links = " ".join(f"https://spam{i}.example" for i in range(4))
    page = client.post("/en/propose/", correction(p, message=links)).content.decode()
    assert "Please give at most 3 links." in page
    page = client.post("/en/propose/", correction(p, consent="")).content.decode()
    assert "Please agree that we use your e-mail address" in page
    assert not Proposal.objects.exists()


def test_the_rate_limit_counts_per_address(client: Client, settings: Any) -> None:
    settings.PROPOSALS_PER_HOUR = 2
    p = partnership(WUPPERTAL, DONGGUAN)
    for _ in range(2):
        assert client.post("/en/propose/", correction(p)).status_code == 200
    refused = client.post("/en/propose/", correction(p))
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()
    assert Proposal.objects.count() == 2
    elsewhere = client.post("/en/propose/", correction(p), REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 200
    assert Proposal.objects.count() == 3


def test_unpublished_partnerships_take_no_public_proposals(client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    Partnership.objects.filter(pk=p.pk).update(published=False)
    assert client.get(f"/en/propose/?partnership={p.uid}").status_code == 404
    assert client.get("/en/propose/?municipality=gn:0").status_code == 404
    assert client.get("/en/propose/?partnership=not-a-uuid").status_code == 404
