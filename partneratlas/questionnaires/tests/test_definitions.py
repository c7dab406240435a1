"""Definitions: read whole with every fault named, written back in the same format, nothing half-written."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from partneratlas.questionnaires.definitions import DefinitionInvalid, definition_of, definition_read
from partneratlas.questionnaires.models import Item, Questionnaire, Section, Version
from partneratlas.questionnaires.services import definition_import, version_publish
from partneratlas.questionnaires.tests.factories import definition
from partneratlas.questionnaires.texts import missing_texts

pytestmark = pytest.mark.django_db


def test_a_definition_imports_as_a_draft_with_parts_criteria_and_items() -> None:
    version = definition_import(raw=json.dumps(definition()))
    assert (version.questionnaire.code, version.questionnaire.purpose, version.number, version.state) == (
        "resilience-checkup", "checkup", 1, "draft")
    assert version.languages == ["de", "en", "zh-hans"]
    assert [(s.code, s.parent.code if s.parent else None) for s in Section.objects.order_by("order")] == [
        ("connected", None), ("c01", "connected"), ("c02", "connected"), ("facts", None)]
    assert list(Item.objects.values_list("code", "section__code", "kind")) == [
        ("c01.1", "c01", "scale"), ("c01.2", "c01", "scale"), ("c02.1", "c02", "scale"),
        ("languages", "facts", "choice"), ("agreement", "facts", "choice"), ("people", "facts", "number"),
        ("last-visit", "facts", "date"), ("note", "facts", "text")]
    c011 = Item.objects.get(code="c01.1")
    assert (c011.minimum, c011.maximum, c011.levels["3"]["zh-hans"]) == (0, 4, "第3级")
    assert Section.objects.get(code="c01").meta == {"criterion": "c01", "dimension": "R"}


def test_export_gives_back_the_imported_definition() -> None:
    version = definition_import(raw=definition())
    assert json.loads(json.dumps(definition_of(version))) == _normalised(definition())


def _normalised(data: dict) -> dict:
    """The defaults export writes out (required, evidence, not applicable; multiple for choices)."""
    for part in data["sections"]:
        for section in [part, *part.get("sections", [])]:
            for item in section.get("items", []):
                item.setdefault("required", False)
                item.setdefault("evidence", False)
                item.setdefault("allow_not_applicable", False)
    return data


def test_every_fault_is_named_with_its_place() -> None:
    data = definition()
    criterion = data["sections"][0]["sections"][0]
    criterion["items"][0]["levels"].pop("4")
    criterion["items"][1]["code"] = "c01.1"
    criterion["items"][1]["lables"] = {}
    criterion["title"]["fr"] = "Éléments"
    data["sections"][1]["items"][2]["min"] = 2000
    with pytest.raises(DefinitionInvalid) as caught:
        definition_read(data)
    assert caught.value.errors == [
        "sections[0].sections[0].title: texts in fr, which the definition's languages do not list",
        "sections[0].sections[0].items[0].levels: a descriptor for each level from 0 to 4 is needed",
        "sections[0].sections[0].items[1]: unknown keys lables (allowed: allow_not_applicable, code, evidence, help, "
        "kind, levels, max, meta, min, multiple, options, required, text, unit)",
        "sections[0].sections[0].items[1]: the code c01.1 is used twice",
        "sections[1].items[2]: min must be smaller than max",
    ]


def test_faults_are_named_in_the_readers_language() -> None:
    with translation.override("de"), pytest.raises(DefinitionInvalid) as caught:
        definition_read(b"{not json")
    assert caught.value.errors[0].startswith("Die Datei ist kein gültiges JSON")


@pytest.mark.parametrize(("change", "fault"), [
    ({"languages": []}, "languages: a list of distinct language codes"),
    ({"languages": ["de", "de"]}, "languages: a list of distinct language codes"),
    ({"code": "kein code!"}, "code: a code of letters"),
    ({"sections": []}, "sections: a list of at least one section is needed"),
    ({"title": {}}, "title: a text is needed"),
])
def test_a_broken_top_level_is_refused(change: dict, fault: str) -> None:
    with pytest.raises(DefinitionInvalid) as caught:
        definition_read(definition() | change)
    assert caught.value.errors[0].startswith(fault)


def test_an_item_of_unknown_kind_or_with_anothers_settings_is_refused() -> None:
    data = definition()
    facts = data["sections"][1]["items"]
    facts[0]["kind"] = "slider"
    facts[3]["options"] = []
    facts[4]["levels"] = {}
    with pytest.raises(DefinitionInvalid) as caught:
        definition_read(data)
    assert caught.value.errors == [
        "sections[1].items[0].kind: one of scale, choice, number, date, text",
        "sections[1].items[0]: multiple, options belong to choice items",
        "sections[1].items[3]: options belong to choice items",
        "sections[1].items[4]: levels belong to scale items",
    ]


def test_a_refused_file_writes_nothing() -> None:
    data = definition()
    data["sections"][1]["items"][0]["options"][1]["code"] = "de"
    with pytest.raises(DefinitionInvalid):
        definition_import(raw=data)
    assert (Questionnaire.objects.count(), Version.objects.count(), Item.objects.count()) == (0, 0, 0)


def test_a_second_import_replaces_the_draft_and_after_publishing_makes_the_next_version() -> None:
    first = definition_import(raw=definition())
    data = definition()
    data["title"]["en"] = "Resilience check-up, second try"
    again = definition_import(raw=data)
    assert (again.pk, again.number, Version.objects.count()) == (first.pk, 1, 1)
    assert Version.objects.get().title["en"] == "Resilience check-up, second try"
    assert Item.objects.count() == 8
    version_publish(version=again)
    third = definition_import(raw=definition())
    assert (third.number, third.state, Version.objects.count(), Item.objects.count()) == (2, "draft", 2, 16)


def test_the_checkup_definition_imports_completely_and_exports_unchanged() -> None:
    """The check-up's content (written in this format by its own app) reads, is complete, and round-trips."""
    path = Path(__file__).resolve().parents[2] / "checkup" / "definitions" / "resilience-checkup-v1.json"
    raw = path.read_bytes()
    version = definition_import(raw=raw)
    assert (version.items.count(), version.items.filter(kind="scale").count()) == (50, 50)
    assert [lang for lang in version.languages if missing_texts(version, lang)] == []
    assert definition_of(version) == _normalised(json.loads(raw))
