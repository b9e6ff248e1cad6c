"""Applying to be registered, at /<lang>/apply/: the start page, the form, and the applicant's own
applications (looked up through the signed-in account only)."""

from django.urls import path

from portal.views import applications

app_name = "apply"

urlpatterns = [
    path("", applications.start, name="start"),
    path("form/", applications.application_create, name="create"),
    path("<int:pk>/", applications.application_detail, name="detail"),
    path("<int:pk>/edit/", applications.application_edit, name="edit"),
    path("<int:pk>/photo/", applications.application_photo, name="photo"),
    path("<int:pk>/id-copy/", applications.application_id_copy, name="id_copy"),
]
