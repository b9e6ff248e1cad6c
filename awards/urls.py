from django.urls import path, register_converter

from awards import views


class EditionNumberConverter:
    """Edition numbers fit a smallint: longer digit strings are a 404, never a database error."""

    regex = "[0-9]{1,4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class IdConverter(EditionNumberConverter):
    regex = "[0-9]{1,15}"


register_converter(EditionNumberConverter, "edition")
register_converter(IdConverter, "id")

app_name = "awards"


def _judging(route, view, name):
    """A committee member's or juror's page of one nomination (or of their committee)."""
    return path(f"judging/<edition:number>/{route}", view.as_view(), name=name)


def _chair(route, view, name):
    """A page of the award chair of one edition."""
    return path(f"<edition:number>/chair/{route}", view.as_view(), name=name)


urlpatterns = [
    path("", views.EditionListView.as_view(), name="edition_list"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
    # Public, once the edition is announced (404 before).
    path("<edition:number>/winners/", views.WinnersView.as_view(), name="winners"),
    path("photos/<id:pk>/", views.nomination_photo, name="nomination_photo"),
    path("visit-photos/<id:pk>/", views.visit_photo, name="visit_photo"),
    path(
        "photos/<id:pk>/thumbnail/",
        views.nomination_photo_thumbnail,
        name="nomination_photo_thumbnail",
    ),
    path(
        "visit-photos/<id:pk>/thumbnail/", views.visit_photo_thumbnail, name="visit_photo_thumbnail"
    ),
    path(
        "<edition:number>/winners/<id:pk>/certificate/",
        views.CertificateView.as_view(),
        name="certificate",
    ),
    path("<edition:number>/transparency/", views.TransparencyView.as_view(), name="transparency"),
    # The report's ranking table as open data: the page's path + "<table>.<csv|json>", as the
    # statistics pages' downloads.
    path(
        "<edition:number>/transparency/results.csv",
        views.TransparencyTableView.as_view(fmt="csv"),
        name="transparency_csv",
    ),
    path(
        "<edition:number>/transparency/results.json",
        views.TransparencyTableView.as_view(fmt="json"),
        name="transparency_json",
    ),
    # Committee members and jurors.
    path("judging/", views.JudgingHomeView.as_view(), name="judging_home"),
    _judging("<id:pk>/", views.ScoreView, "score"),
    _judging("<id:pk>/conflict/", views.ConflictView, "conflict"),
    _judging("<id:pk>/visit/", views.VisitView, "visit"),
    _judging("committee/<id:pk>/", views.CommitteeView, "committee"),
    # Main committee members assent to the approved results.
    path("<edition:number>/assent/", views.AssentView.as_view(), name="assent"),
    # The award chair.
    _chair("", views.DashboardView, "dashboard"),
    _chair("stage/", views.StageAdvanceView, "stage_advance"),
    _chair("stage/back/", views.StageBackView, "stage_back"),
    _chair("shortlist/", views.ShortlistView, "shortlist"),
    _chair("finalists/", views.ConfirmFinalistsView, "confirm_finalists"),
    _chair("assignments/", views.AssignmentView, "assignments"),
    _chair("sheets/<id:pk>/reopen/", views.ReopenView, "sheet_reopen"),
    _chair("results/", views.ResultsView, "results"),
    _chair("results/ranking.csv", views.RankingCsvView, "ranking_csv"),
    _chair("sheets/", views.SheetsView, "sheets"),
    _chair("results/method/", views.AggregationView, "aggregation"),
    _chair("results/<id:category_pk>/approve/", views.ApproveView, "approve"),
    _chair("downloads/", views.DownloadsView, "downloads"),
    _chair("certificates/", views.CertificatesView, "certificates"),
    _chair("export.csv", views.ExportCsvView, "export_csv"),
    _chair("export.xlsx", views.ExportXlsxView, "export_xlsx"),
]
