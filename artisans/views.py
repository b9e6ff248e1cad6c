"""Public statistics pages: overview, governorate, craft — and their CSV/JSON twins.

Each page: parse the filters (StatisticsFilterSet), take the figures from the scope's cached
aggregate (statistics.Cube) plus the reference lists, build the tables (reports), then render HTML
or a download. Whole responses are cached per path (language, page, table, format) and query
string, tagged with ``registry_version()`` (artisans.pagecache), so any change to the registry
retires every cached page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from artisans import charts, reports, statistics, viability
from artisans.downloads import (
    WITHHELD,
    csv_response,
    invalid_filters_response,
    json_response,
    suppressed_label,
)
from artisans.filters import StatisticsFilterSet
from artisans.models import Artisan, Craft, Governorate
from artisans.pagecache import pages
from craftsreg.charts import bar_chart
from craftsreg.i18n import active_language


def _cache_key(request) -> str | None:
    """Key of the cached response, or None when this request must be rendered afresh.

    A visitor with a session or pending messages may see something personal in the page
    (a staff member's "artisan saved" message names the artisan), so only cookie-less
    requests share cached pages.
    """
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in (
        request.COOKIES
    ):
        return None
    digest = hashlib.sha256(
        f"{request.path}?{request.META.get('QUERY_STRING', '')}".encode("utf-8", "replace")
    ).hexdigest()
    # The year is in the key because a page without ?year= may show the year in progress "to
    # date" and its growth headline then compares the two years before it.
    year = timezone.localdate().year
    return f"statistics:page:{year}:{get_language()}:{digest}"


def _freeze(response: HttpResponse) -> dict:
    headers = {
        name: response[name]
        for name in ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin")
        if response.has_header(name)
    }
    framed = getattr(response, "xframe_options_exempt", False)
    return {"content": response.content, "headers": headers, "framed": framed}


def _thaw(frozen: dict) -> HttpResponse:
    response = HttpResponse(frozen["content"])
    for name, value in frozen["headers"].items():
        response[name] = value
    if frozen.get("framed"):
        _allow_framing(response)
    return response


@dataclass
class Reference:
    """Reference lists a page needs (also its tables' rows and its filters' choices)."""

    governorates: list[Governorate]
    crafts: list[Craft]

    @classmethod
    def load(cls) -> Reference:
        return cls(
            governorates=list(Governorate.objects.order_by_name()),
            crafts=list(Craft.objects.order_by_name()),
        )


class StatisticsView(View):
    """Shared flow of the statistics pages; subclasses define ``subject`` and ``report``."""

    http_method_names = ["get", "head", "options"]
    template_name: str
    exclude_filters: tuple[str, ...] = ()
    url_name: str
    table_url_name: str

    def get(self, request, *args, **kwargs):
        # The filter form sends its empty choices too (?year=2017&craft=&gender=); redirect to
        # the short form so permalinks are clean and share one cache entry.
        pairs = [(name, value) for name, values in request.GET.lists() for value in values]
        if any(value == "" for _name, value in pairs):
            kept = [(name, value) for name, value in pairs if value != ""]
            return redirect(request.path + (f"?{urlencode(kept)}" if kept else ""))
        key = _cache_key(request)
        if key:
            version, frozen = pages.get(key)
            if frozen is not None:
                return _thaw(frozen)
        response = self.respond(request, **kwargs)
        if key and response.status_code == 200:
            # Tagged with the version read before building: if the registry changed meanwhile,
            # the next request finds the tag out of date and builds the page again.
            pages.set(key, version, _freeze(response))
        return response

    # --- hooks ---

    def subject(self, reference: Reference, **kwargs):
        return None

    def url_kwargs(self, subject) -> dict:
        return {}

    def report(self, artisans, filterset, reference, subject, period) -> dict:
        raise NotImplementedError

    def page_title(self, subject) -> str:
        raise NotImplementedError

    def finding(self, subject, report: dict) -> str:
        """The page's headline: what its figures show."""
        raise NotImplementedError

    def heading_without_figures(self, subject) -> str:
        """The headline when a filter choice is invalid and there are no figures to tell."""
        raise NotImplementedError

    def page_head(self, subject, report: dict | None) -> dict:
        """The tab's ``title`` and the one <h1>'s ``heading`` (includes/_page_head.html)."""
        if report is None:
            heading = self.heading_without_figures(subject)
        else:
            heading = self.finding(subject, report)
        return {"title": self.page_title(subject), "heading": heading}

    # --- flow ---

    def respond(self, request, table=None, fmt=None, **kwargs):
        reference = Reference.load()
        subject = self.subject(reference, **kwargs)
        span = statistics.cached_registry_span()
        today = timezone.localdate()
        filterset = StatisticsFilterSet(
            request.GET,
            Artisan.objects.registered(),
            governorates=reference.governorates,
            crafts=reference.crafts,
            years=statistics.selectable_years(span, today),
            exclude=self.exclude_filters,
        )
        page = {
            "filterset": filterset,
            "subject": subject,
            "last_updated": span.last_updated,
            "withheld_mark": suppressed_label(),
            "today": today,
        }
        if not filterset.is_valid():
            if fmt:
                return invalid_filters_response(filterset.errors, fmt)
            return render(
                request,
                self.template_name,
                {**page, **self.page_head(subject, None), "invalid": True},
                status=400,
            )

        year = int(filterset.value("year") or statistics.latest_year(span, today))
        period = statistics.Period.of(year, today)
        params = filterset.query_params()
        query = f"?{urlencode(params)}" if params else ""
        page.update(
            year=year,
            # Years are printed from this string: an int would be grouped as "2,017".
            year_label=str(year),
            is_current_year=period.in_progress,
            period=period,
            query=query,
            place_query=self._query(filterset.query_params(drop=("governorate",))),
            craft_query=self._query(filterset.query_params(drop=("craft",))),
        )
        report = self.report(filterset.qs, filterset, reference, subject, period)
        tables = report.pop("tables")
        charts_by_table = {
            slug: report[key] for slug, key in CHART_OF_TABLE.items() if key in report
        }
        # A permalink names its year even when the page was opened without one, so it keeps
        # showing these figures after next year's registrations arrive.
        page_path = reverse(self.url_name, kwargs=self.url_kwargs(subject) or None)
        permalink = request.build_absolute_uri(
            page_path + "?" + urlencode({**params, "year": str(year)})
        )
        if fmt in ("svg", "embed"):
            if table not in tables or table not in charts_by_table:
                raise Http404
            figure = {
                **page,
                "chart": charts_by_table[table],
                # The embed's title and <h1> (chart_title is also the chart's own label).
                "title": _chart_title(table, subject),
                "chart_title": _chart_title(table, subject),
                "permalink": permalink,
            }
            return (svg_response if fmt == "svg" else embed_response)(
                request, figure, tables[table].filename
            )
        if fmt:
            if table not in tables:
                raise Http404
            return (csv_response if fmt == "csv" else json_response)(tables[table])

        subject_kwargs = self.url_kwargs(subject)
        downloads = {
            slug: {
                fmt: reverse(
                    self.table_url_name, kwargs={**subject_kwargs, "table": slug, "fmt": fmt}
                )
                + query
                for fmt in ("csv", "json", "svg", "embed")
                if fmt in ("csv", "json") or slug in charts_by_table
            }
            for slug in tables
        }
        return render(
            request,
            self.template_name,
            {
                **page,
                **report,
                **self.page_head(subject, report),
                "tables": tables,
                "downloads": downloads,
                "permalink": permalink,
            },
        )

    @staticmethod
    def _query(params: dict) -> str:
        return f"?{urlencode(params)}" if params else ""

    @staticmethod
    def rtl() -> bool:
        return active_language() == "ar"


# The chart that pictures each table (context key of the page's report).
CHART_OF_TABLE = {
    "governorates": "governorate_chart",
    "crafts": "craft_chart",
    "gender": "gender_chart",
    "years": "year_chart",
}
CHART_TITLES = {
    "governorates": gettext_lazy("Registered artisans by governorate"),
    "crafts": gettext_lazy("Registered artisans by primary craft"),
    "gender": gettext_lazy("Artisans by gender"),
    "years": gettext_lazy("New registrations per year"),
}


def _chart_title(table: str, subject) -> str:
    title = str(CHART_TITLES[table])
    return f"{title} — {subject.name}" if subject is not None else title


def svg_response(request, figure: dict, filename: str) -> HttpResponse:
    """The chart as a stand-alone SVG file (same drawing as the page, fixed width)."""
    svg = render_to_string(
        "includes/_bar_chart.html",
        {**figure, "chart_id": "chart", "standalone": True, "chart_desc": figure["permalink"]},
        request=request,
    )
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg.strip(),
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.svg"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def embed_response(request, figure: dict, filename: str) -> HttpResponse:
    """The chart alone, for other sites' <iframe>s: the only statistics response any origin
    may frame (frame-ancestors and X-Frame-Options are relaxed here and nowhere else)."""
    response = render(request, "artisans/statistics/embed.html", figure)
    _allow_framing(response)
    return response


def _allow_framing(response: HttpResponse) -> None:
    response._csp_replace = {"frame-ancestors": ["*"]}
    response.xframe_options_exempt = True


def _governorate_url(row, query: str) -> str:
    return reverse("artisans:governorate_statistics", kwargs={"code": row.code}) + query


def _craft_url(row, query: str) -> str:
    code = row["code"] if isinstance(row, dict) else row.code
    return reverse("artisans:craft_statistics", kwargs={"code": code}) + query


def _bars(rows, *, highlight=()):
    return [(row.name, row.artisans, row.code in highlight) for row in rows]


def _year_bars(rows):
    return [(str(row.year), row.registrations, False) for row in rows]


def _growth(year_rows, period) -> dict:
    """The growth headline: the register at the end of ``period.growth_year`` against the end of
    the year before, both complete years (None when either has no artisans yet)."""
    by_year = {row.year: row for row in year_rows}
    row = by_year.get(period.growth_year)
    return {
        "growth": row.growth if row else None,
        "growth_year": str(period.growth_year),
        "growth_base_year": str(period.growth_base_year),
    }


def _gender_and_years(cube, period, *, rtl: bool, prefix: str = "", **payload) -> tuple:
    """The gender and registrations-per-year sections every statistics page of the registry
    shows (and the growth headline): their context, and their tables for the downloads."""
    genders = statistics.gender_rows(cube)
    years = statistics.year_rows(cube, period.year)
    context = {
        **_growth(years, period),
        # (row, page) pairs like the other share tables; a gender has no page of its own.
        "gender_rows": [(row, "") for row in genders],
        "year_rows": years,
        "gender_chart": bar_chart(_bars(genders), rtl=rtl),
        "year_chart": bar_chart(_year_bars(years), rtl=rtl),
    }
    tables = {
        "gender": reports.gender_table(
            genders, year=period.year, total=cube.total, prefix=prefix, **payload
        ),
        "years": reports.years_table(years, year=period.year, prefix=prefix, **payload),
    }
    return context, tables


class OverviewView(StatisticsView):
    template_name = "artisans/statistics/overview.html"
    url_name = "artisans:statistics"
    table_url_name = "artisans:statistics_table"

    def page_title(self, subject):
        return _("Statistics")

    def finding(self, subject, report):
        if top := report["top_governorate"]:
            return _("%(name)s has the most registered artisans: %(n)s of %(total)s") % {
                "name": top.name,
                "n": intcomma(top.artisans),
                "total": intcomma(report["total"]),
            }
        return _("No artisans match these choices")

    def heading_without_figures(self, subject):
        return _("Registered artisans")

    def report(self, artisans, filterset, reference, subject, period):
        year = period.year
        cube = filterset.filter_cube(
            statistics.Cube.cached("registry", Artisan.objects.registered())
        )
        total = cube.total
        governorates = statistics.governorate_rows(cube, reference.governorates)
        crafts = statistics.craft_rows(cube, reference.crafts)
        place_query = self._query(filterset.query_params(drop=("governorate",)))
        craft_query = self._query(filterset.query_params(drop=("craft",)))
        regions, legend = charts.map_regions(
            governorates, lambda row: _governorate_url(row, place_query)
        )
        crafts_table = reports.viability_table(
            _craft_viability(filterset, reference, period), year=year, total=total
        )
        # The page's craft table and chart show what the download shows: withheld cells too.
        published = [row for row in crafts_table.rows if row["artisans"] is not WITHHELD]
        top_codes = {row["code"] for row in published[:3]}
        rtl = self.rtl()
        gender_and_years, tables = _gender_and_years(cube, period, rtl=rtl)
        return {
            "total": total,
            "top_governorate": governorates[0] if total else None,
            "top_crafts": crafts[:3] if total else [],
            **gender_and_years,
            "governorate_rows": [(row, _governorate_url(row, place_query)) for row in governorates],
            "craft_rows": [(row, _craft_url(row, craft_query)) for row in crafts_table.rows],
            "reported_together": statistics.reported_together(governorates, reference.governorates),
            "map": {
                "outline": charts.map_outline(),
                "regions": regions,
                "legend": legend,
                "label_radius": charts.LABEL_RADIUS,
                "label_font_size": charts.LABEL_FONT_SIZE,
            },
            "governorate_chart": bar_chart(_bars(governorates), rtl=rtl),
            "craft_chart": bar_chart(
                [(row["name"], row["artisans"], row["code"] in top_codes) for row in published],
                rtl=rtl,
            ),
            "tables": {
                "governorates": reports.governorates_table(governorates, year=year, total=total),
                "gender": tables["gender"],
                "crafts": crafts_table,
                "years": tables["years"],
            },
        }


def _craft_viability(filterset, reference, period):
    """Every craft's viability figures. The status is assessed for the whole country only
    (``artisans.viability``): with a governorate or gender filter it is left out."""
    return viability.cached_craft_viability(
        filterset, reference.crafts, period, assess=not _has_place_or_gender(filterset)
    )


class CraftViabilityView(StatisticsView):
    """/statistics/crafts/: every craft by status — viable, at risk, endangered — with the
    methodology note. Its table is the overview's crafts table (same downloads)."""

    template_name = "artisans/statistics/viability.html"
    url_name = "artisans:craft_index"
    table_url_name = "artisans:statistics_table"
    exclude_filters = ("governorate", "craft", "gender")

    def page_title(self, subject):
        return f"{_('Crafts and their future')} — {_('Statistics')}"

    def heading_without_figures(self, subject):
        # The question the page answers, with or without figures.
        return _("Crafts and their future: are they passed on to young people?")

    def finding(self, subject, report):
        return self.heading_without_figures(subject)

    def report(self, artisans, filterset, reference, subject, period):
        rows = _craft_viability(filterset, reference, period)
        total = sum(row.artisans for row in rows)
        table = reports.viability_table(rows, year=period.year, total=total)
        by_code = {row["code"]: row for row in table.rows}
        young = sorted(
            (
                (row.name, row.under_30, row.status == viability.Status.ENDANGERED)
                for row in rows
                if by_code[row.code]["under_30"] not in (None, WITHHELD)
            ),
            key=lambda item: -item[1],
        )
        return {
            "young_chart": bar_chart(young, rtl=self.rtl(), percent=True),
            "total": total,
            "groups": [
                (status, [(row, by_code[row.code], _craft_url(row, "")) for row in members])
                for status, members in viability.by_status(rows)
            ],
            "counts": {status.value: len(members) for status, members in viability.by_status(rows)},
            "rule": viability,
            "growth_year": str(period.growth_year),
            "growth_base_year": str(period.growth_base_year),
            "tables": {"crafts": table},
        }


class _ReferenceSubjectView(StatisticsView):
    """A page about one governorate or craft, found by its code in the reference lists. Its
    ``kind`` names the rest, as the URLs and templates do: the template, the page's and its
    tables' URL names, the filter it leaves out (its subject) and the Reference list."""

    kind: str  # "governorate" or "craft"
    # The headline: the place with the most artisans (``top_<place>`` in the report) and its
    # count out of the total, or what the figures say when there is none to name.
    place: str
    most: str
    without_place: str

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.template_name = f"artisans/statistics/{cls.kind}.html"
        cls.url_name = f"artisans:{cls.kind}_statistics"
        cls.table_url_name = f"artisans:{cls.kind}_statistics_table"
        cls.exclude_filters = (cls.kind,)

    def subject(self, reference, code=None, **kwargs):
        for subject in getattr(reference, f"{self.kind}s"):
            if subject.code == code:
                return subject
        raise Http404

    def url_kwargs(self, subject):
        return {"code": subject.code}

    def page_title(self, subject):
        return f"{subject.name} — {_('Statistics')}"

    def heading_without_figures(self, subject):
        return subject.name

    def finding(self, subject, report):
        names = {self.kind: subject.name, "total": intcomma(report["total"])}
        if top := report[f"top_{self.place}"]:
            return self.most % {**names, self.place: top.name, "n": intcomma(top.artisans)}
        return self.without_place % names

    def subject_cube(self, filterset, subject, artisans, **options):
        """The subject's artisans' figures, cached per subject, sliced by the page's filters."""
        return filterset.filter_cube(
            statistics.Cube.cached(f"{self.kind}:{subject.pk}", artisans, **options)
        )


class GovernorateStatisticsView(_ReferenceSubjectView):
    kind = "governorate"
    place = "wilayat"
    most = gettext_lazy("%(wilayat)s has the most artisans in %(governorate)s: %(n)s of %(total)s")
    without_place = gettext_lazy("%(governorate)s: %(total)s registered artisans")

    def report(self, artisans, filterset, reference, governorate, period):
        year = period.year
        wilayats = list(governorate.wilayats.order_by_name())
        cube = self.subject_cube(
            filterset,
            governorate,
            Artisan.objects.registered().in_governorate(governorate),
            place="wilayat_id",
        )
        total = cube.total
        wilayat_rows = statistics.wilayat_rows(cube, wilayats)
        crafts = statistics.craft_rows(cube, reference.crafts)
        craft_query = self._query(filterset.query_params(drop=("craft",)))
        top_wilayat = statistics.top_published(wilayat_rows)
        rtl = self.rtl()
        prefix = f"{governorate.code.lower()}-"
        payload = {"governorate": {"code": governorate.code, "name": governorate.name}}
        visible_crafts = [row for row in crafts if row.artisans]
        gender_and_years, tables = _gender_and_years(
            cube, period, rtl=rtl, prefix=prefix, **payload
        )
        return {
            "total": total,
            "top_wilayat": top_wilayat,
            "top_crafts": visible_crafts[:3],
            **gender_and_years,
            "wilayat_rows": wilayat_rows,
            "craft_rows": [(row, _craft_url(row, craft_query)) for row in crafts],
            "other_governorates": [g for g in reference.governorates if g != governorate],
            "craft_chart": bar_chart(
                _bars(visible_crafts, highlight={row.code for row in visible_crafts[:3]}),
                rtl=rtl,
            ),
            "tables": {
                "wilayats": reports.wilayats_table(
                    wilayat_rows, year=year, total=total, governorate=governorate, prefix=prefix
                ),
                "crafts": reports.crafts_table(
                    crafts, year=year, total=total, prefix=prefix, **payload
                ),
                **tables,
            },
        }


class CraftStatisticsView(_ReferenceSubjectView):
    kind = "craft"
    place = "governorate"
    most = gettext_lazy("%(governorate)s has the most artisans of %(craft)s: %(n)s of %(total)s")
    without_place = gettext_lazy("No artisan has %(craft)s as primary craft for these choices")

    def report(self, artisans, filterset, reference, craft, period):
        year = period.year
        cube = self.subject_cube(
            filterset, craft, Artisan.objects.registered().filter(primary_craft=craft)
        )
        # Few artisans have other crafts (an index lookup through the link table): filtered in
        # the database for each filter combination.
        other = statistics.other_craft_counts_by_governorate(artisans, craft)
        total = cube.total
        governorates = statistics.governorate_rows(cube, reference.governorates)
        other_by_code = {g.code: other[g.pk] for g in reference.governorates}
        place_query = self._query(filterset.query_params(drop=("governorate",)))
        rtl = self.rtl()
        prefix = f"{craft.code}-"
        payload = {"craft": {"code": craft.code, "name": craft.name}}
        bands, unknown_ages = viability.cached_age_profile(filterset, craft, year)
        # The bands and the unknown add up to the published total: withheld like any table.
        hidden = statistics.withheld([n for _label, n in bands] + [unknown_ages])
        age_rows = [
            (label, WITHHELD if index in hidden else n) for index, (label, n) in enumerate(bands)
        ]
        if unknown_ages:
            age_rows.append(
                (
                    _("Date of birth not recorded"),
                    WITHHELD if len(bands) in hidden else unknown_ages,
                )
            )
        # The status is national: assessed on the cube sliced by the year only.
        national = viability.cached_national_figures(craft, period)
        gender_and_years, tables = _gender_and_years(
            cube, period, rtl=rtl, prefix=prefix, **payload
        )
        return {
            "total": total,
            "viability": national,
            "age_rows": age_rows,
            "age_chart": bar_chart(
                [(label, n, False) for label, n in age_rows[: len(bands)] if n is not WITHHELD],
                rtl=rtl,
            ),
            "other_total": sum(other_by_code.values()),
            "top_governorate": governorates[0] if total else None,
            **gender_and_years,
            "governorate_rows": [
                (row, other_by_code[row.code], _governorate_url(row, place_query))
                for row in governorates
            ],
            "other_crafts": [c for c in reference.crafts if c != craft],
            "governorate_chart": bar_chart(_bars(governorates), rtl=rtl),
            "tables": {
                "governorates": reports.craft_governorates_table(
                    governorates,
                    other_by_code,
                    year=year,
                    total=total,
                    craft=craft,
                    prefix=prefix,
                ),
                **tables,
            },
        }


def _has_place_or_gender(filterset) -> bool:
    return any(
        filterset.value(name) for name in ("governorate", "gender") if name in filterset.filters
    )


def governorate_index(request):
    """/statistics/governorates/ lists the governorates: that is the overview's table."""
    return redirect(reverse("artisans:statistics") + "#governorates")


class HomeView(TemplateView):
    """The site's front page, with the registry's headline figures."""

    template_name = "home.html"
    extra_context = {
        "title": gettext_lazy("Home"),
        "heading": gettext_lazy("Craft Industries Registry"),
        "lead": gettext_lazy(
            "The official registry of the Public Authority for Craft Industries: the artisans of "
            "Oman's governorates and wilayats and their crafts, the Sultan Qaboos Award for Craft "
            "Excellence, and the craft designs the Authority deposits under the Copyright and "
            "Related Rights Law."
        ),
    }

    def get_context_data(self, **kwargs):
        return super().get_context_data(headline=reports.home_headline(), **kwargs)
