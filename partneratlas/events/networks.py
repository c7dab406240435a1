"""Networks (Netzwerke): member municipalities and organisations, a coordinator, their own meeting series.

Agency staff and the coordinator's editors keep a network; `network_save` writes it and its
municipal members at once, from lines as the registry's forms write places ("Wuppertal [gn:2805753]",
or a German municipality's name). A line that names no place, or more than one, is refused with
the line in the message; nothing is written then.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partneratlas.events.models import Network, NetworkMember
from partneratlas.gazetteer.models import Municipality
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.people.access import access_of
from partneratlas.people.models import Member, Organisation, Role

REF = re.compile(r"\[([^\[\]]+)\]\s*$")


class NetworkError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def keeps(user: Any, network: Network | None) -> bool:
    """Agency staff keep every network; an editor of the coordinating organisation keeps that one."""
    if access_of(user).staff:
        return True
    if network is None or network.coordinator_id is None or not getattr(user, "is_authenticated", False):
        return False
    return Member.objects.filter(user=user, organisation_id=network.coordinator_id,
                                 role__in=(Role.EDITOR, Role.ADMIN)).exists()


def places_of(lines: str, *, country: str = "DE") -> list[Municipality]:
    """The municipalities the lines name, in order, each once. Raises NetworkError naming the first bad line."""
    found: list[Municipality] = []
    resolver = Resolver()
    for raw in lines.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = REF.search(line)
        if match:
            place = Municipality.objects.filter(ref=match.group(1).strip()).first()
            if place is None:
                raise NetworkError(_("No place with the reference “%(line)s”.") % {"line": line})
        else:
            answer = resolver.resolve(line, country)
            if not answer.placed or answer.municipality_id is None:
                raise NetworkError(_("“%(line)s” names no single place: %(reason)s Write it with its reference, "
                                     "e.g. “Wuppertal [gn:2805753]”.") % {"line": line, "reason": answer.reason})
            place = Municipality.objects.get(pk=answer.municipality_id)
        if place not in found:
            found.append(place)
    return found


@dataclass(frozen=True)
class NetworkData:
    slug: str
    names: dict[str, str]
    descriptions: dict[str, str]
    coordinator: Organisation | None
    municipalities: list[Municipality]
    organisations: list[Organisation]


@transaction.atomic
def network_save(*, network: Network | None, data: NetworkData, today: datetime.date) -> Network:
    """Create or change a network and set its members to exactly those given (new members joined `today`;
    members who stay keep their date). Writes Network and NetworkMember rows."""
    if not data.names.get("de") and not data.names.get("en"):
        raise NetworkError(_("Give the network a name in German or English."))
    target = network or Network()
    if Network.objects.filter(slug=data.slug).exclude(pk=target.pk).exists():
        raise NetworkError(_("Another network already has the short name “%(slug)s”.") % {"slug": data.slug})
    target.slug, target.names, target.descriptions = data.slug, data.names, data.descriptions
    target.coordinator = data.coordinator
    target.save()
    wanted_m = {m.pk for m in data.municipalities}
    wanted_o = {o.pk for o in data.organisations}
    target.members.filter(municipality__isnull=False).exclude(municipality_id__in=wanted_m).delete()
    target.members.filter(organisation__isnull=False, municipality__isnull=True).exclude(
        organisation_id__in=wanted_o).delete()
    have_m = set(target.members.values_list("municipality_id", flat=True))
    have_o = set(target.members.values_list("organisation_id", flat=True))
    NetworkMember.objects.bulk_create(
        [NetworkMember(network=target, municipality_id=pk, joined_on=today) for pk in wanted_m - have_m]
        + [NetworkMember(network=target, organisation_id=pk, joined_on=today) for pk in wanted_o - have_o])
    return target
