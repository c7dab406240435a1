"""The documents pages: participants (account and personal link), organisers, the public verification page."""

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from partneratlas.events import letters
from partneratlas.events.models import Certificate, Edition, VisaLetter
from partneratlas.events.registering import link_token
from partneratlas.events.tests.test_documents_world import BEFORE, delegate, edition, people, registration
from partneratlas.notifications.models import Message

pytestmark = pytest.mark.django_db

PASSPORT = letters.Passport(name="WANG XIAOMING", nationality="CN", number="E12345678",
                            born_on=datetime.date(1980, 3, 4))
PERSONAS = ["anonymous", "own", "other", "partner", "staff"]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def future_edition(**extra: Any) -> Edition:
    """An edition that has not ended yet (the pages use the real clock)."""
    now = timezone.now()
    return edition(starts_at=now + datetime.timedelta(days=30), ends_at=now + datetime.timedelta(days=31), **extra)


@pytest.fixture
def world() -> dict[str, Any]:
    users = people()
    ed = future_edition()
    wang = delegate(ed, users["own"], attended=True)
    letter = letters.letter_request(registration=wang, passport=PASSPORT, now=BEFORE)
    letters.letter_approve(letter=letter, user=users["staff"], now=BEFORE)
    pending = letters.letter_request(registration=registration(ed, "Li Na", language="en"), passport=PASSPORT,
                                     now=BEFORE)
    draft = future_edition(state=Edition.State.DRAFT)
    return {"users": users, "ed": ed, "wang": wang, "letter": letter, "pending": pending, "draft": draft,
            "token": link_token(wang)}


def test_documents_urls_per_persona(world: dict[str, Any]) -> None:
    wang, ed, token = world["wang"], world["ed"], world["token"]
    signed_in_own = (302, 200, 404, 404, 200)  # the registrant and the organisers; nobody learns who registered
    organisers = (302, 403, 403, 403, 200)
    cases: list[tuple[str, str, dict[str, str], tuple[int, ...]]] = [
        ("GET", f"/en/events/verify/{world['letter'].code}/", {}, (200,) * 5),
        ("GET", f"/en/events/verify/{world['pending'].code}/", {}, (404,) * 5),  # not issued: not genuine
        ("GET", f"/en/events/registrations/{wang.pk}/documents/", {}, signed_in_own),
        ("POST", f"/en/events/registrations/{wang.pk}/documents/", {}, (302, 400, 404, 404, 400)),  # empty form
        ("GET", f"/en/events/registrations/{wang.pk}/documents/certificate.pdf", {}, signed_in_own),
        ("GET", f"/en/events/registrations/{wang.pk}/documents/visa-letter.pdf", {}, signed_in_own),
        ("GET", f"/en/events/registrations/{wang.pk}/documents/other.pdf", {}, (302, 404, 404, 404, 404)),
        ("GET", f"/en/events/documents/{token}/", {}, (200,) * 5),
        ("GET", f"/en/events/documents/{token}/certificate.pdf", {}, (200,) * 5),
        ("GET", f"/en/events/documents/{token[:-1]}x/", {}, (404,) * 5),
        ("GET", f"/en/events/manage/editions/{ed.pk}/documents/", {}, organisers),
        ("GET", f"/en/events/manage/editions/{world['draft'].pk}/documents/", {}, (302, 404, 404, 404, 200)),
        ("GET", f"/en/events/manage/editions/{ed.pk}/badges.pdf", {}, organisers),
        ("POST", f"/en/events/manage/editions/{ed.pk}/certificates/", {}, (302, 403, 403, 403, 302)),
        ("POST", f"/en/events/manage/visa-letters/{world['pending'].pk}/", {"action": "refuse"},
         (302, 403, 403, 403, 400)),  # a refusal without a reason
    ]
    failures = []
    for who in PERSONAS:
        client = Client()
        if who != "anonymous":
            client.force_login(world["users"][who])
        for method, url, data, expected in cases:
            response = client.get(url) if method == "GET" else client.post(url, data)
            if response.status_code != expected[PERSONAS.index(who)]:
                failures.append(f"{who} {method} {url}: {response.status_code}")
    assert not failures, failures
    assert VisaLetter.objects.get(pk=world["pending"].pk).state == "requested"  # nothing half-written


def test_a_participant_asks_for_a_letter_through_the_personal_link_and_downloads_it(world: dict[str, Any]) -> None:
    ed = world["ed"]
    li = registration(ed, "Zhang Wei", language="zh-hans", country_id="CN")
    token = link_token(li)
    client = Client()
    page = client.get(f"/zh-hans/events/documents/{token}/")
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert 'value="CN" selected' in page.content.decode()  # the nationality proposed from the registration
    refused = client.post(f"/zh-hans/events/documents/{token}/", {"name": "ZHANG WEI", "nationality": "CN",
                                                                   "number": "", "born_on": "1990-01-02"})
    assert refused.status_code == 400
    assert not VisaLetter.objects.filter(registration=li).exists()
    sent = client.post(f"/zh-hans/events/documents/{token}/", {"name": "zhang  wei", "nationality": "CN",
                                                                "number": "e 987 654", "born_on": "1990-01-02"})
    assert sent.status_code == 302
    letter = VisaLetter.objects.get(registration=li)
    assert letters.passport_of(letter) == letters.Passport("zhang wei", "CN", "E987654", datetime.date(1990, 1, 2))
    assert client.get(f"/zh-hans/events/documents/{token}/visa-letter.pdf").status_code == 409  # not issued yet
    staff = Client()
    staff.force_login(world["users"]["staff"])
    manage = staff.get(f"/en/events/manage/editions/{ed.pk}/documents/").content.decode()
    assert "E987654" in manage
    assert "2 requests to decide" in manage
    decided = staff.post(f"/en/events/manage/visa-letters/{letter.pk}/", {"action": "approve"})
    assert decided.status_code == 302
    assert "E987654" not in staff.get(f"/en/events/manage/editions/{ed.pk}/documents/").content.decode()
    pdf = client.get(f"/zh-hans/events/documents/{token}/visa-letter.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "E987654" in text_of(pdf.content)
    assert "第七届中国圆桌会议" in text_of(pdf.content)
    assert Message.objects.filter(to=li.email, language="zh-hans").count() == 1


def test_the_certificate_downloads_only_for_attendees(world: dict[str, Any]) -> None:
    absent = registration(world["ed"], "Not There")
    client = Client()
    refused = client.get(f"/en/events/documents/{link_token(absent)}/certificate.pdf")
    assert refused.status_code == 409
    assert "checked in" in refused.content.decode()
    assert not Certificate.objects.filter(registration=absent).exists()
    page = client.get(f"/en/events/documents/{link_token(absent)}/").content.decode()
    assert "certificate.pdf" not in page
    ok = client.get(f"/en/events/documents/{world['token']}/certificate.pdf")
    assert ok.status_code == 200
    assert "王小明" in text_of(ok.content)


def test_the_organiser_issues_certificates_and_refuses_a_letter_with_a_reason(world: dict[str, Any]) -> None:
    ed = world["ed"]
    registration(ed, "Also There", attended=True)
    staff = Client()
    staff.force_login(world["users"]["staff"])
    assert staff.post(f"/en/events/manage/editions/{ed.pk}/certificates/").status_code == 302
    assert sorted(Certificate.objects.values_list("registration__name", flat=True)) == ["Also There", "王小明"]
    refused = staff.post(f"/en/events/manage/visa-letters/{world['pending'].pk}/",
                         {"action": "refuse", "reason": "Please register first."})
    assert refused.status_code == 302
    pending = VisaLetter.objects.get(pk=world["pending"].pk)
    assert (pending.state, pending.refusal_reason) == ("refused", "Please register first.")
    badges = staff.get(f"/en/events/manage/editions/{ed.pk}/badges.pdf")
    assert badges.status_code == 200
    assert "Wang Xiaoming" in text_of(badges.content)


def test_the_verification_page_shows_only_that_the_document_is_genuine_and_for_whom(world: dict[str, Any]) -> None:
    page = Client().get(f"/en/events/verify/{world['letter'].code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "This invitation letter is genuine." in html
    assert "王小明" in html
    assert "7th round table China" in html
    for secret in ("E12345678", "WANG XIAOMING", "1980", "wang@dongguan.cn", "东莞市外事局"):
        assert secret not in html
    certificate = Certificate.objects.create(registration=world["wang"], issued_at=BEFORE)
    html = Client().get(f"/zh-hans/events/verify/{certificate.code}/").content.decode()
    assert "王小明" in html
    assert "第七届中国圆桌会议" in html
    missing = Client().get("/en/events/verify/abc/")
    assert missing.status_code == 404
    assert "No document with this code was issued." in missing.content.decode()
    letters.passports_purge_due(now=world["ed"].ends_at + datetime.timedelta(days=30))
    assert Client().get(f"/en/events/verify/{world['letter'].code}/").status_code == 200  # after the purge too


def _manage_queries(client: Client, ed: Edition) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/events/manage/editions/{ed.pk}/documents/").status_code == 200
    return len(queries)


def test_the_organisers_page_makes_as_many_queries_for_one_item_as_for_three() -> None:
    users = people()
    counts = []
    for n in (1, 3):
        ed = future_edition()
        for i in range(n):
            letters.letter_request(registration=registration(ed, f"P{i}", country_id="CN"), passport=PASSPORT,
                                   now=BEFORE)
            done = letters.letter_request(registration=registration(ed, f"Q{i}", attended=True), passport=PASSPORT,
                                          now=BEFORE)
            letters.letter_approve(letter=done, user=users["staff"], now=BEFORE)
        client = Client()
        client.force_login(users["staff"])
        _manage_queries(client, ed)  # warm: the session, the user's memberships
        counts.append(_manage_queries(client, ed))
    assert counts[0] == counts[1], counts


def test_the_edition_page_block_lists_my_documents_and_the_organisers_link(world: dict[str, Any]) -> None:
    request = RequestFactory().get("/")
    request.user = world["users"]["own"]
    mine = render_to_string("events/documents/_my_documents.html",
                            {"edition": world["ed"], "request": request, "organiser": False})
    assert f"/en/events/registrations/{world['wang'].pk}/documents/" in mine
    assert "manage" not in mine
    request.user = world["users"]["staff"]
    theirs = render_to_string("events/documents/_my_documents.html",
                              {"edition": world["ed"], "request": request, "organiser": True})
    assert f"/en/events/manage/editions/{world['ed'].pk}/documents/" in theirs
    assert "1 letter request to decide" in theirs
    request.user = world["users"]["other"]
    assert render_to_string("events/documents/_my_documents.html",
                            {"edition": world["ed"], "request": request, "organiser": False}).strip() == ""
