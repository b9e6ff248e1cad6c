"""The linked artisan's own requests, award entries and data (included by portal/urls.py, in the
"portal" namespace). No URL carries an artisan's or an account's id; the ids below are of the
signed-in artisan's own requests and entries, looked up among theirs only (portal.access)."""

from django.urls import path

from portal.views import data, entries, requests

urlpatterns = [
    path("requests/", requests.request_list, name="requests"),
    path("requests/change/<slug:kind>/", requests.change_new, name="change_new"),
    path("requests/<int:pk>/", requests.change_detail, name="change_detail"),
    path("requests/<int:pk>/withdraw/", requests.change_withdraw, name="change_withdraw"),
    path("requests/<int:pk>/photo/", requests.change_photo, name="change_photo"),
    path("requests/card/", requests.card_new, name="card_request"),
    path("requests/card/<int:pk>/withdraw/", requests.card_withdraw, name="card_withdraw"),
    path("award/", entries.award_home, name="award"),
    path("award/enter/<int:category_pk>/", entries.entry_new, name="entry_new"),
    path("award/entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("award/entries/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("award/entries/<int:pk>/withdraw/", entries.entry_withdraw, name="entry_withdraw"),
    path("award/entries/<int:pk>/photos/<int:photo_pk>/", entries.entry_photo, name="entry_photo"),
    path("my-data/", data.my_data, name="my_data"),
    path("my-data/download.json", data.my_data_json, name="my_data_json"),
    path("my-data/download.csv", data.my_data_csv, name="my_data_csv"),
]
