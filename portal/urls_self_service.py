"""The linked artisan's own requests, award entries and data (included by portal/urls.py, in the
"portal" namespace). No URL carries an artisan's or an account's id; the ids below are of the
signed-in artisan's own requests and entries, looked up among theirs only (portal.access)."""

from django.urls import path, register_converter

from awards.urls import IdConverter
from portal.views import data, entries, requests


class IntIdConverter(IdConverter):
    """Ids of at most 15 digits: a longer number is a 404, never a database overflow."""


register_converter(IntIdConverter, "portal_id")

urlpatterns = [
    path("requests/", requests.request_list, name="requests"),
    path("requests/change/<slug:kind>/", requests.change_new, name="change_new"),
    path("requests/<portal_id:pk>/", requests.change_detail, name="change_detail"),
    path("requests/<portal_id:pk>/withdraw/", requests.change_withdraw, name="change_withdraw"),
    path("requests/<portal_id:pk>/photo/", requests.change_photo, name="change_photo"),
    path("requests/card/", requests.card_new, name="card_request"),
    path("requests/card/<portal_id:pk>/withdraw/", requests.card_withdraw, name="card_withdraw"),
    path("award/", entries.award_home, name="award"),
    path("award/enter/<portal_id:category_pk>/", entries.entry_new, name="entry_new"),
    path("award/entries/<portal_id:pk>/", entries.entry_detail, name="entry_detail"),
    path("award/entries/<portal_id:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("award/entries/<portal_id:pk>/withdraw/", entries.entry_withdraw, name="entry_withdraw"),
    path(
        "award/entries/<portal_id:pk>/photos/<portal_id:photo_pk>/",
        entries.entry_photo,
        name="entry_photo",
    ),
    path("my-data/", data.my_data, name="my_data"),
    path("my-data/download.json", data.my_data_json, name="my_data_json"),
    path("my-data/download.csv", data.my_data_csv, name="my_data_csv"),
]
