import pytest

from partneratlas.registry.selectors import PartnershipFilter, partnerships_count, partnerships_filtered
from partneratlas.registry.tests.factories import (
    CHANGZHOU,
    DONGGUAN,
    ESSEN,
    GUANGZHOU,
    HAMBURG,
    SHANGHAI,
    WUPPERTAL,
    partnership,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "filters",
    [
        PartnershipFilter(),
        PartnershipFilter(country="CN"),
        PartnershipFilter(country="DE"),
        PartnershipFilter(german_state="NRW"),
        PartnershipFilter(country="CN", kind="twinning"),
        PartnershipFilter(country="CN", german_state="Hamburg"),
        PartnershipFilter(kind="project"),
        PartnershipFilter(country="FR"),
    ],
)
def test_count_agrees_with_the_filtered_selection(filters: PartnershipFilter) -> None:
    partnership(WUPPERTAL, DONGGUAN)
    partnership(WUPPERTAL, GUANGZHOU, DONGGUAN, kind="project")  # two Chinese members, counted once
    partnership(HAMBURG, SHANGHAI)
    partnership(ESSEN, CHANGZHOU, kind="friendship")
    partnership(WUPPERTAL, ESSEN)
    assert partnerships_count(filters) == partnerships_filtered(filters).count()


def test_count_of_china_reads_one_query(django_assert_num_queries: object) -> None:
    partnership(WUPPERTAL, GUANGZHOU, DONGGUAN, kind="project")
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert partnerships_count(PartnershipFilter(country="CN")) == 1


@pytest.mark.parametrize("filters", [PartnershipFilter(country="CN"), PartnershipFilter(german_state="NRW"),
                                     PartnershipFilter(country="CN", kind="project"), PartnershipFilter()])
@pytest.mark.parametrize("offset", [0, 1, 3])
def test_page_of_ids_agrees_with_the_filtered_selection(filters: PartnershipFilter, offset: int) -> None:
    from partneratlas.registry.selectors import partnership_ids_page

    partnership(WUPPERTAL, DONGGUAN)
    partnership(WUPPERTAL, GUANGZHOU, DONGGUAN, kind="project")
    partnership(HAMBURG, SHANGHAI)
    partnership(ESSEN, CHANGZHOU, kind="friendship")
    expected = list(partnerships_filtered(filters).order_by("id").values_list("id", flat=True)[offset:offset + 2])
    assert partnership_ids_page(filters, ["id"], offset, 2) == expected
