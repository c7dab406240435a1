"""Visa invitation letters: request with encrypted passport data, decision, messages, bilingual PDF, purge."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from pypdf import PdfReader

from partneratlas.events import crypto, letters
from partneratlas.events.letters import DocumentRefused, Passport
from partneratlas.events.models import Registration, VisaLetter
from partneratlas.events.tests.test_documents_world import BEFORE, ENDS, delegate, edition, people, registration
from partneratlas.notifications.models import Message, Preference
from partneratlas.people.tests.factories import member

pytestmark = pytest.mark.django_db

PASSPORT = Passport(name="WANG XIAOMING", nationality="CN", number="E12345678", born_on=datetime.date(1980, 3, 4))


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_passport_data_is_stored_encrypted_and_read_back() -> None:
    ed = edition()
    r = registration(ed, visa_needed=False)
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    stored = VisaLetter.objects.get(pk=letter.pk)
    assert stored.state == "requested"
    assert "E12345678" not in stored.passport
    assert "WANG" not in stored.passport
    assert "1980" not in stored.passport
    assert letters.passport_of(stored) == PASSPORT
    assert Registration.objects.get(pk=r.pk).visa_needed is True


def test_a_dedicated_key_encrypts_and_an_old_key_still_decrypts(settings: object) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.EVENTS_PASSPORT_KEYS = [old]  # type: ignore[attr-defined]
    sealed = crypto.seal({"number": "E1"})
    settings.EVENTS_PASSPORT_KEYS = f"{new},{old}"  # type: ignore[attr-defined]  # the new key first: rotation
    assert crypto.unseal(sealed) == {"number": "E1"}
    settings.EVENTS_PASSPORT_KEYS = [new]  # type: ignore[attr-defined]
    with pytest.raises(crypto.Unreadable):
        crypto.unseal(sealed)
    settings.EVENTS_PASSPORT_KEYS = []  # type: ignore[attr-defined]  # derived from SECRET_KEY
    assert crypto.unseal(crypto.seal({"a": "東"})) == {"a": "東"}
    with pytest.raises(crypto.Unreadable):
        crypto.unseal(sealed)


def test_a_request_is_refused_after_the_edition_and_for_a_cancelled_registration() -> None:
    ed = edition()
    with pytest.raises(DocumentRefused, match="over"):
        letters.letter_request(registration=registration(ed), passport=PASSPORT, now=ENDS)
    with pytest.raises(DocumentRefused, match="active registration"):
        letters.letter_request(registration=registration(ed, state="cancelled"), passport=PASSPORT, now=BEFORE)
    with pytest.raises(DocumentRefused, match="nationality"):
        letters.letter_request(registration=registration(ed), passport=Passport("A B", "XX", "1", PASSPORT.born_on),
                               now=BEFORE)
    assert VisaLetter.objects.count() == 0


def test_approving_tells_the_participant_and_the_registrant_each_in_their_language() -> None:
    users = people()
    Preference.objects.create(user=users["own"], language="de")
    ed = edition()
    r = delegate(ed, users["own"])
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    letters.letter_approve(letter=letter, user=users["staff"], now=BEFORE)
    letter.refresh_from_db()
    assert (letter.state, letter.decided_by, letter.decided_at) == ("approved", users["staff"], BEFORE)
    sent = {m.to: m for m in Message.objects.all()}
    assert set(sent) == {"wang@dongguan.cn", "own@wuppertal.de"}
    assert sent["wang@dongguan.cn"].language == "zh-hans"
    assert "第七届中国圆桌会议" in sent["wang@dongguan.cn"].subject
    assert sent["own@wuppertal.de"].language == "de"
    assert "7. Runder Tisch China" in sent["own@wuppertal.de"].subject
    assert "/zh-hans/events/documents/" in sent["wang@dongguan.cn"].text  # the personal link, in Chinese
    assert f"/events/registrations/{r.pk}/documents/" in sent["own@wuppertal.de"].text
    with pytest.raises(DocumentRefused, match="already been decided"):
        letters.letter_approve(letter=letter, user=users["staff"], now=BEFORE)
    assert Message.objects.count() == 2  # exactly once


def test_the_organisers_are_told_once_per_request_in_their_language() -> None:
    ed = edition()
    staff = people()["staff"]
    member(staff, ed.series.organiser)
    r = delegate(ed, None)
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    told = Message.objects.filter(to=staff.email, event__startswith="events.visa:")
    assert told.count() == 1
    assert (told.get().language, "王小明" in told.get().subject) == ("de", True)
    assert f"/events/manage/editions/{ed.pk}/documents/" in told.get().text
    assert "E12345678" not in told.get().text  # no passport data by e-mail
    letters.letter_refuse(letter=letter, user=None, reason="Passnummer unleserlich", now=BEFORE)
    letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE + datetime.timedelta(hours=1))
    assert told.count() == 2


def test_refusing_needs_a_reason_and_the_participant_may_ask_again() -> None:
    ed = edition()
    r = registration(ed)
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    with pytest.raises(DocumentRefused, match="reason"):
        letters.letter_refuse(letter=letter, user=None, reason="  ", now=BEFORE)
    letters.letter_refuse(letter=letter, user=None, reason="Passport number does not match.", now=BEFORE)
    assert VisaLetter.objects.get(pk=letter.pk).state == "refused"
    again = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE + datetime.timedelta(hours=1))
    assert (again.pk, again.state, again.refusal_reason) == (letter.pk, "requested", "")
    letters.letter_approve(letter=again, user=None, now=BEFORE)
    with pytest.raises(DocumentRefused, match="already been issued"):
        letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)


def test_an_unconfirmed_registration_gets_no_letter() -> None:
    ed = edition()
    letter = letters.letter_request(registration=registration(ed, state="waiting"), passport=PASSPORT, now=BEFORE)
    with pytest.raises(DocumentRefused, match="not confirmed"):
        letters.letter_approve(letter=letter, user=None, now=BEFORE)
    assert VisaLetter.objects.get(pk=letter.pk).state == "requested"


def test_the_letter_is_a_bilingual_pdf_with_the_verification_address(settings: object) -> None:
    settings.SITE_URL = "https://partneratlas.example"  # type: ignore[attr-defined]
    ed = edition()
    r = delegate(ed, people()["own"])
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    letters.letter_approve(letter=letter, user=None, now=BEFORE)
    pdf = letters.letter_pdf(VisaLetter.objects.select_related("registration__edition__series").get(pk=letter.pk))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # German, then Chinese
    german, chinese = (" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "7. Runder Tisch China" in german
    assert "China" in german
    assert "第七届中国圆桌会议" in chinese
    assert "中国" in chinese
    for half in (german, chinese):
        assert "WANG XIAOMING" in half
        assert "E12345678" in half
        assert f"https://partneratlas.example/events/verify/{letter.code}/" in half


def test_a_partner_delegate_registered_without_a_municipality_gets_a_letter_naming_the_organisation() -> None:
    """The delegation form leaves a partner delegate's municipality empty: the letter answered 500."""
    r = delegate(edition(), people()["own"], municipality=None)
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    letters.letter_approve(letter=letter, user=None, now=BEFORE)
    pdf = letters.letter_pdf(VisaLetter.objects.select_related("registration__edition__series").get(pk=letter.pk))
    german = " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())
    assert "东莞市外事局" in german


def test_a_german_participant_gets_a_german_letter_only() -> None:
    r = registration(edition(), language="de")
    letter = letters.letter_request(registration=r, passport=PASSPORT, now=BEFORE)
    letters.letter_approve(letter=letter, user=None, now=BEFORE)
    assert len(PdfReader(io.BytesIO(letters.letter_pdf(VisaLetter.objects.get(pk=letter.pk)))).pages) == 1


def test_the_passport_data_is_deleted_after_the_edition_under_a_fixed_clock(settings: object) -> None:
    settings.EVENTS_PASSPORT_KEEP_DAYS = 3  # type: ignore[attr-defined]
    ed = edition()
    issued = letters.letter_request(registration=registration(ed), passport=PASSPORT, now=BEFORE)
    letters.letter_approve(letter=issued, user=None, now=BEFORE)
    pending = letters.letter_request(registration=registration(ed), passport=PASSPORT, now=BEFORE)
    other = letters.letter_request(registration=registration(edition(ends_at=ENDS + datetime.timedelta(days=30))),
                                   passport=PASSPORT, now=BEFORE)
    assert letters.passports_purge_due(now=ENDS + datetime.timedelta(days=3)) == 0  # not yet: on the day
    purge_at = ENDS + datetime.timedelta(days=3, seconds=1)
    assert letters.passports_purge_due(now=purge_at) == 2
    for letter in (issued, pending):
        letter.refresh_from_db()
        assert (letter.passport, letter.passport_deleted_at) == ("", purge_at)
        assert letters.passport_of(letter) is None
    other.refresh_from_db()
    assert letters.passport_of(other) == PASSPORT  # its edition is not over
    assert letters.passports_purge_due(now=purge_at + datetime.timedelta(days=1)) == 0  # once
    with pytest.raises(DocumentRefused, match="deleted"):
        letters.letter_pdf(issued)
    assert issued.state == "approved"  # the letter itself stays: its verification address still answers


def test_the_retention_purger_counts_in_a_dry_run_and_purges_otherwise() -> None:
    letter = letters.letter_request(registration=registration(edition()), passport=PASSPORT, now=BEFORE)
    later = ENDS + datetime.timedelta(days=30)
    assert letters.passports_purger(later, None, True) == 1
    assert VisaLetter.objects.get(pk=letter.pk).passport != ""
    assert letters.passports_purger(later, None, False) == 1
    assert VisaLetter.objects.get(pk=letter.pk).passport == ""
