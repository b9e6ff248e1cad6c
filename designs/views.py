"""The public catalogue of deposited craft designs: list, detail, images, CSV/JSON downloads.

Every view finds its designs through designs.permissions or ``Design.objects.public()``, so drafts,
filed, returned and withdrawn designs are a 404 everywhere.
"""

import json
import logging

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    JsonResponse,
)
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from craftsreg import tabular, verification
from craftsreg.files import IMAGE_EXTENSIONS, serve_private_file
from craftsreg.i18n import active_language, localized_field
from designs import certificates, exports
from designs.filters import CatalogueFilter, facet_counts, facet_options
from designs.models import Design
from designs.permissions import get_public_design_or_404, get_public_image_or_404
from designs.reports import design_statistics

logger = logging.getLogger(__name__)

PAGE_SIZE = 24


def _public_designs():
    # Newest deposits first: what a visitor (and the Gazette reader) looks for is the latest.
    return Design.objects.public().with_card_data().order_by("-certificate_date", "-number")


class CatalogueView(FilterView):
    filterset_class = CatalogueFilter
    template_name = "designs/catalogue.html"
    context_object_name = "designs"
    paginate_by = PAGE_SIZE
    extra_context = {
        "title": gettext_lazy("Registered craft designs"),
        "lead": gettext_lazy(
            "Craft designs created by the Authority and by Omani artisans, deposited with the "
            "Intellectual Property Department of the Ministry of Commerce and Industry under the "
            "Copyright and Related Rights Law (Royal Decree 65/2008). Each design listed here has "
            "received a deposit certificate."
        ),
    }

    def get_queryset(self):
        return _public_designs()

    def paginate_queryset(self, queryset, page_size):
        # get_page() turns a bad or out-of-range ?page= into a real page instead of a 404.
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        params = filterset.form.data.copy() if filterset.is_bound else None
        query = ""
        if params is not None:
            params.pop("page", None)
            query = params.urlencode()
        context.update(
            facets=facet_options(filterset, facet_counts(filterset, self.get_queryset())),
            query=query,
            statistics=design_statistics(rtl=get_language_bidi()),
            filtered=bool(query),
        )
        if context.get("is_paginated"):
            page = context["page_obj"]
            # Numbered paging: the first and last pages and two either side of the current one.
            context["page_range"] = list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            )
        return context


class CatalogueExportView(FilterView):
    """The filtered catalogue as CSV or JSON (same query string as the list page)."""

    filterset_class = CatalogueFilter
    export_format = "csv"

    def get_queryset(self):
        return _public_designs()

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid():
            errors = {field: list(messages) for field, messages in filterset.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        rows = (
            exports.catalogue_row(design, self.request)
            for design in filterset.qs.iterator(chunk_size=500)
        )
        if self.export_format == "json":
            return self._json(rows)
        return self._csv(rows)

    def _filename(self, extension: str) -> str:
        return f'attachment; filename="craft-designs-{active_language()}.{extension}"'

    def _csv(self, rows):
        return tabular.csv_response(
            exports.catalogue_csv_rows(rows), filename=f"craft-designs-{active_language()}.csv"
        )

    def _json(self, rows):
        body = json.dumps({"designs": list(rows)}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = self._filename("json")
        return response


class DesignDetailView(DetailView):
    template_name = "designs/detail.html"
    context_object_name = "design"

    def get_object(self, queryset=None):
        return get_public_design_or_404(self.kwargs["number"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        design = self.object
        context.update(self.page_head(design))
        context["images"] = list(design.images.all())
        context["materials"] = list(design.materials.order_by(localized_field("name")))
        return context

    def page_head(self, design: Design) -> dict:
        # The tab names the catalogue too: a design's title alone says little among other tabs.
        return {
            "title": f"{design.title} — {_('Registered craft designs')}",
            "heading": design.title,
        }


@require_safe
def image(request, number: str, pk: int, ext: str):
    if ext not in IMAGE_EXTENSIONS:
        raise Http404("No such image.")
    design_image = get_public_image_or_404(number, pk, ext)
    return serve_private_file(design_image.image, public=True)


@require_safe
def thumbnail(request, number: str, pk: int):
    design_image = get_public_image_or_404(number, pk)
    try:
        design_image.ensure_thumbnail()
    except OSError:
        logger.error("Design image file missing: %s", design_image.image.name)
        raise Http404("Image file missing.") from None
    return serve_private_file(design_image.thumbnail, public=True)


class DepositCertificateView(DesignDetailView):
    """The deposit certificate of a public design, printable on A4, with its QR code and address."""

    template_name = "designs/certificate.html"

    def page_head(self, design: Design) -> dict:
        # The certificate is the page: it has no heading of the site's own, only the tab's title.
        return {"title": f"{_('Deposit certificate')} — {design.title}"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            certificates.certificate_context(
                self.object, base_url=verification.public_base_url(self.request)
            )
        )
        return context
