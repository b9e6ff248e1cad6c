from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.EditionListView.as_view(), name="edition_list"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
    # Public, once the edition is announced (404 before).
    path("<int:number>/winners/", views.WinnersView.as_view(), name="winners"),
    path(
        "<int:number>/winners/<int:pk>/certificate/",
        views.CertificateView.as_view(),
        name="certificate",
    ),
    path("<int:number>/transparency/", views.TransparencyView.as_view(), name="transparency"),
    # Committee members and jurors.
    path("judging/", views.JudgingHomeView.as_view(), name="judging_home"),
    path("judging/<int:number>/<int:pk>/", views.ScoreView.as_view(), name="score"),
    path("judging/<int:number>/<int:pk>/conflict/", views.ConflictView.as_view(), name="conflict"),
    path("judging/<int:number>/<int:pk>/visit/", views.VisitView.as_view(), name="visit"),
    # The award chair.
    path("<int:number>/chair/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:number>/chair/stage/", views.StageAdvanceView.as_view(), name="stage_advance"),
    path("<int:number>/chair/shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path("<int:number>/chair/assignments/", views.AssignmentView.as_view(), name="assignments"),
    path(
        "<int:number>/chair/sheets/<int:pk>/reopen/",
        views.ReopenView.as_view(),
        name="sheet_reopen",
    ),
    path("<int:number>/chair/results/", views.ResultsView.as_view(), name="results"),
    path(
        "<int:number>/chair/results/<int:category_pk>/approve/",
        views.ApproveView.as_view(),
        name="approve",
    ),
    path("<int:number>/chair/export.csv", views.ExportCsvView.as_view(), name="export_csv"),
    path("<int:number>/chair/export.xlsx", views.ExportXlsxView.as_view(), name="export_xlsx"),
]
