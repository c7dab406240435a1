"""Demo activities for the demo partnerships (facts from the seeds where there are any); loaded once.

Idempotent: an activity of the same partnership, date and title is not logged again.
"""

import datetime

from partneratlas.activities.models import Activity, ActivityKind, Visibility
from partneratlas.activities.services import ActivityData, activity_save
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.registry.models import Partnership

D = datetime.date
# (member, partner, side, kind, date, end date, direction, title, note, languages, actors, youth, public)
ACTIVITIES = [
    ("gn:2805753", "gn:1812545", "gn:2805753", "delegation-visit", D(2023, 9, 18), D(2023, 9, 22), "to_partner",
     "Delegationsreise nach Dongguan", "Gespräche über Berufsbildung und Wirtschaftsförderung; Besuch zweier "
     "Berufsschulen.", ["de", "zh"], [("mayors_office", ""), ("company", "")], None, True),
    ("gn:2805753", "gn:1812545", "gn:1812545", "youth-exchange", D(2024, 7, 8), D(2024, 7, 19), "from_partner",
     "东莞青少年夏令营访问伍珀塔尔", "来自东莞的学生参观了伍珀塔尔的学校和悬挂式单轨铁路。", ["zh", "de", "en"],
     [("school", "")], 24, True),
    ("gn:2805753", "gn:1812545", "gn:2805753", "video-meeting", D(2025, 2, 12), None, "",
     "Jahresplanung per Videokonferenz", "Abstimmung der Vorhaben für 2025.", ["de", "zh"],
     [("department", "")], None, False),
    ("gn:2911298", "gn:1796236", "gn:2911298", "joint-project", D(2010, 5, 1), D(2010, 10, 31), "",
     "Hamburg House auf der EXPO 2010", "Das erste Passivhaus Chinas, gemeinsam geplant und gebaut.",
     ["de", "zh", "en"], [("company", ""), ("university", "")], None, True),
    ("gn:2928810", "gn:1815456", "gn:2928810", "workshop", D(2019, 11, 5), D(2019, 11, 7), "",
     "Urban Studios – Learning Cities", "Dialog zwischen Universität und Stadt in Essen und Changzhou.",
     ["de", "zh", "en"], [("university", ""), ("department", "")], 12, True),
]


def demo_activities_load(*, today: datetime.date) -> int:
    """Log the demo activities whose partnership exists and which are not there yet; returns how many were logged."""
    places = dict(Municipality.objects.filter(ref__in={r for a in ACTIVITIES for r in a[:3]}).values_list("ref", "id"))
    kinds = dict(ActivityKind.objects.values_list("code", "id"))
    logged = 0
    for member, partner, side, kind, day, end, direction, title, note, languages, actors, youth, public in ACTIVITIES:
        if member not in places or partner not in places or kind not in kinds:
            continue
        partnership = (Partnership.objects.filter(memberships__municipality_id=places[member])
                       .filter(memberships__municipality_id=places[partner]).order_by("id").first())
        if partnership is None or Activity.objects.filter(partnership=partnership, date=day, title=title).exists():
            continue
        data = ActivityData(kind_id=kinds[kind], date=day, end_date=end, direction=direction, title=title, note=note,
                            language="zh" if side == partner and languages[0] == "zh" else "de",
                            side_id=places[side], languages=languages, actors=actors, youth=youth is not None,
                            young_people=youth, visibility=Visibility.PUBLIC if public else Visibility.INTERNAL)
        activity_save(partnership=partnership, activity=None, data=data, author=Author("demo", name="demo data"),
                      today=today)
        logged += 1
    return logged
