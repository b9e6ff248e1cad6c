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


def _page_and_tables(prefix: str, view, name: str, tables: tuple[str, ...]) -> list:
    """A statistics page at ``prefix/`` and its tables' downloads (``<name>_table``)."""
    view = view.as_view()
    return [
        re_path(rf"^{prefix}/$", view, name=name),
        re_path(rf"^{prefix}/(?P<table>{'|'.join(tables)})\.{_FMT}$", view, name=f"{name}_table"),
    ]


urlpatterns = [
    *_page_and_tables(
        "statistics",
        views.OverviewView,
        "statistics",
        ("governorates", "gender", "crafts", "years"),
    ),
    path("statistics/governorates/", views.governorate_index, name="governorate_index"),
    *_page_and_tables(
        f"statistics/governorates/{_GOVERNORATE}",
        views.GovernorateStatisticsView,
        "governorate_statistics",
        ("wilayats", "crafts", "gender", "years"),
    ),
    path("statistics/crafts/", views.CraftViabilityView.as_view(), name="craft_index"),
    *_page_and_tables(
        f"statistics/crafts/{_CRAFT}",
        views.CraftStatisticsView,
        "craft_statistics",
        ("governorates", "gender", "years"),
    ),
]
