from django.urls import path, re_path

from designs import views

app_name = "designs"

NUMBER = r"(?P<number>[0-9]{4}-[0-9]{2}-[0-9]{4})"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path(
        "catalogue.csv",
        views.CatalogueExportView.as_view(export_format="csv"),
        name="catalogue_csv",
    ),
    path(
        "catalogue.json",
        views.CatalogueExportView.as_view(export_format="json"),
        name="catalogue_json",
    ),
    re_path(rf"^{NUMBER}/$", views.DesignDetailView.as_view(), name="detail"),
    re_path(
        rf"^{NUMBER}/images/(?P<pk>[0-9]{{1,18}})\.(?P<ext>jpg|png|webp)$",
        views.image,
        name="image",
    ),
    re_path(
        rf"^{NUMBER}/images/(?P<pk>[0-9]{{1,18}})/thumbnail\.jpg$",
        views.thumbnail,
        name="thumbnail",
    ),
]
