from django.urls import path

from designs import views

app_name = "designs"

# Plain converters (not a regex) so the site-wide bad-input walker reaches these URLs with hostile
# values; designs.permissions checks the number's shape before it reaches the database.
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
    path("<str:number>/", views.DesignDetailView.as_view(), name="detail"),
    path(
        "<str:number>/certificate/",
        views.DepositCertificateView.as_view(),
        name="certificate",
    ),
    path("<str:number>/images/<int:pk>.<str:ext>", views.image, name="image"),
    path("<str:number>/images/<int:pk>/thumbnail.jpg", views.thumbnail, name="thumbnail"),
]
