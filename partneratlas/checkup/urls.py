from django.urls import path

from partneratlas.checkup import dashboard, figures_views, report_views, views

app_name = "checkup"
urlpatterns = [
    path("partnerships/<uuid:uid>/", views.partnership_page, name="partnership"),
    path("rounds/<int:pk>/", views.round_page, name="round"),
    path("rounds/<int:pk>/<slug:role>/", views.answer_page, name="answer"),
    path("rounds/<int:pk>/<slug:role>/link/", views.link_page, name="partner-link"),
    path("rounds/<int:pk>/<slug:role>/peers/", views.peers_page, name="peers"),
    path("rounds/<int:pk>/<slug:role>/publish/", views.publish_page, name="publish"),
    path("link/<str:token>/", views.partner_link, name="link"),
    path("partnerships/<uuid:uid>/reports/", report_views.reports_page, name="reports"),
    path("reports/<int:pk>/<slug:fmt>", report_views.report_file, name="report-file"),
    path("reports/<int:pk>/reopen/", report_views.report_reopen, name="report-reopen"),
    path("warnings/", dashboard.dashboard_page, name="dashboard"),
    path("warnings.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path("figures/", figures_views.figures_page, name="figures"),
    path("figures.csv", figures_views.figures_csv, name="figures-csv"),
]
