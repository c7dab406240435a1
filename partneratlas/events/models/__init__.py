"""The events capability's models, one module per topic (see docs/events.md)."""

from partneratlas.events.models.archive import EditionFile
from partneratlas.events.models.documents import Certificate, VisaLetter
from partneratlas.events.models.editions import Edition, ListVisibility, Session, Track
from partneratlas.events.models.hosting import HostApplication, HostCall, Review
from partneratlas.events.models.registrations import ACTIVE_STATES, PARTNER, Delegation, Registration
from partneratlas.events.models.series import (
    Format,
    Level,
    Network,
    NetworkMember,
    OdaCountry,
    RotationOverride,
    Series,
    WorldRegion,
)

__all__ = ["ACTIVE_STATES", "PARTNER", "Certificate", "Delegation", "Edition", "EditionFile", "Format",
           "HostApplication", "HostCall", "Level", "ListVisibility", "Network", "NetworkMember", "OdaCountry",
           "Registration", "Review", "RotationOverride", "Series", "Session", "Track", "VisaLetter",
           "WorldRegion"]
