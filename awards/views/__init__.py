"""Award screens, one module per audience: ``public`` (anyone), ``judging`` (committee members
and jurors), ``chair`` (the award chair), ``exports`` (the chair's downloads). Thin: who may see
what is in ``awards.permissions``, writes in ``awards.services``, figures in ``awards.results`` /
``awards.reports``."""

from awards.views.chair import (
    AggregationView,
    ApproveView,
    AssignmentView,
    ConfirmFinalistsView,
    DashboardView,
    ReopenView,
    ResultsView,
    SheetsView,
    ShortlistView,
    StageAdvanceView,
    StageBackView,
)
from awards.views.exports import (
    CertificatesView,
    DownloadsView,
    ExportCsvView,
    ExportXlsxView,
    RankingCsvView,
)
from awards.views.judging import (
    AssentView,
    CommitteeView,
    ConflictView,
    JudgingHomeView,
    ScoreView,
    VisitView,
)
from awards.views.public import (
    CertificateView,
    EditionListView,
    LoginView,
    LogoutView,
    TransparencyTableView,
    TransparencyView,
    WinnersView,
    nomination_photo,
    nomination_photo_thumbnail,
    visit_photo,
    visit_photo_thumbnail,
)

__all__ = [
    "AggregationView",
    "ApproveView",
    "AssentView",
    "AssignmentView",
    "CertificateView",
    "CertificatesView",
    "CommitteeView",
    "ConfirmFinalistsView",
    "ConflictView",
    "DashboardView",
    "DownloadsView",
    "EditionListView",
    "ExportCsvView",
    "ExportXlsxView",
    "JudgingHomeView",
    "LoginView",
    "LogoutView",
    "RankingCsvView",
    "ReopenView",
    "ResultsView",
    "ScoreView",
    "SheetsView",
    "ShortlistView",
    "StageAdvanceView",
    "StageBackView",
    "TransparencyTableView",
    "TransparencyView",
    "VisitView",
    "WinnersView",
    "nomination_photo",
    "nomination_photo_thumbnail",
    "visit_photo",
    "visit_photo_thumbnail",
]
