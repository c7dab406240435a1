"""A small world for the hosting and after-the-edition tests (no tests here): the round table China's series
organised by the agency, a call for hosts of its 2027 edition, applications of Wuppertal and Hamburg,
attendees of the 2026 edition, and people in every persona."""

import datetime
from typing import Any

from partneratlas.capacity.models import Claim, Pool
from partneratlas.events import archive, hosting
from partneratlas.events.models import Edition, EditionFile, HostApplication, HostCall, Registration, Series, Track
from partneratlas.gazetteer.models import Municipality
from partneratlas.notifications.services import preference_set
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.people.tests.factories import member, persona
from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.services import response_submit
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

UTC = datetime.UTC
OPENS = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime.datetime(2026, 5, 31, 22, 0, tzinfo=UTC)
DURING = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=UTC)
AFTER = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
STARTS = datetime.datetime(2026, 6, 22, 8, 0, tzinfo=UTC)
ENDS = datetime.datetime(2026, 6, 23, 15, 0, tzinfo=UTC)
WEIGHTS = {"venue": 2, "access": 0, "motivation": 1, "partners": 3, "programme": 0}
ANSWERS = {"first_day": AnswerInput("2027-06-21"), "days": AnswerInput(2), "venue": AnswerInput("Rathaus, Markt 1"),
           "seats": AnswerInput(180), "facilities": AnswerInput(["step_free", "interpreting"]),
           "motivation": AnswerInput("Wir pflegen seit 1985 eine Partnerschaft."),
           "partners": AnswerInput("Delegation aus der Partnerstadt"), "contact": AnswerInput("Amt für Europa")}
_counter = [0]


def people() -> dict[str, Any]:
    """own (Wuppertal's editor), other (Hamburg's), partner (Dongguan's), staff (the agency's)."""
    return {
        "own": persona("own@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
        "other": persona("other@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG),
        "partner": persona("partner@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN),
        "staff": persona("staff@agency.de", OrganisationKind.AGENCY),
    }


def agency() -> Organisation:
    found = Organisation.objects.filter(kind=OrganisationKind.AGENCY).order_by("pk").first()
    return found or Organisation.objects.create(kind=OrganisationKind.AGENCY, name="Servicestelle")


def series(organiser: Organisation | None = None) -> Series:
    _counter[0] += 1
    return Series.objects.create(slug=f"round-table-china-{_counter[0]}", format="round_table",
                                 organiser=organiser or agency(),
                                 names={"de": "Runder Tisch China", "en": "Round table China", "zh-hans": "中国圆桌会议"})


def edition(s: Series | None = None, **extra: Any) -> Edition:
    values = {"series": s or series(), "number": 7, "state": Edition.State.PUBLISHED, "starts_at": STARTS,
              "ends_at": ENDS, "venue": "Rathaus", "languages": ["de", "zh"], **extra}
    return Edition.objects.create(**values)


def call(s: Series | None = None, *, year: int = 2027, with_edition: bool = True,
         opens: datetime.datetime = OPENS, closes: datetime.datetime = CLOSES, **weights: int) -> HostCall:
    s = s or series()
    ed = edition(s, starts_at=STARTS.replace(year=year), ends_at=ENDS.replace(year=year)) if with_edition else None
    return hosting.call_open(series=s, year=year, opens_at=opens, closes_at=closes, weights={**WEIGHTS, **weights},
                             edition=ed)


def open_call(s: Series | None = None) -> HostCall:
    """A call open at the real clock's now (for the pages, which read the clock)."""
    from django.utils import timezone

    now = timezone.now()
    return call(s, opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=30))


def administration(ref: str) -> Organisation:
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, municipality__ref=ref).order_by("pk").first() \
        or Organisation.objects.create(kind=OrganisationKind.MUNICIPALITY, name=f"Stadtverwaltung {ref}",
                                       municipality=Municipality.objects.get(ref=ref))


def application(c: HostCall, ref: str, user: Any, *, submitted: bool = True, language: str = "de",
                now: datetime.datetime = DURING) -> HostApplication:
    """The administration of `ref` applies (with `user` as one of its editors), answers and submits."""
    org = administration(ref)
    if not org.members.filter(user=user).exists():
        member(user, org)
    app = hosting.application_start(call=c, organisation=org, user=user, language=language, now=now)
    if submitted:
        response_submit(response=app.response, answers=ANSWERS, now=now)
        app = hosting.application_submitted(application=app, now=now)
    return app


def png(name: str = "gruppe.png") -> Any:
    """A real 1×1 PNG upload."""
    import struct
    import zlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    content = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00"))
               + chunk(b"IEND", b""))
    return SimpleUploadedFile(name, content, content_type="image/png")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def archived(ed: Edition, title: str, *, kind: str = "minutes", audience: str = "participants",
             **extra: Any) -> EditionFile:
    """A file archived with the edition (a small PDF unless `upload` is given)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = extra.pop("upload", None) or SimpleUploadedFile("protokoll.pdf", PDF, content_type="application/pdf")
    new = archive.NewFile(upload=upload, kind="png" if (upload.name or "").endswith(".png") else "pdf", file_kind=kind,
                          title=title, audience=audience, **extra)
    return archive.file_add(edition=ed, new=new, user=None, now=ENDS)


def editor(email: str, ref: str, language: str = "de") -> Any:
    user = persona(email, OrganisationKind.MUNICIPALITY, ref)
    if language != "de":
        preference_set(user=user, language=language)
    return user


def track(ed: Edition) -> Track:
    _counter[0] += 1
    return Track.objects.create(edition=ed, names={}, pool=Pool.objects.create(key=f"events.track:h{_counter[0]}",
                                                                               capacity=100))


def registration(ed: Edition, *, email: str = "", language: str = "de", attended: bool = True,
                 state: str = "confirmed", user: Any = None, name: str = "Anna Schmidt") -> Registration:
    tr = ed.tracks.first() or track(ed)
    _counter[0] += 1
    claim = Claim.objects.create(pool=tr.pool, holder=f"events.registration:h{_counter[0]}", state=state,
                                 created_at=STARTS, changed_at=STARTS)
    return Registration.objects.create(edition=ed, track=tr, claim=claim, state=state, name=name,
                                       email=email or f"person{_counter[0]}@example.org", language=language,
                                       user=user, attended_at=STARTS if attended else None)
