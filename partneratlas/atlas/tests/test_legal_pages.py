"""The privacy policy (GDPR Art. 13) and the imprint: what the public reads about who runs the site."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/en", "/zh-hans"]
OPERATOR = {"SITE_OPERATOR": "Servicestelle Kommunen in der Einen Welt",
            "SITE_ADDRESS": ["Friedrich-Ebert-Allee 40", "53113 Bonn"], "SITE_EMAIL": "info@example.org"}


def periods(page: str) -> dict[str, str]:
    """The privacy page's table of storage periods, as {data: when deleted}."""
    table = page[page.index('id="periods"'):page.index("</table>", page.index('id="periods"'))]
    rows = table.split("<tr><td>")[1:]
    return dict(tuple(row.split("</td></tr>")[0].split("</td><td>")) for row in rows)  # type: ignore[misc]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_privacy_policy_is_linked_from_every_pages_footer(client: Client, prefix: str) -> None:
    start = client.get(f"{prefix}/").content.decode()
    footer = start[start.index('<footer class="site-footer">'):]
    assert f'href="{prefix}/privacy/"' in footer
    assert client.get(f"{prefix}/privacy/").status_code == 200


def test_privacy_policy_names_the_operator_and_its_data_protection_officer(client: Client, settings: Any) -> None:
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    settings.PRIVACY_OFFICER = ["Dr. Erika Muster", "datenschutz@example.org"]
    page = client.get("/en/privacy/").content.decode()
    assert "Servicestelle Kommunen in der Einen Welt<br>" in page
    assert "53113 Bonn<br>" in page
    assert '<a href="mailto:info@example.org">info@example.org</a>' in page
    assert "Data protection officer:<br>Dr. Erika Muster<br>datenschutz@example.org</p>" in page


def test_privacy_policy_states_the_periods_the_purge_applies(client: Client, settings: Any) -> None:
    settings.RETENTION_DAYS = 365
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    assert periods(client.get("/en/privacy/").content.decode()) == {
        "Keyed hash of a proposal sender&#x27;s IP address": "after 2 days",
        "Name and e-mail address of a proposal&#x27;s sender": "365 days after the decision",
        "Uploaded file of an import": "when the import is done, fails or is cancelled; unconfirmed, after 7 days",
        "Row report of an import": "after 365 days",
        "Audit log entries (with IP addresses)": "after 365 days",
        "Record of e-mails sent": "after 365 days",
        "Contact person": "when the consent is withdrawn, at the latest 365 days after the partnership ended",
        "Account, memberships, two-factor data, language of e-mails": "when the account is deleted",
        "Your name in the history of changes": "replaced by “deleted account” when the account is deleted",
        "Sign-in (session cookie)": "after 8 hours",
    }


def test_privacy_policy_says_when_nothing_is_deleted_automatically(client: Client, settings: Any) -> None:
    settings.RETENTION_DAYS = 0
    table = periods(client.get("/en/privacy/").content.decode())
    assert table["Audit log entries (with IP addresses)"] == "only when the operator deletes it"
    assert table["Contact person"] == "when the consent is withdrawn"


def test_privacy_policy_names_a_tile_server_only_when_one_is_configured(client: Client, settings: Any) -> None:
    assert "background images" not in client.get("/en/privacy/").content.decode()
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "The map loads its background images from tiles.example.org." in client.get(
        "/en/privacy/").content.decode()


@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize("path", ["/imprint/", "/privacy/"])
def test_public_legal_pages_show_no_setup_hints(client: Client, settings: Any, prefix: str, path: str) -> None:
    """With DEBUG off and nothing configured, a visitor sees no names of settings, in no language."""
    settings.DEBUG = False
    for name in ("SITE_OPERATOR", "SITE_ADDRESS", "SITE_EMAIL", "SITE_PHONE", "SITE_RESPONSIBLE"):
        setattr(settings, name, [] if name == "SITE_ADDRESS" else "")
    page = client.get(prefix + path).content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    assert "SITE_" not in main
    assert "PRIVACY_OFFICER" not in main
    assert 'class="notice"' not in main


def test_privacy_policy_is_linked_from_the_proposal_and_sign_up_forms(client: Client) -> None:
    proposal = client.get("/en/propose/").content.decode()
    assert '<a href="/en/privacy/#proposals">privacy policy</a>' in proposal
    signup = client.get("/en/accounts/signup/").content.decode()
    assert '<a href="/en/privacy/#accounts">privacy policy</a>' in signup
