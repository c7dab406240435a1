"""The seat rule, without the database: who fits while how many seats are held.

held = confirmed claims + open offers. A claim of category c fits when
held < capacity and (c == reserved_for or held by other categories < capacity − reserved).
So the reserved seats stay free for their category, which may also take any other seat;
after the capacity was lowered below what is held, nothing more is handed out until it is
below the capacity again (nobody is evicted).
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Seats:
    capacity: int
    reserved: int
    reserved_for: str
    held: int  # confirmed + open offers
    held_reserved: int  # … of them by claims of the reserved category

    @property
    def held_other(self) -> int:
        return self.held - self.held_reserved

    @property
    def free(self) -> int:
        """Seats not held (for the reserved category; others may find fewer)."""
        return max(0, self.capacity - self.held)

    @property
    def free_for_others(self) -> int:
        """Seats free for claims of any category but the reserved one."""
        return max(0, min(self.free, self.capacity - self.reserved - self.held_other))

    def free_for(self, category: str) -> int:
        """How many more claims of `category` would fit."""
        return self.free if category == self.reserved_for else self.free_for_others

    def fits(self, category: str) -> bool:
        return self.free_for(category) > 0

    def taken(self, category: str) -> "Seats":
        """The seats after a claim of `category` took one."""
        return replace(self, held=self.held + 1, held_reserved=self.held_reserved + (category == self.reserved_for))

    def released(self, category: str) -> "Seats":
        """The seats after a claim of `category` gave one back."""
        return replace(self, held=self.held - 1, held_reserved=self.held_reserved - (category == self.reserved_for))
