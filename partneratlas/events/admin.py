"""The site admins' view of the events' series, editions and networks (organisers use /events/manage/)."""

from django.contrib import admin

from partneratlas.events.models import Edition, Network, NetworkMember, RotationOverride, Series, Session, Track


class RotationOverrideInline(admin.TabularInline[RotationOverride, Series]):
    model = RotationOverride
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ("slug", "format", "region", "every_years", "anchor_year", "organiser")
    list_filter = ("format", "region")
    search_fields = ("slug",)
    inlines = [RotationOverrideInline]


class TrackInline(admin.TabularInline[Track, Edition]):
    model = Track
    extra = 0
    readonly_fields = ("pool",)


class SessionInline(admin.TabularInline[Session, Edition]):
    model = Session
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ("__str__", "number", "starts_at", "state", "place", "host", "sequence")
    list_filter = ("state", "series__format")
    raw_id_fields = ("place", "host", "host_organisation", "questions", "feedback", "cloned_from", "created_by")
    readonly_fields = ("uid", "sequence")
    inlines = [TrackInline, SessionInline]


class NetworkMemberInline(admin.TabularInline[NetworkMember, Network]):
    model = NetworkMember
    extra = 0
    raw_id_fields = ("municipality", "organisation")


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ("slug", "coordinator")
    inlines = [NetworkMemberInline]
