"""Rows of the project's permission matrix (partneratlas/tests/test_permissions.py) for the events part: registration.

Same format as its MATRIX: (route pattern, method, URL, expected status per persona
anonymous/own/other/partner/staff). That matrix's world has no events: use id 0 (404) for
object pages; the detailed rights are tested in test_registration_views.py (every persona on a real edition).
"""

NOT_FOUND = (404,) * 5
SIGN_IN_OR_404 = (302, 404, 404, 404, 404)  # anonymous: to the login page

ROWS: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("events/<int:pk>/register/", "GET", "/en/events/0/register/", NOT_FOUND),
    ("events/<int:pk>/delegation/", "GET", "/en/events/0/delegation/", SIGN_IN_OR_404),
    ("events/<int:pk>/participants/", "GET", "/en/events/0/participants/", NOT_FOUND),
    ("events/<int:pk>/participants/<int:registration_pk>/photo", "GET", "/en/events/0/participants/0/photo",
     NOT_FOUND),
    ("events/delegations/<int:pk>/", "GET", "/en/events/delegations/0/", SIGN_IN_OR_404),
    ("events/delegations/<int:pk>/cancel/<int:registration_pk>/", "POST", "/en/events/delegations/0/cancel/0/",
     SIGN_IN_OR_404),
    ("events/r/<str:token>/", "GET", "/en/events/r/not-a-token/", NOT_FOUND),
    ("events/r/<str:token>/questions/", "GET", "/en/events/r/not-a-token/questions/", NOT_FOUND),
    ("events/r/<str:token>/calendar.ics", "GET", "/en/events/r/not-a-token/calendar.ics", NOT_FOUND),
    ("events/manage/<int:pk>/registrations/", "GET", "/en/events/manage/0/registrations/", SIGN_IN_OR_404),
    ("events/manage/registrations/<int:pk>/<slug:action>/", "POST", "/en/events/manage/registrations/0/approve/",
     SIGN_IN_OR_404),
    ("events/manage/<int:pk>/checkin/", "GET", "/en/events/manage/0/checkin/", SIGN_IN_OR_404),
    ("events/manage/<int:pk>/checkin/<int:registration_pk>/", "POST", "/en/events/manage/0/checkin/0/",
     SIGN_IN_OR_404),
    ("events/manage/<int:pk>/checkin/print/", "GET", "/en/events/manage/0/checkin/print/", SIGN_IN_OR_404),
]
