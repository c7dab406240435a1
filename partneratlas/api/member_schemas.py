"""Shapes of the members' answers: activities, check-up rounds and results, indicators (the OpenAPI schema)."""

import datetime

from ninja import Field, Schema

from partneratlas.api.schemas import Page


class Place(Schema):
    id: int | None
    name: str


class Participants(Place):
    count: int


class Coded(Schema):
    code: str
    label: str


class ActivityActorOut(Schema):
    name: str | None = Field(description="The actor's name; null when only its kind was named (“schools”)")
    kind: str
    kind_label: str


class FileOut(Schema):
    id: int
    name: str
    media: str = Field(description="image or pdf")
    content_type: str
    size: int = Field(description="bytes")
    caption: str
    credit: str
    licence: str
    public: bool = Field(description="Shown to the public: the activity is public and, for a photo, the people "
                                     "shown agreed")
    url: str = Field(description="The file, for whoever may see it (a signed-in member or, for public files, anyone)")


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: datetime.date
    end_date: datetime.date | None
    direction: str | None = Field(description="to_partner, from_partner or both, seen from the side that logged it")
    direction_label: str | None
    title: str
    note: str
    text_language: str = Field(description="The language title and note are written in")
    side: Place = Field(description="The member municipality that logged it")
    participants: list[Participants]
    youth: bool
    young_people: int | None
    languages: list[Coded]
    actors: list[ActivityActorOut]
    visibility: str = Field(description="public or internal")
    visibility_label: str
    files: list[FileOut]
    updated_at: datetime.datetime


class ActivityPage(Page):
    results: list[ActivityOut]


class SideOut(Schema):
    role: str = Field(description="german or partner")
    role_label: str
    municipality: Place
    submitted: bool


class RoundOut(Schema):
    id: int
    questionnaire: str
    version: int
    opened_at: datetime.datetime
    closes_on: datetime.date
    closed_at: datetime.datetime | None
    state: str = Field(description="open (answers can be given), sealed (the closing day has passed, not yet "
                                   "unsealed) or unsealed (results readable)")
    state_label: str
    sealed: bool
    results_public: bool
    sides: list[SideOut]


class RoundList(Schema):
    count: int
    results: list[RoundOut]


class ScoreOut(Schema):
    value: float | None = Field(description="0–100; null when no item was answered")
    rounded: int | None
    answers: int
    not_applicable: int


class LineOut(Schema):
    code: str
    title: str
    german: ScoreOut | None
    partner: ScoreOut | None
    gap: float | None = Field(description="German minus partner side, in points")
    gap_text: str
    flagged: bool = Field(description="The gap is larger than the threshold")


class CriterionOut(LineOut):
    number: int
    both: float | None = Field(description="Both sides' answers together")


class WeakOut(Schema):
    code: str
    advice: str
    advice_language: str


class ResultsOut(Schema):
    gap_threshold: float
    weak_below: float
    criteria: list[CriterionOut]
    parts: list[LineOut]
    dimensions: list[LineOut]
    flagged: list[str]
    weak: list[WeakOut]


class RoundDetailOut(RoundOut):
    results: ResultsOut | None = Field(description="null while the round is sealed")


class SidePart(Schema):
    name: str
    value: int | None


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    direction: str = Field(description="higher or lower (which way is better)")
    direction_label: str
    watch: float
    risk: float
    value: float | None = Field(description="null: no data (never 0)")
    state: str = Field(description="ok, watch, risk or none (no data)")
    state_label: str
    detail: str
    note: str
    day: datetime.date | None
    sides: list[SidePart]


class IndicatorList(Schema):
    today: datetime.date
    results: list[IndicatorOut]
