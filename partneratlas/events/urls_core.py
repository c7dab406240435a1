"""The events capability's URLs for: core (composed in events/urls.py): the calendar, editions, series, networks,
and the organisers' pages under manage/."""

from django.urls import URLPattern, path

from partneratlas.events import views_organiser as manage
from partneratlas.events import views_public as public

urlpatterns: list[URLPattern] = [
    path("", public.calendar_page, name="calendar"),
    path("<int:pk>/", public.edition_page, name="edition"),
    path("<int:pk>/calendar.ics", public.edition_calendar, name="edition-ics"),
    path("series/", public.series_index, name="series-list"),
    path("series/<slug:slug>/", public.series_page, name="series"),
    path("series/<slug:slug>/calendar.ics", public.series_calendar, name="series-ics"),
    path("rotation/", public.rotation_page, name="rotation"),
    path("networks/", public.network_index, name="networks"),
    path("networks/<slug:slug>/", public.network_page, name="network"),
    path("manage/", manage.manage_page, name="manage"),
    path("manage/series/new/", manage.series_new, name="series-new"),
    path("manage/series/<slug:slug>/", manage.series_edit, name="series-edit"),
    path("manage/series/<slug:slug>/rotation/", manage.rotation_set, name="rotation-set"),
    path("manage/series/<slug:slug>/editions/new/", manage.edition_new, name="edition-new"),
    path("manage/<int:pk>/", manage.edition_edit, name="edition-edit"),
    path("manage/<int:pk>/publish/", manage.edition_publish, name="edition-publish"),
    path("manage/<int:pk>/cancel/", manage.edition_cancel, name="edition-cancel"),
    path("manage/<int:pk>/clone/", manage.edition_clone, name="edition-clone"),
    path("manage/<int:pk>/tracks/", manage.tracks_page, name="tracks"),
    path("manage/tracks/<int:pk>/", manage.track_edit, name="track-edit"),
    path("manage/tracks/<int:pk>/delete/", manage.track_delete, name="track-delete"),
    path("manage/<int:pk>/programme/", manage.programme_page, name="programme"),
    path("manage/sessions/<int:pk>/", manage.session_edit, name="session-edit"),
    path("manage/sessions/<int:pk>/delete/", manage.session_delete, name="session-delete"),
    path("manage/networks/new/", manage.network_new, name="network-new"),
    path("manage/networks/<slug:slug>/", manage.network_edit, name="network-edit"),
]
