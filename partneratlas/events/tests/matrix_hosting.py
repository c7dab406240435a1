"""Rows of the project's permission matrix (partneratlas/tests/test_permissions.py) for the events part: hosting.

Same format as its MATRIX: (route pattern, method, URL, expected status per persona
anonymous/own/other/partner/staff). That matrix's world has no events: use id 0 (404) for
object pages; the detailed rights are tested in this app's own permission tests
(events/tests/test_hosting_permissions.py).
"""

SIGNED_IN_404 = (302, 404, 404, 404, 404)  # anonymous: to the login page; nobody finds id 0
ORGANISERS = (302, 403, 403, 403, 200)  # agency staff and the series' organisers

ROWS: list[tuple[str, str, str, tuple[int, ...]]] = [
    # the call for hosts: open calls for everyone; applying for municipal editors
    ("events/hosting/", "GET", "/en/events/hosting/", (200,) * 5),
    ("events/hosting/<int:pk>/", "GET", "/en/events/hosting/0/", (404,) * 5),
    ("events/hosting/<int:pk>/apply/", "POST", "/en/events/hosting/0/apply/", SIGNED_IN_404),
    ("events/hosting/applications/<int:pk>/", "GET", "/en/events/hosting/applications/0/", SIGNED_IN_404),
    ("events/hosting/applications/<int:pk>/withdraw/", "POST", "/en/events/hosting/applications/0/withdraw/",
     SIGNED_IN_404),
    # … calls, reviews and the decision: organisers
    ("events/manage/hosting/", "GET", "/en/events/manage/hosting/", ORGANISERS),
    ("events/manage/hosting/new/", "GET", "/en/events/manage/hosting/new/", ORGANISERS),
    ("events/manage/hosting/new/", "POST", "/en/events/manage/hosting/new/", (302, 403, 403, 403, 400)),
    ("events/manage/hosting/<int:pk>/", "GET", "/en/events/manage/hosting/0/", SIGNED_IN_404),
    ("events/manage/hosting/<int:pk>/edit/", "GET", "/en/events/manage/hosting/0/edit/", SIGNED_IN_404),
    ("events/manage/hosting/<int:pk>/decide/", "POST", "/en/events/manage/hosting/0/decide/", SIGNED_IN_404),
    ("events/manage/hosting/applications/<int:pk>/review/", "GET",
     "/en/events/manage/hosting/applications/0/review/", SIGNED_IN_404),
    # after the edition: feedback (attendees), results and archive (organisers), archived files
    ("events/editions/<int:pk>/feedback/", "GET", "/en/events/editions/0/feedback/", SIGNED_IN_404),
    ("events/feedback/<str:token>/", "GET", "/en/events/feedback/not-a-token/", (404,) * 5),
    ("events/manage/editions/<int:pk>/feedback/", "GET", "/en/events/manage/editions/0/feedback/", SIGNED_IN_404),
    ("events/manage/editions/<int:pk>/feedback/start/", "POST", "/en/events/manage/editions/0/feedback/start/",
     SIGNED_IN_404),
    ("events/manage/editions/<int:pk>/archive/", "GET", "/en/events/manage/editions/0/archive/", SIGNED_IN_404),
    ("events/manage/archive/<int:pk>/remove/", "POST", "/en/events/manage/archive/0/remove/", SIGNED_IN_404),
    ("events/archive/<int:pk>/", "GET", "/en/events/archive/0/", (404,) * 5),
]
