"""The check-up for tests: a small definition in the real format (two parts, three criteria), rounds and answers
written through the real services."""

import datetime
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.models import Round, Side
from partneratlas.checkup.services import round_open, round_settle, side_start
from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.models import Version
from partneratlas.questionnaires.services import response_save
from partneratlas.registry.models import Partnership

CODE = "checkup-test"
LEVELS = {str(n): {"de": f"Stufe {n}", "en": f"Level {n}", "zh-hans": f"第{n}级", "fr": f"Niveau {n}"}
          for n in range(5)}


def scale(code: str) -> dict[str, Any]:
    return {"code": code, "kind": "scale", "min": 0, "max": 4, "levels": LEVELS, "allow_not_applicable": True,
            "evidence": True,
            "text": {"de": f"Frage {code}", "en": f"Question {code}", "zh-hans": f"问题 {code}", "fr": f"Question {code} (fr)"}}


def criterion(code: str, dimension: str, items: list[str], *, french: bool = True) -> dict[str, Any]:
    title = {"de": f"Kriterium {code}", "en": f"Criterion {code}", "zh-hans": f"标准 {code}"}
    if french:
        title["fr"] = f"Critère {code}"
    return {"code": code, "title": title,
            "meta": {"criterion": code, "dimension": dimension,
                     "advice": {"de": f"Rat zu {code}", "en": f"Advice on {code}"}},
            "items": [scale(i) for i in items]}


def definition(code: str = CODE, *, french: bool = True, extra_item: bool = False) -> dict[str, Any]:
    """Texts in de, en, zh-hans and fr; without `french` one French title is missing (fr incomplete)."""
    return {
        "code": code, "purpose": "checkup", "languages": ["de", "en", "zh-hans", "fr"],
        "title": {"de": "Resilienz-Check", "en": "Resilience check-up", "zh-hans": "韧性自评", "fr": "Bilan"},
        "sections": [
            {"code": "connected", "meta": {"part": "connected"},
             "title": {"de": "Verbunden", "en": "Connected", "zh-hans": "相连", "fr": "Liés"},
             "sections": [criterion("c01", "R", ["c01.1", "c01.2"]), criterion("c02", "R", ["c02.1"])]},
            {"code": "anchored", "meta": {"part": "anchored"},
             "title": {"de": "Verankert", "en": "Anchored", "zh-hans": "扎根", "fr": "Ancrés"},
             "sections": [criterion("c05", "A", ["c05.1"] + (["c05.2"] if extra_item else []), french=french)]},
        ]}


def published(tmp: Path, **options: Any) -> Version:
    path = tmp / "checkup.json"
    path.write_text(json.dumps(definition(**options)), encoding="utf-8")
    _outcome, version = checkup_load(path=path, force=True)
    assert version is not None
    return version


def opened(partnership: Partnership, *, days: int = 30, now: datetime.datetime | None = None) -> Round:
    now = now or timezone.now()
    return round_open(partnership=partnership, closes_on=timezone.localdate(now) + datetime.timedelta(days=days),
                      now=now)


def side(round_: Round, role: str) -> Side:
    return Side.objects.select_related("response", "round").get(round=round_, role=role)


def answer(round_: Round, role: str, levels: dict[str, int | None], *, submit: bool = True, language: str = "de",
           evidence: str = "", now: datetime.datetime | None = None) -> Side:
    """Answers of one side (None: not applicable), saved or submitted; the round unsealed when due."""
    s = side_start(side=side(round_, role), language=language, now=now)
    assert s.response is not None
    answers = {code: AnswerInput(None, True, evidence) if level is None else AnswerInput(level, False, evidence)
               for code, level in levels.items()}
    response_save(response=s.response, answers=answers, submit=submit, now=now)
    if submit:
        round_settle(round_=round_, now=now)
    return side(round_, role)
