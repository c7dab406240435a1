"""Remove every event record: for browser tests whose committed world (the demo data) outlives a test."""

from partneratlas.capacity.models import Claim, Pool
from partneratlas.events.demo import AGENCY
from partneratlas.events.models import (
    Edition,
    HostApplication,
    HostCall,
    Network,
    OdaCountry,
    Registration,
    Series,
    Session,
    Track,
)
from partneratlas.people.models import Organisation, OrganisationKind


def events_delete_all() -> None:
    """In the order the protecting foreign keys allow: seats after their holders, series after their editions."""
    Registration.objects.all().delete()
    Claim.objects.all().delete()
    Session.objects.all().delete()
    Track.objects.all().delete()
    Pool.objects.all().delete()
    HostApplication.objects.all().delete()
    HostCall.objects.all().delete()
    Edition.objects.all().delete()
    Series.objects.all().delete()
    Network.objects.all().delete()
    OdaCountry.objects.all().delete()
    # the agency the demo made to organise its series, when nobody belongs to it
    Organisation.objects.filter(name=AGENCY, kind=OrganisationKind.AGENCY, members__isnull=True).delete()
