"""The site's front page, under the project-wide URL name "home" (no app namespace): every
template and the admin link to it by that name."""

from django.urls import path

from artisans import views

urlpatterns = [path("", views.HomeView.as_view(), name="home")]
