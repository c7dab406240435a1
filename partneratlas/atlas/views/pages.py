"""The start page, a municipality, a partnership, and the three pages the law asks for."""

from types import SimpleNamespace

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partneratlas.activities import selectors as activity_log
from partneratlas.atlas.presenting import Names, partners_of, present
from partneratlas.atlas.selectors import key_figures, municipality_partnership_ids
from partneratlas.checkup import selectors as checkup
from partneratlas.editing.retention import ABANDONED_UPLOAD
from partneratlas.events import selectors as events
from partneratlas.gazetteer.models import Municipality
from partneratlas.i18n import language_name
from partneratlas.people.access import access_of
from partneratlas.registry.models import ContactPerson, Partnership
from partneratlas.registry.selectors import partnership_rows
from partneratlas.upkeep import retention, staleness


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "atlas/start.html", {"figures": key_figures()})


def municipality(request: HttpRequest, ref: str) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.select_related("country", "region", "parent"), ref=ref)
    names = Names.load()
    items = present(partnership_rows(municipality_partnership_ids(place)), names)
    for item in items:
        item["partners"] = partners_of(item, place.id)
    points = [{"name": place.display_name, "lat": place.latitude, "lon": place.longitude, "main": True}]
    points += [{"name": p["member"].display_name, "lat": p["member"].latitude, "lon": p["member"].longitude}
               for item in items for p in item["partners"]]
    return render(request, "atlas/municipality.html", {
        "place": place, "items": items, "points": [p for p in points if p["lat"] is not None],
        "parts": place.children.order_by("name").only("ref", "name", "localized_names", "kind")[:200],
        "country_name": names.countries.get(place.country_id, place.country_id),
        "involvement": events.networks_and_events_of(place)})


def partnership(request: HttpRequest, uid: str) -> HttpResponse:
    found = Partnership.objects.filter(uid=uid).values_list(
        "id", "published", "internal_notes", "verified_on", "created_at").first()
    if found is None:
        raise Http404
    pid, published, notes, verified_on, created_at = found
    names = Names.load()
    item = present(partnership_rows([pid]), names)[0]
    member_ids = [m["member"].id for m in item["members"]]
    access = access_of(request.user)
    if not access.sees(member_ids, published):
        raise Http404  # an unpublished record does not exist for the public
    private = None
    if access.sees_private(member_ids):
        contacts = list(ContactPerson.objects.filter(partnership_id=pid).select_related("municipality"))
        for contact in contacts:
            contact.language_names = [language_name(code) for code in contact.languages]  # type: ignore[attr-defined]
        private = {"notes": notes, "contacts": contacts}
    points = [{"name": m["member"].display_name, "lat": m["member"].latitude, "lon": m["member"].longitude,
               "main": True} for m in item["members"] if m["member"].latitude is not None]
    return render(request, "atlas/partnership.html", {
        "item": item, "points": points, "published": published, "private": private,
        "can_edit": access.edit_scope(member_ids) is not None,
        "activities": activity_log.for_partnership_page(  # public ones, or all for its administrations and the agency
            partnership_id=pid, uid=item["uid"], private=private is not None,
            can_log=access.edit_scope(member_ids) is not None),
        "checkup_published": checkup.published_rounds(pid) if published else [],
        "stale": staleness.is_stale(SimpleNamespace(verified_on=verified_on, created_at=created_at))})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "atlas/accessibility.html", {"contact": settings.ACCESSIBILITY_EMAIL or settings.SITE_EMAIL})


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "atlas/imprint.html", {
        "operator": settings.SITE_OPERATOR, "address": settings.SITE_ADDRESS, "email": settings.SITE_EMAIL,
        "phone": settings.SITE_PHONE, "responsible": settings.SITE_RESPONSIBLE,
        "setup_hints": settings.DEBUG})  # the names of settings are for whoever installs, not for visitors


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy policy (GDPR Art. 13), its periods read from the settings that enforce them."""
    tiles = settings.MAP_TILE_URL.split("/")
    return render(request, "atlas/privacy.html", {
        "operator": settings.SITE_OPERATOR, "address": settings.SITE_ADDRESS, "email": settings.SITE_EMAIL,
        "phone": settings.SITE_PHONE, "officer": settings.PRIVACY_OFFICER, "setup_hints": settings.DEBUG,
        "retention_days": settings.RETENTION_DAYS, "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "hash_days": retention.RATE_LIMIT_KEPT.days, "upload_days": ABANDONED_UPLOAD.days,
        "proposals_per_hour": settings.PROPOSALS_PER_HOUR, "periods": _periods(),
        "tile_host": tiles[2] if len(tiles) > 2 else ""})


def _periods() -> list[tuple[str, str]]:
    """What is deleted when: the periods `partneratlas upkeep purge` applies (upkeep/retention.py)."""
    n = settings.RETENTION_DAYS
    never = _("only when the operator deletes it")  # RETENTION_DAYS = 0: no automatic period
    after = ngettext("after %(n)s day", "after %(n)s days", n) % {"n": n} if n else never
    hours = settings.SESSION_COOKIE_AGE // 3600
    return [
        (_("Keyed hash of a proposal sender's IP address"), ngettext(
            "after %(n)s day", "after %(n)s days", retention.RATE_LIMIT_KEPT.days) % {
            "n": retention.RATE_LIMIT_KEPT.days}),
        (_("Name and e-mail address of a proposal's sender"), ngettext(
            "%(n)s day after the decision", "%(n)s days after the decision", n) % {"n": n} if n else never),
        (_("Uploaded file of an import"), ngettext(
            "when the import is done, fails or is cancelled; unconfirmed, after %(n)s day",
            "when the import is done, fails or is cancelled; unconfirmed, after %(n)s days",
            ABANDONED_UPLOAD.days) % {"n": ABANDONED_UPLOAD.days}),
        (_("Row report of an import"), after),
        (_("Audit log entries (with IP addresses)"), after),
        (_("Record of e-mails sent"), after),
        (_("Contact person"), ngettext(
            "when the consent is withdrawn, at the latest %(n)s day after the partnership ended",
            "when the consent is withdrawn, at the latest %(n)s days after the partnership ended", n) % {"n": n}
         if n else _("when the consent is withdrawn")),
        (_("Account, memberships, two-factor data, language of e-mails"), _("when the account is deleted")),
        (_("Your name in the history of changes"), _("replaced by “deleted account” when the account is deleted")),
        (_("Sign-in (session cookie)"), ngettext("after %(n)s hour", "after %(n)s hours", hours) % {"n": hours}),
    ]
