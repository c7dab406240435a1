"""Certificates of attendance (only for attendees, in their language, naming the track) and name badges."""

import io

import pytest
from pypdf import PdfReader

from partneratlas.events import badges, certificates
from partneratlas.events.letters import DocumentRefused
from partneratlas.events.models import Certificate
from partneratlas.events.tests.test_documents_world import BEFORE, delegate, edition, people, registration, track
from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.tests.factories import DONGGUAN

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_certificates_only_for_attendees() -> None:
    ed = edition()
    absent = registration(ed, "Not There")
    cancelled_attendee = registration(ed, "Checked In Then Cancelled", state="cancelled", attended=True)
    for r in (absent, cancelled_attendee):
        with pytest.raises(DocumentRefused, match="checked in"):
            certificates.certificate_issue(registration=r, now=BEFORE)
    attendee = registration(ed, "Anna Schmidt", attended=True)
    certificate = certificates.certificate_issue(registration=attendee, now=BEFORE)
    assert certificates.certificate_issue(registration=attendee, now=BEFORE).code == certificate.code  # once
    assert list(Certificate.objects.values_list("registration__name", flat=True)) == ["Anna Schmidt"]


def test_issuing_to_every_attendee_skips_the_others_and_those_who_have_one() -> None:
    ed = edition()
    first = registration(ed, "A", attended=True)
    certificates.certificate_issue(registration=first, now=BEFORE)
    registration(ed, "B", attended=True)
    registration(ed, "C")
    registration(ed, "D", state="waiting")
    assert certificates.certificates_issue_all(edition=ed, now=BEFORE) == 1
    assert sorted(Certificate.objects.values_list("registration__name", flat=True)) == ["A", "B"]
    assert certificates.certificates_issue_all(edition=ed, now=BEFORE) == 0


def test_the_certificate_is_in_the_persons_language_names_the_track_and_the_verification_address(
        settings: object) -> None:
    settings.SITE_URL = "https://partneratlas.example"  # type: ignore[attr-defined]
    ed = edition()
    track(ed, {"de": "Einsteiger", "en": "Beginners", "zh-hans": "初级班"})
    advanced = track(ed, {"de": "Fortgeschrittene", "en": "Advanced", "zh-hans": "高级班"})
    wang = delegate(ed, people()["own"], tr=advanced, attended=True)
    text = text_of(certificates.certificate_pdf(certificates.certificate_issue(registration=wang, now=BEFORE)))
    assert "王小明" in text
    assert "东莞市外事局" in text
    assert "第七届中国圆桌会议" in text
    assert "高级班" in text
    assert "Fortgeschrittene" not in text
    assert "Advanced" not in text
    code = Certificate.objects.get(registration=wang).code
    assert f"https://partneratlas.example/events/verify/{code}/" in text
    anna = registration(ed, "Anna Schmidt", language="de", tr=advanced, attended=True)
    german = text_of(certificates.certificate_pdf(certificates.certificate_issue(registration=anna, now=BEFORE)))
    assert "7. Runder Tisch China" in german
    assert "Fortgeschrittene" in german
    assert "高级班" not in german


def test_a_chinese_name_is_written_in_latin_letters_too() -> None:
    assert badges.latin_of("王小明") == "Wang Xiaoming"
    assert badges.latin_of("欧阳 娜娜") == "Ou Yangnana"  # the first character read as the family name
    assert badges.chinese("王小明")
    assert not badges.chinese("Anna Schmidt")


def test_the_badges_show_name_organisation_and_municipality_in_latin_and_chinese_script() -> None:
    ed = edition()
    delegate(ed, people()["own"])
    registration(ed, "Anna Schmidt", organisation_name="Stadt Wuppertal",
                 municipality=Municipality.objects.get(name="Wuppertal"))
    registration(ed, "Waiting Person", state="waiting")
    assert [(b.name, b.name_other) for b in badges.badges_of(ed)] == [("Anna Schmidt", ""), ("王小明", "Wang Xiaoming")]
    text = text_of(badges.badges_pdf(edition=ed, language="de"))
    dongguan = Municipality.objects.get(ref=DONGGUAN)
    assert "王小明" in text
    assert "Wang Xiaoming" in text
    assert "东莞市外事局" in text
    assert dongguan.name in text
    assert dongguan.localized_names["zh-hans"] in text
    assert "Anna Schmidt" in text
    assert "Stadt Wuppertal" in text
    assert "Wuppertal" in text
    assert "Waiting Person" not in text
