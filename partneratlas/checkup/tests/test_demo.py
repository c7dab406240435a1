"""The check-up's demo data: written through the services, once; rounds unsealed with results; one partnership
drifting towards dormancy on the agency's dashboard, the others not."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partneratlas.activities.models import Activity
from partneratlas.checkup.demo import demo_checkup_load
from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.models import CriterionScore, Round, Side
from partneratlas.checkup.results import results_of
from partneratlas.checkup.warnings import warnings_of
from partneratlas.people.models import OrganisationKind
from partneratlas.people.models import Role as MemberRole
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Answer, Response
from partneratlas.registry.models import ContactPerson, Partnership
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def real_checkup(settings: Any) -> None:
    """The demo answers the check-up's own content, not the tests' small questionnaire."""
    settings.CHECKUP_QUESTIONNAIRE = ""
    checkup_load()


def snapshot() -> dict[str, Any]:
    return {
        "rounds": sorted(Round.objects.values_list("partnership_id", "opened_at", "closes_on", "closed_at")),
        "sides": sorted(Side.objects.values_list("round_id", "role", "municipality_id", "peers_opt_in")),
        "responses": sorted(Response.objects.values_list("subject", "language", "state", "submitted_at")),
        "answers": sorted(Answer.objects.values_list("response_id", "item__code", "value", "not_applicable",
                                                     "evidence")),
        "scores": sorted(CriterionScore.objects.values_list("round_id", "criterion", "side", "value")),
        "activities": sorted(Activity.objects.values_list("partnership_id", "date", "title")),
        "contacts": sorted(ContactPerson.objects.values_list("partnership_id", "municipality_id", "function")),
    }


def load() -> str:
    out = StringIO()
    call_command("demo", "load", stdout=out)
    return out.getvalue()


def by_name() -> dict[str, Partnership]:
    return {str(p): p for p in Partnership.objects.prefetch_related("memberships__municipality")}


def test_loading_twice_changes_nothing() -> None:
    assert "Demo-Runden des Resilienz-Checks: 6 von beiden Seiten beantwortet." in load()  # the site's language
    first = snapshot()
    assert len(first["rounds"]) == 6
    assert "Demo-Runden des Resilienz-Checks: 0 von beiden Seiten beantwortet." in load()
    assert snapshot() == first


def test_without_the_questionnaire_nothing_is_written(settings: Any) -> None:
    settings.CHECKUP_QUESTIONNAIRE = "not-loaded"
    call_command("demo", "load", stdout=StringIO())
    assert Round.objects.count() == 0
    assert demo_checkup_load(today=timezone.localdate()) == 0


def test_two_unsealed_rounds_a_year_apart_answered_by_both_sides_in_their_languages() -> None:
    load()
    names = by_name()
    for name, partner_language in [("Wuppertal – Dongguan", "zh-hans"), ("Essen – Changzhou", "en"),
                                   ("Hamburg – Shanghai", "zh-hans")]:
        rounds = list(Round.objects.filter(partnership=names[name]).order_by("opened_at"))
        assert len(rounds) == 2
        assert all(r.unsealed for r in rounds)
        assert 330 <= (rounds[1].opened_at - rounds[0].opened_at).days <= 400
        assert rounds[1].closed_at is not None
        assert rounds[1].closed_at.date() < timezone.localdate()
        for r in rounds:
            responses = {s.role: s.response for s in r.sides.select_related("response") if s.response}
            assert responses["german"].language == "de"
            assert responses["partner"].language == partner_language
            assert {x.state for x in responses.values()} == {Response.State.LOCKED}
            assert set(CriterionScore.objects.filter(round=r).values_list("side", flat=True)) == {
                "german", "partner", "both"}
    assert Answer.objects.filter(not_applicable=True).count() >= 10
    assert Answer.objects.filter(not_applicable=True, value__isnull=False).count() == 0
    evidence = list(Answer.objects.exclude(evidence="").values_list("evidence", flat=True))
    assert any("Berufsausbildung" in e for e in evidence)  # German
    assert any("东莞" in e for e in evidence)  # Chinese
    assert any("interpreters" in e for e in evidence)  # English


def test_the_results_page_shows_trend_gaps_and_weak_criteria_with_advice(client: Client) -> None:
    load()
    wd = by_name()["Wuppertal – Dongguan"]
    newest = Round.objects.filter(partnership=wd).order_by("-opened_at").first()
    assert newest is not None
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, role=MemberRole.EDITOR))
    response = client.get(f"/en/checkup/rounds/{newest.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    results = response.context["results"]
    assert results is not None
    assert len(results.trend) == 2  # the round a year earlier and this one
    assert results.flagged  # perception gaps above the threshold
    assert results.weak
    assert all(w.advice for w in results.weak)
    assert "<svg" in page
    assert results.weak[0].advice in page


def test_the_drifting_partnership_alone_is_on_the_agency_dashboard(client: Client) -> None:
    load()
    names = by_name()
    found = warnings_of(list(Partnership.objects.values_list("id", flat=True)), timezone.localdate())
    hs = found[names["Hamburg – Shanghai"].pk]
    assert hs.level == "risk"
    assert set(hs.signals) == {"dormant", "falling", "bus-factor"}
    assert hs.months is not None
    assert hs.months > 18
    assert hs.score is not None
    assert hs.previous is not None
    assert hs.previous - hs.score >= 10
    for healthy in ("Wuppertal – Dongguan", "Essen – Changzhou"):
        assert names[healthy].pk not in found
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY, None))
    page = client.get("/en/checkup/warnings/").content.decode()
    assert "Hamburg – Shanghai" in page
    assert f"/en/checkup/partnerships/{names['Hamburg – Shanghai'].uid}/" in page
    assert "Wuppertal – Dongguan" not in page


def test_a_strong_side_is_named_as_a_peer_for_a_weak_criterion() -> None:
    load()
    assert Side.objects.filter(peers_opt_in=True).count() == 2
    essen = Round.objects.filter(partnership=by_name()["Essen – Changzhou"]).order_by("-opened_at").first()
    assert essen is not None
    weak = results_of(essen, language="en").weak
    assert any(peer.partnership == "Wuppertal – Dongguan" for w in weak for peer in w.peers)
