"""Organisations, the people in them with their roles, invitations, and the audit log."""

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Municipality


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipal administration")
    PARTNER_MUNICIPALITY = "partner_municipality", _("partner municipality's administration")
    ACTOR = "actor", _("actor (association, school, university, company …)")
    AGENCY = "agency", _("service agency")


class Organisation(models.Model):
    """Who stands behind an account: a town hall, its partner's town hall, an association, the agency.

    A (partner) municipality's administration owns the records of its municipality: its
    members edit the partnerships that municipality is a member of.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="organisations", verbose_name=_("municipality"),
                                     help_text=_("For administrations: the municipality whose records they keep."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.CheckConstraint(
            condition=(~models.Q(kind__in=["municipality", "partner_municipality"])
                       | models.Q(municipality__isnull=False)),
            name="organisation_administration_has_municipality")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("organisation admin")


class Member(models.Model):
    """A person's place in an organisation. Agency staff are members of an agency organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organisation", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


def _token() -> str:
    return secrets.token_urlsafe(32)


def _in_two_weeks() -> datetime:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An e-mail invitation into an organisation with a role; valid for two weeks, used once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_in_two_weeks)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AuditKind(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGIN_LOCKED = "login_locked", _("login refused: locked")
    LOGOUT = "logout", _("logout")
    PERMISSION_DENIED = "permission_denied", _("permission denied")
    ROLE_CHANGED = "role_changed", _("role changed")
    ACCOUNT_DELETED = "account_deleted", _("account deleted")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class AuditEvent(models.Model):
    """Who did what security-relevant thing, from where. Failed logins also drive the lockout."""

    kind = models.CharField(max_length=30, choices=AuditKind.choices)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    login = models.CharField(max_length=254, blank=True, help_text="The user name or e-mail as typed, lower-cased.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["login", "ip", "kind", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.login or self.user_id or ''}".strip()


class ApiToken(models.Model):
    """A personal API token (persönlicher API-Schlüssel): reads the API with its user's rights, never writes.

    Only the sha256 of the token is kept; the token itself is shown once, when it is made
    (`people.tokens`). It stops working when revoked, after its last valid day, or when its
    user is deactivated or deleted.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “council report”."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False, help_text="sha256 of the token, hex")
    prefix = models.CharField(max_length=12, editable=False, help_text="the token's first characters, to tell it")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_on = models.DateField(_("valid until"), null=True, blank=True,
                                  help_text=_("The last day on which the token works; empty: until revoked."))
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    def expired(self, today: date) -> bool:
        return self.expires_on is not None and today > self.expires_on

    def usable(self, today: date) -> bool:
        return self.revoked_at is None and not self.expired(today)
