"""Who comes: registrations of individuals and delegations, their seats, answers, consent and attendance.

A registration holds one claim on its track's pool (the capacity piece decides confirmed, waiting,
offered …); `state` mirrors the claim's state in the same transaction, so that the database can
refuse a second active registration of the same person for the same edition.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.capacity.models import Claim
from partneratlas.events.models.editions import Edition, Track
from partneratlas.gazetteer.models import Country, Municipality
from partneratlas.people.models import Organisation
from partneratlas.questionnaires.models import Response

PARTNER = "partner"  # the claim category of partner delegates from abroad (seats reserved for them)
ACTIVE_STATES = ["requested", "waiting", "offered", "confirmed"]


class Delegation(models.Model):
    """A German municipality's group: its own staff and its partners from abroad, registered by one person."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="delegations")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    note = models.TextField(_("note to the organisers"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["edition", "created_at"]

    def __str__(self) -> str:
        return f"{self.municipality_id} ({self.edition_id})"


class Registration(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="registrations")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("track"))
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 help_text="set in the registering transaction right after the claim is made "
                                           "(the claim's holder names this registration, so it comes second)")
    state = models.CharField(_("state"), max_length=12, choices=Claim.State.choices, db_index=True)
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="event_registrations", help_text="the person's own account, if any")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), help_text="lower case; one active registration per address and edition")
    language = models.CharField(_("language"), max_length=10,
                                help_text=_("Messages, letters and the certificate are in this language."))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("municipality"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("country"))
    partner_delegate = models.BooleanField(_("partner delegate from abroad"), default=False)
    outside_region = models.BooleanField(
        default=False, help_text="a partner delegate from a country outside the region's ODA list (said at once)")
    visa_needed = models.BooleanField(_("needs a visa"), default=False)
    show_name = models.BooleanField(_("show my name in the participant list"), default=False)
    show_organisation = models.BooleanField(_("show my organisation"), default=False)
    show_municipality = models.BooleanField(_("show my municipality"), default=False)
    show_photo = models.BooleanField(_("show my photo"), default=False)
    photo = models.ImageField(_("photo"), upload_to="events/people/%Y/", blank=True)
    answers = models.OneToOneField(Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    link_hash = models.CharField(max_length=64, blank=True, db_index=True,
                                 help_text="sha256 of the person's own link (accept, decline, change, cancel)")
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["edition", "created_at"]
        constraints = [models.UniqueConstraint(fields=["edition", "email"], condition=models.Q(state__in=ACTIVE_STATES),
                                               name="events_registration_one_active_per_person")]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition_id})"

    @property
    def holder(self) -> str:
        """The key of this registration in the capacity piece."""
        return f"events.registration:{self.pk}"
