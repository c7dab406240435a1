"""Shapes of the JSON API's answers (they make the OpenAPI schema)."""

import datetime

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, object]] = []


class MunicipalityOut(Schema):
    id: int
    ref: str
    name: str
    display_name: str
    country: str
    region: str | None
    kind: str
    parent: str | None = Field(None, description="The gazetteer reference of what it is part of: the city of a "
                               "borough, the state of a district")
    population: int | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    wikidata_qid: str
    ags: str


class MemberOut(Schema):
    id: int
    ref: str
    name: str
    display_name: str
    country: str
    region: str
    kind: str
    latitude: float | None
    longitude: float | None


class StatusChangeOut(Schema):
    status: str
    year: int | None
    date: datetime.date | None


class CouncilResolutionOut(Schema):
    date: datetime.date
    reference: str


class ActorOut(Schema):
    name: str
    kind: str = Field(description="partnership_association, association, school, university, company, "
                                  "migrant_organisation, department, mayors_office, council, other")
    role: str
    member: str | None = Field(description="Gazetteer reference of the member municipality it belongs to")


class PartnershipOut(Schema):
    id: str
    kind: str
    kind_name: str
    status: str
    since: int | None
    signed_on: datetime.date | None
    members: list[MemberOut]
    sdgs: list[int]
    topics: list[str]
    working_languages: list[str]
    status_history: list[StatusChangeOut]
    council_resolutions: list[CouncilResolutionOut]
    actors: list[ActorOut]
    description: str
    source: str
    source_url: str
    verified_on: datetime.date | None


class Page(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


class MunicipalityPage(Page):
    results: list[MunicipalityOut]


class PartnershipPage(Page):
    results: list[PartnershipOut]


class CountOut(Schema):
    key: str
    label: str
    count: int


class StatisticsOut(Schema):
    total: int
    by_partner_country: list[CountOut]
    by_kind: list[CountOut]
    by_german_state: list[CountOut]
    by_decade: list[CountOut]
    by_status: list[CountOut]
    by_sdg: list[CountOut]
    by_topic: list[CountOut]
