"""Rows of the project's permission matrix (partneratlas/tests/test_permissions.py) for the events part: core.

Same format as its MATRIX: (route pattern, method, URL, expected status per persona
anonymous/own/other/partner/staff). That matrix's world has no events: use id 0 (404) for
object pages; the detailed rights are tested in this app's own permission tests (test_core_permissions.py).
"""

ALL_200 = (200, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200)
NONE = (302, 404, 404, 404, 404)  # sign in first; then no such object

ROWS: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("events/", "GET", "/en/events/?region=africa&language=de", ALL_200),
    ("events/<int:pk>/", "GET", "/en/events/0/", (404,) * 5),
    ("events/<int:pk>/calendar.ics", "GET", "/en/events/0/calendar.ics", (404,) * 5),
    ("events/series/", "GET", "/en/events/series/", ALL_200),
    ("events/series/<slug:slug>/", "GET", "/en/events/series/none/", (404,) * 5),
    ("events/series/<slug:slug>/calendar.ics", "GET", "/en/events/series/none/calendar.ics", (404,) * 5),
    ("events/rotation/", "GET", "/en/events/rotation/", ALL_200),
    ("events/networks/", "GET", "/en/events/networks/", ALL_200),
    ("events/networks/<slug:slug>/", "GET", "/en/events/networks/none/", (404,) * 5),
    ("events/manage/", "GET", "/en/events/manage/", SIGNED_IN),
    ("events/manage/series/new/", "GET", "/en/events/manage/series/new/", (302, 403, 403, 403, 200)),
    ("events/manage/series/new/", "POST", "/en/events/manage/series/new/", (302, 403, 403, 403, 400)),
    ("events/manage/series/<slug:slug>/", "GET", "/en/events/manage/series/none/", NONE),
    ("events/manage/series/<slug:slug>/rotation/", "POST", "/en/events/manage/series/none/rotation/", NONE),
    ("events/manage/series/<slug:slug>/editions/new/", "GET", "/en/events/manage/series/none/editions/new/", NONE),
    ("events/manage/<int:pk>/", "GET", "/en/events/manage/0/", NONE),
    ("events/manage/<int:pk>/publish/", "POST", "/en/events/manage/0/publish/", NONE),
    ("events/manage/<int:pk>/cancel/", "POST", "/en/events/manage/0/cancel/", NONE),
    ("events/manage/<int:pk>/clone/", "GET", "/en/events/manage/0/clone/", NONE),
    ("events/manage/<int:pk>/tracks/", "GET", "/en/events/manage/0/tracks/", NONE),
    ("events/manage/tracks/<int:pk>/", "GET", "/en/events/manage/tracks/0/", NONE),
    ("events/manage/tracks/<int:pk>/delete/", "POST", "/en/events/manage/tracks/0/delete/", NONE),
    ("events/manage/<int:pk>/programme/", "GET", "/en/events/manage/0/programme/", NONE),
    ("events/manage/sessions/<int:pk>/", "GET", "/en/events/manage/sessions/0/", NONE),
    ("events/manage/sessions/<int:pk>/delete/", "POST", "/en/events/manage/sessions/0/delete/", NONE),
    ("events/manage/networks/new/", "GET", "/en/events/manage/networks/new/", (302, 403, 403, 403, 200)),
    ("events/manage/networks/<slug:slug>/", "GET", "/en/events/manage/networks/none/", NONE),
    # the API (partneratlas/api/events.py): public reads
    ("api/v1/events/series", "GET", "/api/v1/events/series", ALL_200),
    ("api/v1/events/editions", "GET", "/api/v1/events/editions?region=asia&when=past", ALL_200),
    ("api/v1/events/editions/<edition_id>", "GET", "/api/v1/events/editions/0", (404,) * 5),
    # registering through the API: a signed-in person only (401 for the public), no edition 0
    ("api/v1/events/editions/<edition_id>/registrations", "POST", "/api/v1/events/editions/0/registrations",
     (401, 404, 404, 404, 404)),
    ("api/v1/events/registrations", "GET", "/api/v1/events/registrations", (401, 200, 200, 200, 200)),
]
