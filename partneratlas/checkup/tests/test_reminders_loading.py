"""Reminders (once per side and day, each in its recipient's language), links under a clock, loading the content."""

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from partneratlas.checkup import links
from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.models import Role
from partneratlas.checkup.reminders import reminders_send
from partneratlas.checkup.services import Refused
from partneratlas.checkup.tests.factories import answer, definition, opened, side
from partneratlas.notifications.models import Preference
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Questionnaire, Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)


def test_sides_that_have_not_submitted_are_reminded_once_in_their_language(
        version: Version, wd: Partnership, django_capture_on_commit_callbacks: Any) -> None:
    persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
    li = persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN)
    Preference.objects.update_or_create(user=li, defaults={"language": "zh-hans"})
    r = opened(wd, days=20, now=NOW)
    links.link_issue(side=side(r, Role.PARTNER), email="ami@example.fr", language="en", now=NOW)
    answer(r, Role.GERMAN, {"c01.1": 4}, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=datetime.date(2025, 6, 10)) == 0  # 11 days before: not yet
        assert reminders_send(today=datetime.date(2025, 6, 14)) == 2  # 7 days before
        assert reminders_send(today=datetime.date(2025, 6, 15)) == 0  # once
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox) == [
        ("ami@example.fr", "PartnerAtlas"), ("li@dongguan.cn", "PartnerAtlas")]
    by = {m.to[0]: m for m in mail.outbox}
    assert "伙伴关系" in by["li@dongguan.cn"].subject or "韧性自评" in by["li@dongguan.cn"].subject
    assert "use the link you received" in by["ami@example.fr"].body


def test_a_link_expires_under_a_passed_clock(version: Version, wd: Partnership, settings: Any) -> None:
    settings.CHECKUP_LINK_DAYS = 30
    r = opened(wd, days=60, now=NOW)
    token = links.link_issue(side=side(r, Role.PARTNER), now=NOW)
    assert links.side_of_link(token, now=NOW + datetime.timedelta(days=29)).pk == side(r, Role.PARTNER).pk
    with pytest.raises(links.LinkInvalid) as fault:
        links.side_of_link(token, now=NOW + datetime.timedelta(days=31))
    assert fault.value.fault == "expired"


def test_only_the_partner_side_gets_a_link_and_not_once_submitted(version: Version, wd: Partnership) -> None:
    r = opened(wd)
    with pytest.raises(Refused, match="Only the partner side"):
        links.link_issue(side=side(r, Role.GERMAN))
    answer(r, Role.PARTNER, {"c01.1": 1})
    with pytest.raises(Refused, match="already submitted"):
        links.link_issue(side=side(r, Role.PARTNER))


def test_loading_twice_changes_nothing_and_keeps_the_agencys_versions(tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "checkup.json"
    path.write_text(json.dumps(definition()), encoding="utf-8")
    first = checkup_load(path=path)
    assert first[0] == "loaded"
    assert first[1] is not None
    assert not first[1].is_draft
    assert checkup_load(path=path) == ("unchanged", first[1])
    changed = definition()
    changed["title"]["en"] = "Resilience check-up, revised"
    path.write_text(json.dumps(changed), encoding="utf-8")
    assert checkup_load(path=path) == ("kept", None)
    assert Questionnaire.objects.get().versions.count() == 1
    outcome, second = checkup_load(path=path, force=True)
    assert (outcome, second.number if second else 0) == ("loaded", 2)


def test_the_command_loads_and_reports(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "checkup.json"
    path.write_text(json.dumps(definition()), encoding="utf-8")
    call_command("checkup", "load", str(path))
    call_command("checkup", "load", str(path))
    out = capsys.readouterr().out
    assert "1" in out
    assert Version.objects.get().state == Version.State.PUBLISHED
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(Exception, match="JSON"):
        call_command("checkup", "load", str(bad))


def test_the_definition_file_loads_when_it_is_there() -> None:
    from partneratlas.checkup.conf import DEFINITION

    if not DEFINITION.exists():
        pytest.skip("the check-up's content is not written yet")
    outcome, version = checkup_load()
    assert outcome == "loaded"
    assert version is not None
    assert version.items.count() >= 20
