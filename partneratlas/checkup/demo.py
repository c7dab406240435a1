"""Demo check-ups: three demo partnerships with two unsealed rounds each, answered by both sides.

- Wuppertal–Dongguan: a rising trend; the partner side answers in Chinese; flagged gaps on a few
  criteria; the German side may be named as a peer where it is strong.
- Essen–Changzhou: a steady partnership with weak criteria (advice shown); the partner side answers
  in English; Wuppertal's side appears as a peer.
- Hamburg–Shanghai: drifting towards dormancy: its last activity was logged long ago (the activity
  log's demo has one from 2010), its check-up score falls by more than CHECKUP_FALLING_BY between the
  two rounds, and on the Shanghai side only one contact person speaks German, so the agency's
  early-warning dashboard lists it.

Everything is written through the services (`round_open`, `side_start`, `response_save`, `round_settle`,
`side_peers_set`) with their clock (`now`) set in the past, so the rows are exactly what people would
leave: the older round about fourteen months before `today`, the newer one about two months before
(dates relative to the day of loading, so that the demo keeps its shape). The recent activities that keep
the first two partnerships out of the warnings are data here (`activities`); the demo app logs them
through the activity log's service, which this capability may not call.

Idempotent: a partnership that has any check-up round is left alone; contact persons are added only to
a partnership without any.
"""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from partneratlas.checkup.conf import questionnaire_code
from partneratlas.checkup.models import Role, Round, Side
from partneratlas.checkup.services import round_open, round_settle, side_peers_set, side_start
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.questionnaires import selectors as questionnaires
from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.models import Item, Version
from partneratlas.questionnaires.services import response_save
from partneratlas.registry.edits import partnership_edit
from partneratlas.registry.models import Partnership
from partneratlas.registry.services import PartnershipData

WUPPERTAL, DONGGUAN = "gn:2805753", "gn:1812545"
ESSEN, CHANGZHOU = "gn:2928810", "gn:1815456"
HAMBURG, SHANGHAI = "gn:2911298", "gn:1796236"
AUTHOR = Author("demo", name="demo data")


@dataclass(frozen=True)
class Answers:
    """One side's answers in one round: a level per criterion (c01…c20, one digit each, "-": not applicable
    throughout), items left "not applicable", and evidence texts per item, in the side's language."""

    language: str
    levels: str
    not_applicable: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoRound:
    days_ago: int  # opened this many days before today
    german: Answers
    partner: Answers


@dataclass(frozen=True)
class DemoCheckup:
    member: str
    partner: str
    rounds: tuple[DemoRound, DemoRound]
    peers: tuple[str, ...] = ()  # roles whose side of the newer round may be named as a peer
    contacts: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()  # (side, name, function, languages)


WD_EVIDENCE_DE = (
    ("c04.2", "Gemeinsames Projekt zur dualen Berufsausbildung seit 2023, mit zwei Berufskollegs."),
    ("c07.1", "Partnerschaftsurkunde und Ratsbeschluss liegen vor; die Vereinbarung wurde 2024 erneuert."),
    ("c10.1", "Nur eine Kollegin im Büro für internationale Beziehungen spricht Chinesisch."),
    ("c12.1", "Delegationsreise nach Dongguan im September 2023, Gegenbesuch der Jugendgruppe 2024."),
)
WD_EVIDENCE_ZH = (
    ("c03.2", "学校、企业和青少年团体都参与了交流。"),
    ("c09.1", "交流活动主要由市政府外事办公室的预算资助。"),
    ("c12.1", "2024年夏季，东莞学生访问了伍珀塔尔。"),
    ("c19.1", "青少年夏令营受到双方家长和学校的高度评价。"),
)
EC_EVIDENCE_DE = (
    ("c03.1", "Die Universität Duisburg-Essen trägt den Austausch; Vereine sind bisher kaum beteiligt."),
    ("c17.1", "Eine Auswertung der Urban Studios gab es nur mündlich."),
)
EC_EVIDENCE_EN = (
    ("c08.2", "Workshop results are kept by the university team; the city administration has no copy."),
    ("c10.2", "We work in English; interpreters are booked for visits."),
    ("c13.1", "Meetings moved online quickly in 2020 and stayed hybrid."),
)
HS_EVIDENCE_DE = (
    ("c06.1", "Die Stelle für die Partnerschaft ist seit 2024 nicht besetzt."),
    ("c11.1", "Die jährliche Abstimmung mit Shanghai ist seit dem Personalwechsel ausgefallen."),
)
HS_EVIDENCE_ZH = (
    ("c10.1", "我们这边只有一位同事会说德语。"),
    ("c12.2", "最近两年没有代表团互访。"),
)

CHECKUPS = [
    DemoCheckup(
        WUPPERTAL, DONGGUAN,
        (DemoRound(430, Answers("de", "22312112212212112111", ("c09.3",), WD_EVIDENCE_DE[:2]),
                   Answers("zh-hans", "32221211123322221221", ("c09.2", "c18.2"), WD_EVIDENCE_ZH[:2])),
         DemoRound(65, Answers("de", "33423223322323223212", ("c09.3",), WD_EVIDENCE_DE),
                   Answers("zh-hans", "43332312133432332321", ("c09.2",), WD_EVIDENCE_ZH))),
        peers=(Role.GERMAN,)),
    DemoCheckup(
        ESSEN, CHANGZHOU,
        (DemoRound(400, Answers("de", "22312121112222221-21", ("c18.1",), EC_EVIDENCE_DE[:1]),
                   Answers("en", "21211111021211211-11", ("c09.1", "c09.2"), EC_EVIDENCE_EN[:1])),
         DemoRound(40, Answers("de", "22322121122332222-21", ("c18.1", "c15.3"), EC_EVIDENCE_DE),
                   Answers("en", "21311111022311211-21", ("c09.1", "c09.2"), EC_EVIDENCE_EN))),
        peers=(Role.PARTNER,)),
    DemoCheckup(
        HAMBURG, SHANGHAI,
        (DemoRound(450, Answers("de", "33433332333333233332", (), HS_EVIDENCE_DE[:1]),
                   Answers("zh-hans", "33323332233322332322", ("c18.2",), HS_EVIDENCE_ZH[:1])),
         DemoRound(55, Answers("de", "22322121221222121221", ("c09.3",), HS_EVIDENCE_DE),
                   Answers("zh-hans", "22212121211211221211", ("c18.2", "c09.2"), HS_EVIDENCE_ZH))),
        contacts=((HAMBURG, "Demo: Büro für internationale Beziehungen", "Partnerschaftsbeauftragte", ("de", "zh")),
                  (HAMBURG, "Demo: Referat Asien", "Referent", ("de", "en")),
                  (SHANGHAI, "Demo: Foreign Affairs Office", "German desk", ("zh", "de")),
                  (SHANGHAI, "Demo: Foreign Affairs Office", "Project officer", ("zh", "en")))),
]

# Recent activities, logged by the demo app through the activity log's service (this capability may not):
# (member, partner, side, kind, days before today, days it lasted, direction, title, note, languages, actors,
#  young people or None, public)
ACTIVITIES = [
    (WUPPERTAL, DONGGUAN, WUPPERTAL, "video-meeting", 75, 0, "", "Auswertung des Resilienz-Checks",
     "Beide Seiten besprechen die Ergebnisse des Checks und die Lücken bei der Sprache.", ["de", "zh"],
     [("department", "")], None, False),
    (WUPPERTAL, DONGGUAN, DONGGUAN, "expert-exchange", 150, 4, "from_partner", "东莞职业教育专家访问伍珀塔尔",
     "交流双元制职业教育的经验。", ["zh", "de"], [("school", ""), ("company", "")], None, True),
    (ESSEN, CHANGZHOU, ESSEN, "workshop", 120, 2, "", "Urban Studios: Folgeworkshop online",
     "Studierende aus Essen und Changzhou stellen Ideen zur Stadtentwicklung vor.", ["en", "de", "zh"],
     [("university", ""), ("association", "")], 18, True),
]


def at(today: datetime.date, days_ago: int, hour: int = 10) -> datetime.datetime:
    """A moment `days_ago` days before `today`, in the site's time zone."""
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def answers_for(items: list[Item], given: Answers, *, seed: str) -> dict[str, AnswerInput]:
    """Every scale item answered: its criterion's level, varied by one now and then (fixed by `seed`);
    "not applicable" where given; the evidence texts on their items."""
    rng = random.Random(seed)  # noqa: S311 (plausible variation, not secrecy)
    evidence = dict(given.evidence)
    found: dict[str, AnswerInput] = {}
    for item in items:
        criterion = str((item.section.meta or {}).get("criterion", ""))  # c01 … c20 in the check-up's content
        number = int(criterion[1:]) - 1 if criterion[1:].isdigit() else -1
        level = given.levels[number] if 0 <= number < len(given.levels) else "-"
        if item.code in given.not_applicable or level == "-":
            found[item.code] = AnswerInput(None, True, evidence.get(item.code, ""))
            continue
        low, high = int(item.minimum or 0), int(item.maximum or 4)
        value = min(high, max(low, int(level) + rng.choice((-1, 0, 0, 0, 1))))
        found[item.code] = AnswerInput(value, False, evidence.get(item.code, ""))
    return found


def _partnership(places: dict[str, int], member: str, partner: str) -> Partnership | None:
    if member not in places or partner not in places:
        return None
    return (Partnership.objects.filter(memberships__municipality_id=places[member])
            .filter(memberships__municipality_id=places[partner]).order_by("id").first())


def _answer(round_: Round, role: str, given: Answers, items: list[Item], now: datetime.datetime, seed: str) -> None:
    side = side_start(side=Side.objects.get(round=round_, role=role), language=given.language, now=now)
    assert side.response is not None
    response_save(response=side.response, answers=answers_for(items, given, seed=seed), submit=True, now=now)


def _round(partnership: Partnership, demo: DemoRound, items: list[Item], today: datetime.date, seed: str) -> Round:
    opened = at(today, demo.days_ago)
    round_ = round_open(partnership=partnership, closes_on=opened.date() + datetime.timedelta(weeks=8), now=opened)
    _answer(round_, Role.GERMAN, demo.german, items, at(today, demo.days_ago - 9, 15), f"{seed}/german")
    _answer(round_, Role.PARTNER, demo.partner, items, at(today, demo.days_ago - 20, 9), f"{seed}/partner")
    round_settle(round_=round_, now=at(today, demo.days_ago - 20, 9))  # both submitted: unsealed and scored
    return round_


def _contacts(partnership: Partnership, demo: DemoCheckup, places: dict[str, int], today: datetime.date) -> None:
    if not demo.contacts or partnership.contacts.exists():
        return
    members = list(partnership.memberships.values_list("municipality_id", flat=True))
    partnership_edit(
        data=PartnershipData(member_ids=members), partnership=partnership, started_from=None, own=None, sides=None,
        contacts=[{"municipality_id": places[side], "name": name, "function": function,
                   "languages": list(languages), "consent_on": today, "consent_note": "demo data"}
                  for side, name, function, languages in demo.contacts],
        author=AUTHOR)


@transaction.atomic
def demo_checkup_load(*, today: datetime.date) -> int:
    """Open, answer and unseal the demo rounds of each demo partnership that exists and has no round yet;
    returns how many rounds were written (0 also when the check-up questionnaire is not published:
    `partneratlas checkup load` first)."""
    version: Version | None = questionnaires.current_version(questionnaire_code())
    if version is None:
        return 0
    items = [i for i in version.items.select_related("section").order_by("order", "pk") if i.kind == Item.Kind.SCALE]
    refs = {ref for demo in CHECKUPS for ref in (demo.member, demo.partner)}
    places = dict(Municipality.objects.filter(ref__in=refs).values_list("ref", "id"))
    written = 0
    for demo in CHECKUPS:
        partnership = _partnership(places, demo.member, demo.partner)
        if partnership is None or Round.objects.filter(partnership=partnership).exists():
            continue
        newest = None
        for number, demo_round in enumerate(demo.rounds):
            newest = _round(partnership, demo_round, items, today, f"{demo.member}/{demo.partner}/{number}")
            written += 1
        for role in demo.peers:
            side_peers_set(side=Side.objects.get(round=newest, role=role), opt_in=True)
        _contacts(partnership, demo, places, today)
    return written


def activities(today: datetime.date) -> list[dict[str, Any]]:
    """The recent demo activities with their days: what the demo app logs (once: same partnership and title)."""
    return [{"member": m, "partner": p, "side": s, "kind": kind, "date": today - datetime.timedelta(days=ago),
             "end_date": today - datetime.timedelta(days=ago - length) if length else None, "direction": direction,
             "title": title, "note": note, "languages": languages, "actors": actors, "young_people": youth,
             "public": public}
            for m, p, s, kind, ago, length, direction, title, note, languages, actors, youth, public in ACTIVITIES]
