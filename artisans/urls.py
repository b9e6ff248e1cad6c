from django.urls import path, re_path

from artisans import views

app_name = "artisans"

# Every table of a page has CSV and JSON twins at the page's path + "<table>.<csv|json>"
# (/en/statistics/governorates.json?year=2017), carrying the same filters in the query string.
# Codes are matched by pattern so a malformed code is a 404 before any database lookup.
# svg: the table's chart as a file; embed: the chart alone for an <iframe> on another site.
_FMT = r"(?P<fmt>csv|json|svg|embed)"
_GOVERNORATE = r"(?P<code>OM-[A-Z]{2})"
_CRAFT = r"(?P<code>[a-z0-9]+(?:-[a-z0-9]+)*)"

urlpatterns = [
    path("statistics/", views.OverviewView.as_view(), name="statistics"),
    re_path(
        rf"^statistics/(?P<table>governorates|gender|crafts|years)\.{_FMT}$",
        views.OverviewView.as_view(),
        name="statistics_table",
    ),
    path("statistics/governorates/", views.governorate_index, name="governorate_index"),
    re_path(
        rf"^statistics/governorates/{_GOVERNORATE}/$",
        views.GovernorateStatisticsView.as_view(),
        name="governorate_statistics",
    ),
    re_path(
        rf"^statistics/governorates/{_GOVERNORATE}/(?P<table>wilayats|crafts|gender|years)\.{_FMT}$",
        views.GovernorateStatisticsView.as_view(),
        name="governorate_statistics_table",
    ),
    path("statistics/crafts/", views.CraftViabilityView.as_view(), name="craft_index"),
    re_path(
        rf"^statistics/crafts/{_CRAFT}/$",
        views.CraftStatisticsView.as_view(),
        name="craft_statistics",
    ),
    re_path(
        rf"^statistics/crafts/{_CRAFT}/(?P<table>governorates|gender|years)\.{_FMT}$",
        views.CraftStatisticsView.as_view(),
        name="craft_statistics_table",
    ),
]
