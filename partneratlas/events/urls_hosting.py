"""The events capability's URLs for: hosting and after the edition (composed in events/urls.py)."""

from django.urls import path

from partneratlas.events import views_after, views_hosting

urlpatterns = [
    # the call for hosts: open calls and applications (municipal editors)
    path("hosting/", views_hosting.calls, name="host_calls"),
    path("hosting/<int:pk>/", views_hosting.call_page, name="host_call"),
    path("hosting/<int:pk>/apply/", views_hosting.apply, name="host_apply"),
    path("hosting/applications/<int:pk>/", views_hosting.application_page, name="host_application"),
    path("hosting/applications/<int:pk>/withdraw/", views_hosting.withdraw, name="host_withdraw"),
    # … calls, reviews and the decision (organisers)
    path("manage/hosting/", views_hosting.manage, name="host_calls_manage"),
    path("manage/hosting/new/", views_hosting.call_new, name="host_call_new"),
    path("manage/hosting/<int:pk>/", views_hosting.call_manage, name="host_call_manage"),
    path("manage/hosting/<int:pk>/edit/", views_hosting.call_edit, name="host_call_edit"),
    path("manage/hosting/<int:pk>/decide/", views_hosting.decide, name="host_decide"),
    path("manage/hosting/applications/<int:pk>/review/", views_hosting.review, name="host_review"),
    # after the edition: the feedback survey and the archive
    path("editions/<int:pk>/feedback/", views_after.survey, name="feedback"),
    path("feedback/<str:token>/", views_after.survey_by_link, name="feedback_link"),
    path("manage/editions/<int:pk>/feedback/", views_after.results, name="feedback_results"),
    path("manage/editions/<int:pk>/feedback/start/", views_after.survey_start, name="feedback_start"),
    path("manage/editions/<int:pk>/archive/", views_after.archive_manage, name="archive_manage"),
    path("manage/archive/<int:pk>/remove/", views_after.archive_remove, name="archive_remove"),
    path("archive/<int:pk>/", views_after.archive_file, name="archive_file"),
]
