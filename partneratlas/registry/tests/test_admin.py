import pytest
from django.test import Client

from partneratlas.people.tests.factories import person
from partneratlas.registry.models import PartnershipKind
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(person("admin@example.org", superuser=True, totp=True))
    return client


def test_agency_extends_the_kinds_of_partnership(admin_client: Client) -> None:
    response = admin_client.post("/admin/registry/partnershipkind/add/", {
        "code": "school", "names": '{"de": "Schulpartnerschaft", "en": "School partnership"}',
        "aliases": '["Schulpartnerschaft"]', "position": "50"})
    assert response.status_code == 302
    assert PartnershipKind.objects.get(code="school").names == {"de": "Schulpartnerschaft", "en": "School partnership"}


def test_partnerships_are_read_only_in_the_admin(admin_client: Client) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    assert admin_client.get(f"/admin/registry/partnership/{p.pk}/change/").status_code == 200
    assert admin_client.get("/admin/registry/partnership/add/").status_code == 403
    admin_client.post(f"/admin/registry/partnership/{p.pk}/change/", {"status": "ended"})
    p.refresh_from_db()
    assert p.status == "active"
