"""Rows of the project's permission matrix (partneratlas/tests/test_permissions.py) for the events part: documents.

Same format as its MATRIX: (route pattern, method, URL, expected status per persona
anonymous/own/other/partner/staff). That matrix's world has no events: use id 0 (404) for
object pages; the detailed rights are tested in this app's own permission tests
(test_documents_views.py: test_documents_urls_per_persona).
"""

NOT_FOUND = (404,) * 5
SIGNED_IN_404 = (302, 404, 404, 404, 404)  # anonymous: to the login page; no such registration or edition

ROWS: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("events/verify/<str:code>/", "GET", "/en/events/verify/no-such-code/", NOT_FOUND),  # public
    ("events/registrations/<int:pk>/documents/", "GET", "/en/events/registrations/0/documents/", SIGNED_IN_404),
    ("events/registrations/<int:pk>/documents/", "POST", "/en/events/registrations/0/documents/", SIGNED_IN_404),
    ("events/registrations/<int:pk>/documents/<slug:kind>.pdf", "GET",
     "/en/events/registrations/0/documents/certificate.pdf", SIGNED_IN_404),
    ("events/documents/<str:token>/", "GET", "/en/events/documents/0-not-a-token/", NOT_FOUND),  # personal link
    ("events/documents/<str:token>/", "POST", "/en/events/documents/0-not-a-token/", NOT_FOUND),
    ("events/documents/<str:token>/<slug:kind>.pdf", "GET", "/en/events/documents/0-not-a-token/certificate.pdf",
     NOT_FOUND),
    ("events/manage/editions/<int:pk>/documents/", "GET", "/en/events/manage/editions/0/documents/", SIGNED_IN_404),
    ("events/manage/editions/<int:pk>/badges.pdf", "GET", "/en/events/manage/editions/0/badges.pdf", SIGNED_IN_404),
    ("events/manage/editions/<int:pk>/certificates/", "POST", "/en/events/manage/editions/0/certificates/",
     SIGNED_IN_404),
    ("events/manage/visa-letters/<int:pk>/", "POST", "/en/events/manage/visa-letters/0/", SIGNED_IN_404),
]
