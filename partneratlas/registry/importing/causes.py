"""Why rows were not placed, grouped: "142 rows: partner is a district, not in the gazetteer"."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _labels() -> dict[str, str]:
    return {
        "ambiguous": _("several places bear the name and the file says nothing that tells them apart"),
        "ambiguous_hint": _("several places bear the name even within the region or city given"),
        "not_found": _("partner not in the gazetteer"),
        "not_found_district": _("partner is a district, not in the gazetteer"),
        "not_found_borough": _("partner is a borough, not in the gazetteer"),
        "not_in_region": _("no place of that name in the region given"),
        "unknown_country": _("country not recognised"),
        "no_name": _("no municipality named"),
        "not_yours": _("none of the members is a municipality you edit"),
        "same_twice": _("the same municipality is named twice"),
        "invalid": _("values that cannot be read (see the row report)"),
    }


def cause_of(row: dict[str, Any]) -> str | None:
    """The cause code of a row report (as stored, a dict); None for placed rows."""
    if row["status"] == "placed":
        return None
    cause = row.get("cause") or ""
    if not cause and row.get("unresolved"):
        cause = row["unresolved"][0].get("cause", "")
    return cause if cause in _labels() else ("invalid" if row["status"] == "invalid" else row["status"])


def grouped(rows: Iterable[dict[str, Any]]) -> list[tuple[str, int, str]]:
    """(cause, count, "142 rows: partner is a district, not in the gazetteer"), most frequent first."""
    labels = _labels()
    counts = Counter(c for c in map(cause_of, rows) if c)
    return [(cause, count, ngettext("%(count)d row: %(reason)s", "%(count)d rows: %(reason)s", count)
             % {"count": count, "reason": labels.get(cause, cause)}) for cause, count in counts.most_common()]
