"""The chair's downloads: every score sheet (CSV and XLSX) and the edition's certificates as one
printable file. Each is made by a background job (awards.tasks); the page's buttons start it and
lead to the job's progress page, from which its owner — and only they — downloads the file.
The ranking CSV of the results page is small (one row per nomination) and made at once."""

from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from awards import certificates, exports, reports
from awards.models import Nomination, ScoreSheet
from awards.views.base import ChairMixin
from craftsreg import tabular
from jobs.views import start_job


class DownloadsView(ChairMixin, TemplateView):
    template_name = "awards/downloads.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        context.update(
            title=gettext("Downloads — edition %(number)s") % {"number": edition.number},
            heading=gettext("Downloads — %(title)s") % {"title": edition.title},
            edition=edition,
            sheet_count=ScoreSheet.objects.filter(nomination__category__edition=edition).count(),
            certificate_count=Nomination.objects.certified(edition).count(),
        )
        return context


class ExportView(DownloadsView):
    """GET: the downloads page. POST: the score sheets export starts as a job."""

    extension = "csv"

    def post(self, request, *args, **kwargs):
        # ChairMixin let only the chair here (permissions.may_export_results); the job checks
        # again when it runs.
        edition = self.edition
        return start_job(
            request,
            kind="awards.results_export",
            params={
                "edition": edition.pk,
                "format": self.extension,
                "summary": gettext("Edition %(number)s, %(format)s")
                % {"number": edition.number, "format": self.extension.upper()},
            },
            back=request.path,
        )


class ExportCsvView(ExportView):
    extension = "csv"


class ExportXlsxView(ExportView):
    extension = "xlsx"


class CertificatesView(DownloadsView):
    """POST: the edition's certificates are printed into one file by a job."""

    def post(self, request, *args, **kwargs):
        # The chair may always print them (permissions.may_print_certificates); staff print
        # them from the admin.
        edition = self.edition
        return start_job(
            request,
            kind="awards.certificates",
            params=certificates.job_params(request, edition),
            back=request.path,
        )


class RankingCsvView(ChairMixin, View):
    """The results page's ranking, as the chair sees it before the announcement (with the
    normalised totals when the edition shows them), for the stage the chair is looking at."""

    def get(self, request, *args, **kwargs):
        edition = self.edition
        stage = reports.focus_stage(edition)
        table = exports.results_table(edition, stage, public=False)
        return tabular.csv_response(
            table.csv_rows(), filename=f"sqa-{edition.number}-{stage}-ranking.csv", stream=False
        )
