from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
