"""The events capability's URLs for: documents (composed in events/urls.py).

Visa invitation letters, certificates of attendance, name badges and the public verification page.
"""

from django.urls import URLPattern, path

from partneratlas.events import views_documents as views

urlpatterns: list[URLPattern] = [
    path("verify/<str:code>/", views.verify_page, name="verify"),
    path("registrations/<int:pk>/documents/", views.documents_page, name="documents"),
    path("registrations/<int:pk>/documents/<slug:kind>.pdf", views.document_pdf, name="document-pdf"),
    path("documents/<str:token>/", views.link_documents_page, name="link-documents"),
    path("documents/<str:token>/<slug:kind>.pdf", views.link_document_pdf, name="link-document-pdf"),
    path("manage/editions/<int:pk>/documents/", views.manage_documents_page, name="manage-documents"),
    path("manage/editions/<int:pk>/badges.pdf", views.badges_pdf, name="badges"),
    path("manage/editions/<int:pk>/certificates/", views.certificates_issue, name="certificates-issue"),
    path("manage/visa-letters/<int:pk>/", views.letter_decide, name="letter-decide"),
]
