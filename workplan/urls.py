from django.urls import path

from . import views

app_name = "workplan"

urlpatterns = [
    path("", views.current, name="current"),
    path("new/", views.plan_create, name="plan_create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:start>-<int:end>/", views.plan_page, name="plan"),
    path("<int:start>-<int:end>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:start>-<int:end>/dashboard/", views.dashboard, name="plan_dashboard"),
    path("<int:start>-<int:end>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:start>-<int:end>/progress-report/", views.exports, name="exports"),
    path("activities/<int:pk>/", views.activity_page, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/milestones/", views.activity_milestones, name="milestones"),
    path("activities/<int:pk>/report/", views.submit_report, name="submit_report"),
    path("reports/<int:pk>/", views.report_page, name="report"),
    path("reports/<int:pk>/review/", views.review_report, name="review"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
