"""The kinds of record the history keeps, registered by the apps that own them.

    class PartnershipRecord(RecordKind):
        name = "partnership"
        ...
    register(PartnershipRecord())          # in the owning app's AppConfig.ready()

A kind says how its stored state reads back (`decode`: JSON → typed values), how it reads
to a person (`lines`: label and text per field, in the reader's language), what a
person calls the record (`references`) and how an old state is restored (`restore`,
through the owning app's write service). States are written as JSON by orjson, which
turns dates into ISO strings, tuples into lists and UUIDs into strings; `decode` undoes it.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

State = dict[str, Any]


@dataclass(frozen=True)
class Line:
    label: str
    text: str


@dataclass(frozen=True)
class Author:
    """Who saves, for the history: a user, or a name for what is not a person ("import of list.csv")."""

    via: str  # edit, import, revert, proposal, demo, gazetteer, review
    user: Any = None
    name: str = ""


class RecordKind(ABC):
    name: str

    def decode(self, state: State) -> State:
        """The stored JSON state with its typed values back (dates, tuples)."""
        return state

    @abstractmethod
    def lines(self, state: State) -> list[Line]:
        """The state in words, field by field, in the reader's language."""

    @abstractmethod
    def references(self, object_ids: Iterable[int]) -> dict[int, str]:
        """What people call each record (a partnership's id, a municipality's reference); missing: deleted."""

    @abstractmethod
    def restore(self, *, object_id: int, state: State, author: Author) -> None:
        """Save `state` again as the record's newest version, through the owning app's write service."""


_KINDS: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> None:
    _KINDS[kind.name] = kind


def kind_of(name: str) -> RecordKind:
    return _KINDS[name]


def kinds() -> list[RecordKind]:
    return list(_KINDS.values())
