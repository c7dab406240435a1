"""Questionnaires for tests: a small check-up-like definition (parts → criteria) with every kind of item."""

import copy
from typing import Any

from partneratlas.questionnaires.models import Version
from partneratlas.questionnaires.services import definition_import, version_publish

LEVELS = {str(n): {"de": f"Stufe {n}", "en": f"Level {n}", "zh-hans": f"第{n}级"} for n in range(5)}


def scale(code: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "kind": "scale", "min": 0, "max": 4,
            "text": {"de": f"Frage {code}", "en": f"Question {code}", "zh-hans": f"问题 {code}"},
            "help": {"de": "Denken Sie an das letzte Jahr.", "en": "Think of the last year.",
                     "zh-hans": "请想想过去一年。"},
            "levels": copy.deepcopy(LEVELS), "allow_not_applicable": True, "evidence": True, "required": False,
            **extra}


def definition(code: str = "resilience-checkup") -> dict[str, Any]:
    return {
        "code": code, "purpose": "checkup",
        "title": {"de": "Resilienz-Check", "en": "Resilience check-up", "zh-hans": "韧性自查"},
        "intro": {"de": "Beantworten Sie jede Frage für Ihre Seite.", "en": "Answer each question for your side.",
                  "zh-hans": "请为您一方回答每个问题。"},
        "languages": ["de", "en", "zh-hans"],
        "sections": [
            {"code": "connected", "title": {"de": "Verbunden", "en": "Connected", "zh-hans": "相连"},
             "meta": {"part": "connected"},
             "sections": [
                 {"code": "c01", "title": {"de": "Verbindende Elemente", "en": "Connecting elements",
                                           "zh-hans": "连接要素"},
                  "meta": {"criterion": "c01", "dimension": "R"},
                  "items": [scale("c01.1"), scale("c01.2", required=True)]},
                 {"code": "c02", "title": {"de": "Augenhöhe", "en": "Equal footing", "zh-hans": "平等"},
                  "meta": {"criterion": "c02", "dimension": "A"},
                  "items": [scale("c02.1")]}]},
            {"code": "facts", "title": {"de": "Angaben", "en": "Facts", "zh-hans": "信息"},
             "items": [
                 {"code": "languages", "kind": "choice", "multiple": True,
                  "text": {"de": "Arbeitssprachen", "en": "Working languages", "zh-hans": "工作语言"},
                  "options": [{"code": "de", "label": {"de": "Deutsch", "en": "German", "zh-hans": "德语"}},
                              {"code": "zh", "label": {"de": "Chinesisch", "en": "Chinese", "zh-hans": "汉语"}}]},
                 {"code": "agreement", "kind": "choice", "multiple": False, "allow_not_applicable": True,
                  "text": {"de": "Gibt es eine Vereinbarung?", "en": "Is there an agreement?", "zh-hans": "有协议吗？"},
                  "options": [{"code": "yes", "label": {"de": "ja", "en": "yes", "zh-hans": "有"}},
                              {"code": "no", "label": {"de": "nein", "en": "no", "zh-hans": "没有"}}]},
                 {"code": "people", "kind": "number", "min": 0, "max": 1000, "required": True,
                  "text": {"de": "Aktive Personen", "en": "Active people", "zh-hans": "活跃人数"},
                  "unit": {"de": "Personen", "en": "people", "zh-hans": "人"}},
                 {"code": "last-visit", "kind": "date",
                  "text": {"de": "Letzter Besuch", "en": "Last visit", "zh-hans": "最近一次访问"}},
                 {"code": "note", "kind": "text",
                  "text": {"de": "Anmerkungen", "en": "Notes", "zh-hans": "备注"}}]}]}


def published(code: str = "resilience-checkup", data: dict[str, Any] | None = None) -> Version:
    return version_publish(version=definition_import(raw=data or definition(code)))
