"""A world for the members' operations: Wuppertal–Dongguan (published) with activities and check-up rounds,
Hamburg–Shanghai (unpublished), and a person of each kind with a personal token."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from partneratlas.activities.models import Attachment, Media
from partneratlas.activities.services import NewFile
from partneratlas.activities.tests.factories import activity, pdf, photo
from partneratlas.checkup.models import Role, Round
from partneratlas.checkup.tests.factories import CODE, answer, opened, published
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.people.tokens import token_create
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership

PEOPLE = {"own": (OrganisationKind.MUNICIPALITY, WUPPERTAL), "other": (OrganisationKind.MUNICIPALITY, HAMBURG),
          "partner": (OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN), "staff": (OrganisationKind.AGENCY, None)}
SECRET = "GEHEIM-Begründung-7f3a"  # evidence text of sealed answers: never in any answer of the API


@dataclass
class World:
    wd: Partnership
    draft: Partnership
    users: dict[str, Any]
    tokens: dict[str, str]
    sealed: Round
    unsealed: Round
    things: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str, via: str = "token") -> Client:
        """A client of the persona: "anonymous", or a person by token or by session."""
        if who == "anonymous":
            return Client()
        if via == "session":
            client = Client()
            client.force_login(self.users[who])
            return client
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[who]}")


@pytest.fixture(autouse=True)
def checkup_settings(settings: Any) -> None:
    settings.CHECKUP_QUESTIONNAIRE = CODE
    settings.CHECKUP_ITEM_MAPPINGS = {}


@pytest.fixture
def world(db: Any, tmp_path: Path) -> World:
    published(tmp_path)
    wd = partnership(WUPPERTAL, DONGGUAN, since=2016)
    draft = partnership(HAMBURG, SHANGHAI)
    Partnership.objects.filter(pk=draft.pk).update(published=False)
    users = {who: persona(f"{who}@example.org", kind, ref) for who, (kind, ref) in PEOPLE.items()}
    tokens = {who: token_create(user=user, name="test", expires_on=None)[1] for who, user in users.items()}
    now = datetime.datetime.now(datetime.UTC)
    earlier = opened(wd, now=now - datetime.timedelta(days=400))
    answer(earlier, Role.GERMAN, {"c01.1": 4, "c01.2": 3, "c02.1": 2, "c05.1": None}, now=now - datetime.timedelta(days=399))
    answer(earlier, Role.PARTNER, {"c01.1": 1, "c01.2": 1, "c02.1": 2, "c05.1": 0}, language="zh-hans",
           now=now - datetime.timedelta(days=398))
    earlier.refresh_from_db()
    current = opened(wd)
    answer(current, Role.GERMAN, {"c01.1": 4, "c01.2": 4, "c02.1": 4, "c05.1": 4}, evidence=SECRET)
    current.refresh_from_db()
    public_act = activity(wd, side=WUPPERTAL, title="Delegation in Dongguan", youth=True, young_people=12,
                          languages=["de", "zh"], files=[photo(), photo(name="secret.png"), _pdf()])
    Attachment.objects.filter(activity=public_act, name="secret.png").update(consent=False)
    internal = activity(wd, side=DONGGUAN, title="Interne Videokonferenz", kind="video-meeting", public=False,
                        date=datetime.date(2025, 4, 1))
    hidden = activity(draft, side=HAMBURG, title="Entwurf")
    return World(wd, draft, users, tokens, current, earlier,
                 {"public": public_act, "internal": internal, "hidden": hidden})


def _pdf() -> NewFile:
    return NewFile(upload=pdf(), media=Media.PDF, content_type="application/pdf", caption="Protokoll", credit="",
                   licence="", consent=False)
