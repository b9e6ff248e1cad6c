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
    # Committee members and jurors.
    path("judging/", views.JudgingHomeView.as_view(), name="judging_home"),
    path("judging/<edition:number>/<id:pk>/", views.ScoreView.as_view(), name="score"),
    path(
        "judging/<edition:number>/<id:pk>/conflict/", views.ConflictView.as_view(), name="conflict"
    ),
    path("judging/<edition:number>/<id:pk>/visit/", views.VisitView.as_view(), name="visit"),
    path(
        "judging/<edition:number>/committee/<id:pk>/",
        views.CommitteeView.as_view(),
        name="committee",
    ),
    # Main committee members assent to the approved results.
    path("<edition:number>/assent/", views.AssentView.as_view(), name="assent"),
    # The award chair.
    path("<edition:number>/chair/", views.DashboardView.as_view(), name="dashboard"),
    path("<edition:number>/chair/stage/", views.StageAdvanceView.as_view(), name="stage_advance"),
    path("<edition:number>/chair/stage/back/", views.StageBackView.as_view(), name="stage_back"),
    path("<edition:number>/chair/shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path(
        "<edition:number>/chair/finalists/",
        views.ConfirmFinalistsView.as_view(),
        name="confirm_finalists",
    ),
    path("<edition:number>/chair/assignments/", views.AssignmentView.as_view(), name="assignments"),
    path(
        "<edition:number>/chair/sheets/<id:pk>/reopen/",
        views.ReopenView.as_view(),
        name="sheet_reopen",
    ),
    path("<edition:number>/chair/results/", views.ResultsView.as_view(), name="results"),
    path("<edition:number>/chair/sheets/", views.SheetsView.as_view(), name="sheets"),
    path(
        "<edition:number>/chair/results/method/",
        views.AggregationView.as_view(),
        name="aggregation",
    ),
    path(
        "<edition:number>/chair/results/<id:category_pk>/approve/",
        views.ApproveView.as_view(),
        name="approve",
    ),
    path("<edition:number>/chair/downloads/", views.DownloadsView.as_view(), name="downloads"),
    path(
        "<edition:number>/chair/certificates/",
        views.CertificatesView.as_view(),
        name="certificates",
    ),
    path("<edition:number>/chair/export.csv", views.ExportCsvView.as_view(), name="export_csv"),
    path("<edition:number>/chair/export.xlsx", views.ExportXlsxView.as_view(), name="export_xlsx"),
]
