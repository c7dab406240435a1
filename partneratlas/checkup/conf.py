"""The check-up's settings, each with its default (settings.py may set them from the environment)."""

import json
from pathlib import Path

from django.conf import settings

DEFINITION = Path(__file__).parent / "definitions" / "resilience-checkup-v1.json"
DEFAULT_CODE = "resilience-checkup"


def questionnaire_code() -> str:
    """settings.CHECKUP_QUESTIONNAIRE, else the code in the definition file, else "resilience-checkup"."""
    code = getattr(settings, "CHECKUP_QUESTIONNAIRE", "")
    if code:
        return str(code)
    try:
        found = json.loads(DEFINITION.read_text(encoding="utf-8")).get("code")
    except (OSError, ValueError, AttributeError):
        return DEFAULT_CODE
    return found if isinstance(found, str) and found else DEFAULT_CODE


def gap_threshold() -> float:
    """A perception gap (German minus partner) larger than this, in points of 0–100, is flagged."""
    return float(getattr(settings, "CHECKUP_GAP_THRESHOLD", 25))


def weak_below() -> float:
    """A criterion scoring below this (both sides together) is weak: advice and support are shown."""
    return float(getattr(settings, "CHECKUP_WEAK_BELOW", 50))


def strong_from() -> float:
    """A peer's criterion scoring at least this is strong."""
    return float(getattr(settings, "CHECKUP_STRONG_FROM", 75))


def link_days() -> int:
    """How long a partner link is valid after it is issued."""
    return int(getattr(settings, "CHECKUP_LINK_DAYS", 60))


def remind_days() -> list[int]:
    """Days before a round closes on which sides that have not submitted are reminded."""
    return [int(d) for d in getattr(settings, "CHECKUP_REMIND_DAYS", [7])]


MAPPINGS = Path(__file__).parent / "mappings.json"


def mappings() -> dict[str, dict[str, str]]:
    """Item mappings between versions for the trend: {"<code>:<old>-><new>": {old item code: new item code}}.

    settings.CHECKUP_ITEM_MAPPINGS when set, else checkup/mappings.json.
    """
    given = getattr(settings, "CHECKUP_ITEM_MAPPINGS", None)
    if given is None:
        try:
            given = json.loads(MAPPINGS.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            given = {}
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in dict(given).items() if isinstance(v, dict)}


def dormant_watch_months() -> int:
    """Months without a logged activity from which the partnership is watched (indicator and early warning)."""
    return int(getattr(settings, "CHECKUP_DORMANT_WATCH_MONTHS", 12))


def dormant_risk_months() -> int:
    """Months without a logged activity from which the partnership is at risk of falling dormant."""
    return int(getattr(settings, "CHECKUP_DORMANT_RISK_MONTHS", 18))


def falling_by() -> float:
    """A round scoring this many points (0–100) below the one before it (same version) is a falling trend."""
    return float(getattr(settings, "CHECKUP_FALLING_BY", 10))
