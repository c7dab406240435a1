"""The events capability's URLs for: registration (composed in events/urls.py)."""

from django.urls import URLPattern, path

from partneratlas.events import views_checkin
from partneratlas.events import views_registration as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/register/", views.register_page, name="register"),
    path("<int:pk>/delegation/", views.delegation_new, name="delegation-new"),
    path("<int:pk>/participants/", views.participants_page, name="participants"),
    path("<int:pk>/participants/<int:registration_pk>/photo", views.participant_photo, name="participant-photo"),
    path("delegations/<int:pk>/", views.delegation_page, name="delegation"),
    path("delegations/<int:pk>/cancel/<int:registration_pk>/", views.delegation_cancel, name="delegation-cancel"),
    path("r/<str:token>/", views.link_page, name="registration-link"),
    path("r/<str:token>/questions/", views.questions_page, name="registration-questions"),
    path("r/<str:token>/calendar.ics", views.link_ics, name="registration-ics"),
    path("manage/<int:pk>/registrations/", views.manage_registrations, name="manage-registrations"),
    path("manage/registrations/<int:pk>/<slug:action>/", views.manage_action, name="manage-registration"),
    path("manage/<int:pk>/checkin/", views_checkin.checkin_page, name="checkin"),
    path("manage/<int:pk>/checkin/<int:registration_pk>/", views_checkin.checkin_tap, name="checkin-tap"),
    path("manage/<int:pk>/checkin/print/", views_checkin.checkin_print, name="checkin-print"),
]
