"""Issue 13's whole journey in one real browser, through the UI only, with axe on every page it visits.

Wuppertal's editor (German UI, signed in through the login page) registers a delegation for a round table that
needs approval: one of the city's own staff and a partner from Dongguan who reads Chinese and needs a visa. The
partner opens the personal link of their e-mail (found in the outbox), reads every page in Chinese and asks for a
visa letter. The organiser (agency staff, signed in with the second factor) approves both, issues the letter, and
checks both people in on a phone (390 px wide); the partner downloads the letter and the certificate, Wuppertal's
staff member the certificate through the link of her German e-mail. Then every new events page once in de, en and
zh-hans with axe.

Covered elsewhere and not repeated here: the pages of the call for hosts and after the edition with their objects
(an open call, an application, a review, the feedback survey and its results, the archive: test_hosting_browser.py,
all three languages); only the calls' index pages (editor and organiser) are checked here. The questions page of a
registration (test_registration_questions.py) is not reached: this edition asks no questions.
"""

import datetime
import io
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from partneratlas.conftest import look, on_test_database, tab
from partneratlas.events import editions, networks
from partneratlas.events.models import (
    Certificate,
    Delegation,
    Edition,
    Format,
    ListVisibility,
    Registration,
    VisaLetter,
    WorldRegion,
)
from partneratlas.events.tests.cleanup import events_delete_all
from partneratlas.gazetteer.models import Municipality
from partneratlas.notifications.models import Message
from partneratlas.people.models import AuditEvent, Member, Organisation, OrganisationKind
from partneratlas.people.tests.factories import PASSWORD, persona, with_totp
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db
PREFIXES = {"de": "", "en": "/en", "zh-hans": "/zh-hans"}
TITLES = {"de": "8. Runder Tisch China", "en": "8th round table China", "zh-hans": "第八届中国圆桌会议"}
# What a Chinese reader must never meet on their pages: the German and English of the strings around them.
FOREIGN = ("Ihre Anmeldung", "Your registration", "Einladungsschreiben", "Invitation letter", "Teilnahmebescheinigung",
           "Certificate of attendance", "Dokumente", "Documents", "Anfrage senden", "Send the request",
           "Runder Tisch", "round table")
TRACK = {"de": "Plenum", "en": "Plenary", "zh-hans": "全体会议"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Committed before the live server starts: people, a network, a rotating series, and the edition of the
    journey (future, open, needs approval) with a programme and a past edition for the series' history."""
    assert on_test_database()
    with django_db_blocker.unblock():
        now = timezone.now()
        editor = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
        staff = persona("staff@agency.de", OrganisationKind.AGENCY)
        agency = Organisation.objects.get(members__user=staff)
        agency.name = "Servicestelle Kommunen in der Einen Welt"
        agency.save()
        Authenticator.objects.filter(user=staff).delete()  # a second factor whose secret the test knows
        secret = with_totp(User.objects.get(pk=staff.pk))
        wuppertal = Municipality.objects.get(ref=WUPPERTAL)
        duisburg = Municipality.objects.filter(name="Duisburg", country_id="DE").first()
        assert duisburg is not None
        network = networks.network_save(network=None, data=networks.NetworkData(
            slug="nrw-china", names={"de": "NRW-Kommunen mit Partnern in China", "en": "NRW municipalities with "
                                     "partners in China", "zh-hans": "北威州对华伙伴城市网络"},
            descriptions={}, coordinator=agency, municipalities=[wuppertal, duisburg], organisations=[]),
            today=now.date())
        series = editions.series_save(series=None, values={
            "slug": "runder-tisch-china", "format": Format.ROUND_TABLE, "organiser": agency, "network": network,
            "names": {"de": "Runder Tisch China", "en": "Round table China", "zh-hans": "中国圆桌会议"}})
        asia = editions.series_save(series=None, values={
            "slug": "regionalkonferenz-asien", "format": Format.REGIONAL_CONFERENCE, "region": WorldRegion.ASIA,
            "organiser": agency, "every_years": 3, "anchor_year": 2014,
            "names": {"de": "Regionalkonferenz Asien", "en": "Regional conference Asia", "zh-hans": "亚洲地区会议"}})
        past_day = (now - datetime.timedelta(days=365)).date()
        past = editions.edition_create(series=series, values={
            "number": 7, "titles": {"de": "7. Runder Tisch China", "en": "7th round table China",
                                    "zh-hans": "第七届中国圆桌会议"},
            "starts_at": _local(past_day, 9), "ends_at": _local(past_day, 17), "place": duisburg,
            "host": duisburg, "venue": "Rathaus", "languages": ["de", "zh"]}, user=None, now=now)
        day = (now + datetime.timedelta(days=30)).date()
        ed = editions.edition_create(series=series, values={
            "number": 8, "titles": TITLES, "starts_at": _local(day, 9), "ends_at": _local(day + datetime.timedelta(
                days=1), 17), "place": wuppertal, "host": wuppertal, "venue": "Historische Stadthalle",
            "address": "Johannisberg 40, 42103 Wuppertal", "languages": ["de", "zh"], "needs_approval": True,
            "participant_list": ListVisibility.PARTICIPANTS, "registration_opens": now - datetime.timedelta(days=1),
            "capacity": 40, "reserved": 10}, user=None, now=now)
        session = editions.session_save(edition=ed, session=None, values={
            "titles": {"de": "Begrüßung", "en": "Welcome", "zh-hans": "欢迎致辞"}, "starts_at": _local(day, 9),
            "ends_at": _local(day, 10), "room": "Großer Saal", "speakers": "Uwe Schneidewind, Stadt Wuppertal",
            "languages": ["de"], "interpretation": ["zh"]})
        Edition.objects.filter(pk__in=[ed.pk, past.pk]).update(state=Edition.State.PUBLISHED)
        ed.tracks.update(names=TRACK)
        yield {"editor": editor, "staff": staff, "secret": secret, "edition": Edition.objects.get(pk=ed.pk),
               "series": series, "asia": asia, "network": network, "session": session}
        events_delete_all()
        Certificate.objects.all().delete()
        VisaLetter.objects.all().delete()
        Delegation.objects.all().delete()
        Message.objects.all().delete()  # the e-mails the journey queued (committed by the live server)
        Member.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


def _sign_in(page: Page, base: str, user: Any, *, prefix: str = "", secret: str = "") -> None:
    """Through the real login page, with the second factor when the account has one."""
    page.goto(f"{base}{prefix}/accounts/login/")
    look(page)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if secret:
        page.wait_for_url("**/2fa/authenticate/")
        look(page)
        page.locator("input[name=code]").fill(f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}")
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/people/")


def _mailed_link(to: str, kind: str = "") -> str:
    """The path of the personal link in the newest e-mail to `to` (the outbox is read, nothing else)."""
    messages = Message.objects.filter(to=to).order_by("-pk")
    match = re.search(r"https?://[^/\s]+(/(?:[\w-]+/)?events/r/[\w-]+/)", messages.first().text)  # type: ignore[union-attr]
    assert match, messages.first().text  # type: ignore[union-attr]
    return match.group(1)


def _pdf(page: Page, link: str) -> str:
    """The text of the PDF the link names, downloaded as a person does (its answer checked first, for a clear
    failure message instead of a cancelled download)."""
    anchor = page.get_by_role("link", name=link)
    answer = page.request.get(urljoin(page.url, anchor.get_attribute("href")))
    assert answer.status == 200, (answer.url, answer.status, answer.text()[:300])
    assert answer.headers["content-type"] == "application/pdf"
    with page.expect_download() as download:
        anchor.click()
    with open(download.value.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF-")
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def _chinese(page: Page) -> None:
    """The page is a Chinese page: its language, Chinese script in its heading, none of the German/English."""
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert CJK.search(page.locator("h1").inner_text())
    text = page.locator("main").inner_text()
    leftovers = [s for s in FOREIGN if s.lower() in text.lower()]
    assert not leftovers, (page.url, leftovers)


def test_the_delegation_journey_from_registration_to_certificate(
        browser: Browser, server: LiveServer, world: dict[str, Any], settings: Any) -> None:
    # The accounts were made with the real password hasher (before the tests' fast one applied).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    base, ed = server.url, world["edition"]

    # 1. Wuppertal's editor, German UI: calendar → edition → register a delegation.
    editor = tab(browser, server)
    _sign_in(editor, base, world["editor"])
    editor.goto(f"{base}/events/")
    expect(editor.locator("html")).to_have_attribute("lang", "de")
    look(editor)
    editor.locator(f"main a[href='/events/{ed.pk}/']").first.click()
    expect(editor.locator("h1")).to_contain_text(TITLES["de"])
    look(editor)
    editor.locator(f"a[href='/events/{ed.pk}/delegation/']").click()
    expect(editor.locator("h1")).to_contain_text("Delegation")
    look(editor)
    editor.locator("#id_delegates-0-name").fill("Anna Schmidt")
    editor.locator("#id_delegates-0-email").fill("anna@wuppertal.de")
    editor.locator("#id_delegates-0-language").select_option("de")
    editor.locator("#id_delegates-0-organisation_name").fill("Stadt Wuppertal")
    editor.locator("#id_delegates-1-name").fill("王小明")
    editor.locator("#id_delegates-1-email").fill("wang@dongguan.cn")
    editor.locator("#id_delegates-1-language").select_option("zh-hans")
    editor.locator("#id_delegates-1-organisation_name").fill("东莞市外事局")
    editor.locator("#id_delegates-1-partner_delegate").check()
    editor.locator("#id_delegates-1-country").select_option("CN")
    editor.locator("#id_delegates-1-visa_needed").check()
    editor.locator("#id_delegates-1-show_name").check()
    editor.locator("form.registration-form button[type=submit]").click()
    table = editor.locator("table.registrations")
    expect(table).to_contain_text("王小明")
    expect(table).to_contain_text("Anna Schmidt")
    expect(table).to_contain_text("Freigabe")  # "awaiting approval" in German
    look(editor)
    delegation_url = editor.url

    # 2. The partner opens the link of their (Chinese) e-mail: everything in Chinese; asks for a visa letter.
    assert Message.objects.filter(to="wang@dongguan.cn").latest("pk").language == "zh-hans"
    wang_link = _mailed_link("wang@dongguan.cn")
    assert wang_link.startswith("/zh-hans/"), wang_link
    token = wang_link.rstrip("/").rsplit("/", 1)[1]
    partner = tab(browser, server)
    partner.goto(base + wang_link)
    _chinese(partner)
    expect(partner.locator("h1")).to_contain_text("您对")
    expect(partner.locator("h1")).to_contain_text(TITLES["zh-hans"])
    look(partner)
    partner.get_by_role("link", name="签证邀请函和参会证明").click()
    _chinese(partner)
    expect(partner.locator("#visa")).to_contain_text("签证申请邀请函")
    look(partner)
    partner.locator("#id_name").fill("WANG XIAOMING")
    expect(partner.locator("#id_nationality")).to_have_value("CN")  # from the registration
    partner.locator("#id_number").fill("E12345678")
    partner.locator("#id_born_on").fill("1980-03-04")
    partner.get_by_role("button", name="发送申请").click()
    expect(partner.locator("#visa")).to_contain_text("…")
    _chinese(partner)
    look(partner)

    # 3. The organiser, with the second factor: approves both, issues the letter.
    organiser = tab(browser, server)
    _sign_in(organiser, base, world["staff"], prefix="/en", secret=world["secret"])
    organiser.goto(f"{base}/en/events/manage/")
    look(organiser)
    organiser.goto(f"{base}/en/events/{ed.pk}/")
    look(organiser)
    organiser.locator(f"a[href='/en/events/manage/{ed.pk}/registrations/']").first.click()
    expect(organiser.locator("table.registrations")).to_contain_text("awaiting approval")
    look(organiser)
    organiser.get_by_role("button", name="Approve 王小明").click()
    expect(organiser.get_by_role("button", name="Approve 王小明")).to_have_count(0)
    organiser.get_by_role("button", name="Approve Anna Schmidt").click()
    expect(organiser.locator("table.registrations")).not_to_contain_text("awaiting approval")
    look(organiser)
    organiser.goto(f"{base}/en/events/manage/editions/{ed.pk}/documents/")
    expect(organiser.locator("#letters")).to_contain_text("E12345678")
    look(organiser)
    organiser.get_by_role("button", name="Issue the letter 王小明").click()
    expect(organiser.locator("#letters")).to_contain_text("issued")
    look(organiser)

    # … the partner's confirmation came in Chinese, and the letter downloads as a PDF in Chinese and German.
    confirmed = Message.objects.filter(to="wang@dongguan.cn").latest("pk")
    assert confirmed.language == "zh-hans"
    assert CJK.search(confirmed.subject), confirmed.subject
    partner.reload()
    _chinese(partner)
    look(partner)
    text = _pdf(partner, "下载邀请函（PDF）")
    code = VisaLetter.objects.get(registration__email="wang@dongguan.cn").code
    assert "WANG XIAOMING" in text, text
    assert "签证申请邀请函" in text, text  # the Chinese half …
    assert "Einladungsschreiben" in text, text  # … and the German one
    assert f"/events/verify/{code}/" in text.replace("\n", ""), text
    assert "E12345678" in text, text
    assert "东莞市外事局" in text, text  # on whose behalf the partner comes

    # … and the calendar file of the link is in Chinese too.
    ics = partner.request.get(f"{base}/zh-hans/events/r/{token}/calendar.ics")
    assert ics.status == 200
    assert TITLES["zh-hans"] in ics.text().replace("\r\n ", ""), ics.text()

    # 4. Check-in at the door on a phone (the organiser's session, 390 px wide).
    phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=organiser.context.storage_state(),
                                is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{base}/en/events/manage/{ed.pk}/checkin/")
    expect(phone.locator("[role=status]").first).to_contain_text("0 of 2 checked in")
    look(phone)
    for query, name in (("王", "王小明"), ("anna@wuppertal", "Anna Schmidt")):
        phone.get_by_label("Find by name, organisation or e-mail").fill(query)
        phone.get_by_role("button", name="Find", exact=True).click()
        button = phone.get_by_role("button", name=f"Check in {name}")
        box = button.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= 390, box  # on the screen
        button.tap()
        expect(phone.get_by_role("button", name=f"Undo check-in of {name}")).to_be_visible()
        look(phone)
    phone.goto(f"{base}/en/events/manage/{ed.pk}/checkin/")
    expect(phone.locator("[role=status]").first).to_contain_text("2 of 2 checked in")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    look(phone)

    # 5. Certificates: the partner through the link (Chinese), Anna through the link of her German e-mail.
    partner.reload()
    _chinese(partner)
    look(partner)
    text = _pdf(partner, "下载参会证明（PDF）")
    wang_code = Certificate.objects.get(registration__email="wang@dongguan.cn").code
    assert "王小明" in text, text
    assert "参会证明" in text, text
    assert TRACK["zh-hans"] in text, text  # naming the track, in Chinese
    assert f"/events/verify/{wang_code}/" in text.replace("\n", ""), text

    anna_link = _mailed_link("anna@wuppertal.de")
    assert not anna_link.startswith(("/en/", "/zh-hans/")), anna_link
    anna = tab(browser, server)
    anna.goto(base + anna_link)
    expect(anna.locator("html")).to_have_attribute("lang", "de")
    expect(anna.locator("h1")).to_contain_text("Ihre Anmeldung")
    look(anna)
    anna.get_by_role("link", name="Einladungsschreiben für das Visum und Teilnahmebescheinigung").click()
    look(anna)
    text = _pdf(anna, "Teilnahmebescheinigung herunterladen (PDF)")
    anna_code = Certificate.objects.get(registration__email="anna@wuppertal.de").code
    assert "Anna Schmidt" in text, text
    assert "Teilnahmebescheinigung" in text, text
    assert TRACK["de"] in text, text
    assert not CJK.search(text), text
    assert f"/events/verify/{anna_code}/" in text.replace("\n", ""), text

    # … and Wuppertal's editor sees both on the delegation's page, with the documents through the account.
    editor.goto(delegation_url)
    look(editor)
    anna_pk = Registration.objects.get(email="anna@wuppertal.de").pk
    editor.goto(f"{base}/events/registrations/{anna_pk}/documents/")
    expect(editor.locator("#certificate")).to_contain_text("Teilnahmebescheinigung herunterladen")
    look(editor)

    # 6. Every new events page once in each language, with axe.
    wang = Registration.objects.get(email="wang@dongguan.cn")
    delegation = wang.delegation
    assert delegation is not None
    track = ed.tracks.get()
    public = ["/events/", "/events/series/", f"/events/series/{world['series'].slug}/",
              f"/events/series/{world['asia'].slug}/", f"/events/{ed.pk}/", "/events/rotation/", "/events/networks/",
              f"/events/networks/{world['network'].slug}/", f"/events/verify/{code}/", f"/events/verify/{wang_code}/",
              "/events/verify/not-a-code/"]
    own = [f"/events/{ed.pk}/register/", f"/events/{ed.pk}/delegation/", f"/events/delegations/{delegation.pk}/",
           f"/events/registrations/{wang.pk}/documents/", "/events/hosting/"]
    link = [f"/events/r/{token}/", f"/events/documents/{token}/", f"/events/{ed.pk}/participants/?link={token}",
            f"/events/{ed.pk}/"]
    manage = ["/events/manage/", "/events/manage/series/new/", f"/events/manage/series/{world['series'].slug}/",
              f"/events/manage/series/{world['asia'].slug}/",
              f"/events/manage/series/{world['series'].slug}/editions/new/", f"/events/manage/{ed.pk}/",
              f"/events/manage/{ed.pk}/cancel/", f"/events/manage/{ed.pk}/clone/", f"/events/manage/{ed.pk}/tracks/",
              f"/events/manage/tracks/{track.pk}/", f"/events/manage/{ed.pk}/programme/",
              f"/events/manage/sessions/{world['session'].pk}/", "/events/manage/networks/new/",
              f"/events/manage/networks/{world['network'].slug}/", f"/events/manage/{ed.pk}/registrations/",
              f"/events/manage/{ed.pk}/checkin/", f"/events/manage/{ed.pk}/checkin/print/",
              f"/events/manage/editions/{ed.pk}/documents/", f"/events/{ed.pk}/participants/",
              "/events/manage/hosting/"]
    for language, prefix in PREFIXES.items():
        for page, paths in ((anna, public), (editor, own), (partner, link), (organiser, manage), (phone, manage[-5:-3])):
            for path in paths:
                answer = page.goto(f"{base}{prefix}{path}")
                assert answer is not None
                assert answer.status == (404 if "not-a-code" in path else 200), (prefix, path, answer.status)
                expect(page.locator("html")).to_have_attribute("lang", language)
                if page is partner and language == "zh-hans":
                    _chinese(page)
                look(page)
    for page in (editor, partner, organiser, phone, anna):
        page.context.close()
    assert Registration.objects.filter(edition=ed, attended_at__isnull=False).count() == 2
    # Every e-mail of the journey in its reader's language: the partner's in Chinese, Anna's in German.
    for to, language in (("wang@dongguan.cn", "zh-hans"), ("anna@wuppertal.de", "de")):
        mails = list(Message.objects.filter(to=to))
        assert len(mails) >= 2, mails  # received, then confirmed
        for mail in mails:
            assert mail.language == language, (to, mail.subject)
            assert bool(CJK.search(mail.subject + mail.text)) == (language == "zh-hans"), (to, mail.subject)
            assert django_settings.SITE_URL in mail.text
