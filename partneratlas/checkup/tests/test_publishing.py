"""Publishing a round's results: each side that answered agrees; then scores, radar and gap are public on the
published partnership's page, never the answers, the evidence, the peers or the sides' forms."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from partneratlas.checkup.models import Role, Round
from partneratlas.checkup.services import round_settle, side_peers_set, side_publish_set
from partneratlas.checkup.tests.factories import answer, opened, side
from partneratlas.checkup.tests.test_views import login
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import HAMBURG, SHANGHAI, partnership

pytestmark = pytest.mark.django_db

EVIDENCE = "Beleg-nur-für-Mitglieder-31337"
LEVELS = {"c01.1": 4, "c01.2": 3, "c02.1": 1, "c05.1": None}


def unsealed(wd: Partnership) -> Round:
    r = opened(wd)
    answer(r, Role.GERMAN, LEVELS, evidence=EVIDENCE)
    answer(r, Role.PARTNER, {"c01.1": 2, "c01.2": 2, "c02.1": 0, "c05.1": 3}, language="zh-hans")
    r.refresh_from_db()
    assert r.unsealed
    return r


def agree(r: Round, *roles: str, consent: bool = True) -> Round:
    for role in roles:
        side_publish_set(side=side(r, role), consent=consent)
    r.refresh_from_db()
    return r


def test_results_are_public_only_when_every_side_that_answered_agrees(version: Version, wd: Partnership) -> None:
    r = unsealed(wd)
    assert not agree(r, Role.GERMAN).results_public
    assert agree(r, Role.PARTNER).results_public
    assert not agree(r, Role.PARTNER, consent=False).results_public  # withdrawn: hidden again


def test_consent_given_while_sealed_takes_effect_when_the_round_is_unsealed(version: Version,
                                                                             wd: Partnership) -> None:
    r = opened(wd)
    agree(r, Role.GERMAN, Role.PARTNER)
    assert not r.results_public  # sealed: nothing to publish yet
    answer(r, Role.GERMAN, LEVELS)
    assert not Round.objects.get(pk=r.pk).results_public
    answer(r, Role.PARTNER, LEVELS)
    assert Round.objects.get(pk=r.pk).results_public


def test_a_side_that_did_not_answer_is_not_asked(version: Version, wd: Partnership) -> None:
    r = opened(wd, days=1)
    answer(r, Role.GERMAN, LEVELS)
    agree(r, Role.GERMAN)
    round_settle(round_=r, now=timezone.now() + datetime.timedelta(days=3))  # the closing day passed
    assert Round.objects.get(pk=r.pk).results_public


def test_the_public_reads_published_results_without_answers_peers_or_forms(client: Client, version: Version,
                                                                          wd: Partnership) -> None:
    r = agree(unsealed(wd), Role.GERMAN, Role.PARTNER)
    page = client.get(f"/en/checkup/rounds/{r.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Scores per criterion" in html
    assert "Perception gap" in html
    assert "<svg" in html
    assert EVIDENCE not in html
    assert "/publish/" not in html
    assert "/peers/" not in html
    assert "/link/" not in html
    assert f"/en/checkup/partnerships/{wd.uid}/" not in html  # the members' check-up page stays theirs
    assert page["Cache-Control"] == "private, no-store"
    atlas = client.get(f"/en/partnerships/{wd.uid}/").content.decode()
    assert f"/en/checkup/rounds/{r.pk}/" in atlas
    # the answer pages stay closed
    assert client.get(f"/en/checkup/rounds/{r.pk}/german/").status_code == 302


@pytest.mark.parametrize("who", ["outsider", None])
def test_unpublished_results_stay_private(client: Client, version: Version, wd: Partnership,
                                          who: str | None) -> None:
    r = agree(unsealed(wd), Role.GERMAN)  # the partner side has not agreed
    if who:
        login(client, who)
    assert client.get(f"/en/checkup/rounds/{r.pk}/").status_code == (403 if who else 302)
    assert f"/en/checkup/rounds/{r.pk}/" not in client.get(f"/en/partnerships/{wd.uid}/").content.decode()


def test_an_unpublished_partnership_publishes_nothing(client: Client, version: Version, wd: Partnership) -> None:
    r = agree(unsealed(wd), Role.GERMAN, Role.PARTNER)
    Partnership.objects.filter(pk=wd.pk).update(published=False)
    assert client.get(f"/en/checkup/rounds/{r.pk}/").status_code == 404
    login(client, "outsider")
    assert client.get(f"/en/checkup/rounds/{r.pk}/").status_code == 404


def test_each_side_agrees_for_itself_on_the_round_page(client: Client, version: Version, wd: Partnership) -> None:
    r = unsealed(wd)
    login(client, "own")
    assert client.post(f"/en/checkup/rounds/{r.pk}/partner/publish/", {"consent": "on"}).status_code == 403
    assert client.post(f"/en/checkup/rounds/{r.pk}/german/publish/", {"consent": "on"}).status_code == 302
    assert side(r, Role.GERMAN).publish_consent
    assert not side(r, Role.PARTNER).publish_consent
    login(Client(), "partner").post(f"/en/checkup/rounds/{r.pk}/partner/publish/", {"consent": "on"})
    assert Round.objects.get(pk=r.pk).results_public
    html = client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()
    assert "We agree to publish the results of this round" in html
    assert "everyone can read them" in html


def test_peers_stay_among_partnerships(client: Client, version: Version, wd: Partnership) -> None:
    other = partnership(HAMBURG, SHANGHAI)
    strong = opened(other)
    answer(strong, Role.GERMAN, {"c01.1": 4, "c01.2": 4, "c02.1": 4, "c05.1": 4})
    answer(strong, Role.PARTNER, {"c01.1": 4, "c01.2": 4, "c02.1": 4, "c05.1": 4})
    side_peers_set(side=side(strong, Role.GERMAN), opt_in=True)
    r = agree(unsealed(wd), Role.GERMAN, Role.PARTNER)
    assert "Hamburg" in login(Client(), "own").get(f"/en/checkup/rounds/{r.pk}/").content.decode()
    assert "Hamburg" not in client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()

