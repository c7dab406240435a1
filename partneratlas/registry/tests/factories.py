"""Build registry data through the real service, as an import or the editor would."""

import datetime

from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.models import Partnership, PartnershipKind, Topic
from partneratlas.registry.services import PartnershipData, partnerships_save


def partnership(
    *refs: str,
    kind: str = "twinning",
    status: str = "active",
    since: int | None = None,
    sdgs: list[int] | None = None,
    topics: list[str] | None = None,
    history: list[tuple[str, int | None, datetime.date | None]] | None = None,
    description: str = "",
) -> Partnership:
    ids = [Municipality.objects.get(ref=ref).id for ref in refs]
    data = PartnershipData(
        member_ids=ids, kind_id=PartnershipKind.objects.get(code=kind).pk, status=status, start_year=since,
        sdgs=sdgs, topic_ids=[Topic.objects.get(code=t).pk for t in topics or []], status_history=history,
        description=description, source="test")
    return Partnership.objects.get(uid=partnerships_save(items=[(None, data)])[0])


WUPPERTAL, DONGGUAN, GUANGZHOU, HAMBURG, SHANGHAI = "gn:2805753", "gn:1812545", "gn:1809858", "gn:2911298", "gn:1796236"
ESSEN, CHANGZHOU, POTSDAM, ZANZIBAR, RHINELAND_PALATINATE, RWANDA = (
    "gn:2928810", "gn:1815456", "gn:2852458", "gn:148730", "adm1:DE.08", "country:RW")
