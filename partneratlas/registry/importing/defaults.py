"""What an import assumes for the whole file when the file does not say: the kind of new
partnerships, the first member's country. Each assumption is said in the result's notes."""

from django.conf import settings
from django.utils.translation import gettext as _

from partneratlas.gazetteer.countries import country_name
from partneratlas.registry.importing.columns import ColumnMap
from partneratlas.registry.models import PartnershipKind
from partneratlas.registry.vocabulary import UNCLASSIFIED


def kind_for_new(kind: int | None, columns: ColumnMap, notes: list[str]) -> int:
    """The kind of new partnerships whose row names none, said in the notes when the file has no kind column."""
    if kind is None and columns.wikidata:
        kind = PartnershipKind.objects.get(code="twinning").pk  # a Wikidata query lists twin towns
    chosen = PartnershipKind.objects.get(pk=kind) if kind else PartnershipKind.objects.get(code=UNCLASSIFIED)
    if "kind" not in columns.fields:
        notes.append(_("The file has no column for the kind of partnership: new partnerships are recorded as "
                       "“%(kind)s”.") % {"kind": chosen.name})
    return chosen.pk


def first_country_of(country: str | None, columns: ColumnMap, notes: list[str]) -> str | None:
    """The first member's country when the file has no column for it: the one chosen, else the registry's own."""
    if columns.wikidata or "country" in columns.members.get(1, {}):
        return None
    code = country or settings.REGISTRY_COUNTRY or None
    if code:
        name = country_name(code)
        notes.append((_("The file names no country for the first member: %(country)s, as chosen for this import.")
                      if country else _("The file names no country for the first member: %(country)s assumed."))
                     % {"country": name})
    return code
