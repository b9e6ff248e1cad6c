"""Bad-input catalogue: no URL of the site answers a hostile or malformed request with a 500.

The URL list comes from Django's resolver, so a page added later is covered without editing
this file. Path parameters get unknown, huge, over-long and NUL-byte values; every page gets the
same catalogue of bad query-string values under the parameter names the site uses; POSTs come
without a CSRF token; other methods are refused. The demo data is loaded so that pages reach
their deeper code paths.
"""

import contextlib
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

# Parameter names used by the site's forms and filters (and a few that nothing uses).
QUERY_NAMES = [
    "q", "search", "year", "governorate", "wilayat", "craft", "gender", "status", "page",
    "sort", "ordering", "o", "kind", "product_kind", "material", "locarno", "locarno_class",
    "category", "stage", "edition", "format", "next", "method", "per_page", "lang",
]  # fmt: skip
BAD_VALUES = [
    "\x00",
    "abc\x00def",
    "x" * 10_000,
    "' OR '1'='1' --",
    '"><script>alert(1)</script>',
    "٢٠١٧",  # Arabic-Indic digits
    "2O17",  # letter O
    "-1",
    "99999999999999999999999999",
    "1e309",
    "1.5",
    "[]",
    "%",
    "../../etc/passwd",
]
PATH_VALUES = {
    "int": ["0", "1", "5", "99999999999999999999999"],
    "str": ["OM-ZU", "OM-XX", "cotton-weaving", "x" * 300, "a\x00b", "' OR 1=1 --"],
    "slug": ["cotton-weaving", "no-such-thing", "x" * 300],
    "path": ["OM-ZU", "a\x00b", "x" * 300],
}
SKIP_NAMESPACES = {"admin"}  # Django's admin has its own tests; our admin code is tested per app


def _patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            child_namespace = namespace
            if pattern.namespace:
                child_namespace = (
                    f"{namespace}:{pattern.namespace}" if namespace else (pattern.namespace)
                )
            yield from _patterns(pattern, child_namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _converter_kind(converter) -> str:
    name = type(converter).__name__.lower()
    for kind in ("int", "slug", "path"):
        if kind in name:
            return kind
    return "str"


def site_urls() -> list[str]:
    """Concrete URLs (both languages) for every named, non-admin pattern, good and bad params."""
    urls = set()
    for language in ("ar", "en"):
        with translation.override(language):
            urls |= _urls_in_active_language()
    return sorted(urls)


def _urls_in_active_language() -> set[str]:
    urls = set()
    for name, pattern in _patterns(get_resolver()):
        if name.split(":")[0] in SKIP_NAMESPACES:
            continue
        converters = getattr(pattern.pattern, "converters", {})
        if not converters:
            with contextlib.suppress(NoReverseMatch):
                urls.add(reverse(name))
            continue
        # Vary one parameter at a time; the others keep their first (plausible) value.
        keys = list(converters)
        for key in keys:
            for value in PATH_VALUES[_converter_kind(converters[key])]:
                kwargs = {k: PATH_VALUES[_converter_kind(converters[k])][0] for k in keys}
                kwargs[key] = value
                try:
                    urls.add(reverse(name, kwargs=kwargs))
                except NoReverseMatch:
                    continue
    return urls


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", stdout=io.StringIO())


def _ok(status: int) -> bool:
    return status < 500


def test_no_url_answers_bad_path_or_query_values_with_a_server_error(demo_site):
    client = Client(raise_request_exception=False)
    failures = []
    for url in site_urls():
        response = client.get(url)
        if not _ok(response.status_code):
            failures.append((response.status_code, url))
            continue
        if response.status_code != 200:
            continue
        for value in BAD_VALUES:
            response = client.get(url, dict.fromkeys(QUERY_NAMES, value))
            if not _ok(response.status_code):
                failures.append((response.status_code, url, value[:40]))
    assert failures == []


def test_posts_without_csrf_token_and_other_methods_are_refused(demo_site):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    failures = []
    for url in site_urls():
        for method in ("post", "put", "delete", "patch"):
            response = getattr(client, method)(url, {"q": "x"})
            # 5xx is a crash; 2xx would mean the request was accepted without a CSRF token.
            if response.status_code >= 500 or 200 <= response.status_code < 300:
                failures.append((method, response.status_code, url))
    assert failures == []


def test_the_walker_finds_pages_in_both_languages():
    urls = site_urls()
    assert {"/ar/", "/en/", "/ar/account/two-factor/"} <= set(urls)
    assert all(re.match(r"^/(ar|en)/", url) for url in urls)
    assert not any("/admin/" in url for url in urls)
