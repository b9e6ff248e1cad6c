"""Applying to be registered, at /<lang>/apply/: the start page, the form, and the applicant's own
applications (looked up through the signed-in account only)."""

from django.urls import path

from portal.views import applications

app_name = "apply"

urlpatterns = [
    path("", applications.start, name="start"),
]
