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
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=io.StringIO())


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
    # The admin is walked signed in, below; only its password-reset pages are public.
    assert not any("/admin/" in url and "/admin/password-reset/" not in url for url in urls)


# --- the admin, signed in as each staff role -----------------------------------------------------

# What the changelists and exports read: their filters' parameters, search, ordering, paging,
# and arbitrary field lookups (Django turns any field name into a filter).
ADMIN_QUERY_NAMES = [
    "q", "o", "p", "e", "all", "governorate", "wilayat", "craft", "year", "gender",
    "gender__exact", "status", "status__exact", "civil_number", "name_en__regex",
    "name_ar__iregex", "registered_on__year", "date_of_birth__gte", "pk__in", "id",
    "batch__id__exact", "category__edition__id__exact", "term", "app_label", "model_name",
    "field_name", "_to_field", "_popup",
]  # fmt: skip


def _admin_list_urls() -> list[str]:
    from django.contrib import admin

    with translation.override("en"):
        urls = [
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry
        ]
        urls += [
            reverse("admin:artisans_artisan_export", args=[extension])
            for extension in ("csv", "xlsx")
        ]
        urls.append(reverse("admin:autocomplete"))
        urls.append(reverse("admin:index"))
    return urls


@pytest.fixture
def small_registry(db, dhofar, muscat):
    from artisans.tests.factories import ArtisanFactory

    ArtisanFactory()
    ArtisanFactory(wilayat=muscat.wilayats.first())


def test_admin_lists_and_exports_survive_bad_query_values_for_every_staff_role(
    staff, small_registry
):
    client = Client(raise_request_exception=False)
    failures = []
    for username, (user, _group) in staff.items():
        client.force_login(user)
        for url in _admin_list_urls():
            if client.get(url).status_code != 200:
                continue  # a list this role may not open
            for value in BAD_VALUES:
                response = client.get(url, dict.fromkeys(ADMIN_QUERY_NAMES, value))
                if not _ok(response.status_code):
                    failures.append((username, response.status_code, url, value[:40]))
                # One parameter at a time on the registry's list and exports, where an
                # accepted filter reaches the database (all at once, the first refusal hides
                # the others).
                if "/artisans/artisan/" not in url or username != "registrar":
                    continue
                for name in ADMIN_QUERY_NAMES:
                    response = client.get(url, {name: value})
                    if not _ok(response.status_code):
                        failures.append((username, response.status_code, url, name, value[:40]))
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("name", ["gender", "status", "civil_number", "name_en__regex", "q"])
@pytest.mark.parametrize("path", ["", "export/csv/", "export/xlsx/"])
def test_nul_bytes_in_admin_query_strings_are_a_bad_request(client, staff, name, path):
    # Penetration test M2: on PostgreSQL these were 500s ("A string literal cannot contain NUL").
    client.force_login(staff["registrar"][0])
    response = client.get(f"/en/admin/artisans/artisan/{path}", {name: "\x00"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


# --- the linked artisan's requests, award entries and data: every form, bad values ------------

# Field names of the portal's request, card, entry and data forms.
PORTAL_FIELD_NAMES = [
    "phone", "wilayat", "workshop_address", "primary_craft", "other_crafts", "photo", "note",
    "kind", "craft", "title", "description", "workforce", "trainees", "omani_materials_percent",
    "photos", "remove_photos", "seen_version", "reason",
]  # fmt: skip


@pytest.fixture
def portal_artisan(db, django_user_model, settings, tmp_path):
    """A linked artisan with a change request, a card request and an award entry of their own."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from artisans.tests.factories import ArtisanFactory
    from awards.models import Stage
    from awards.services import entry_submit
    from awards.tests.factories import EditionFactory, category
    from designs.tests.factories import image_bytes
    from portal import services_requests
    from portal.models import ArtisanAccount

    settings.MEDIA_ROOT = tmp_path
    artisan = ArtisanFactory(registered_on=datetime.date(2010, 1, 1))
    user = django_user_model.objects.create_user("walker", "walker@example.invalid", "pw")
    ArtisanAccount.objects.create(
        user=user,
        artisan=artisan,
        linked_at=timezone.now(),
        civil_number=artisan.civil_number,
        name="Walker",
        mobile="+96899000000",
        email_verified_at=timezone.now(),
    )
    services_requests.change_request_submit(
        artisan=artisan, by=user, kind="photo", photo=ContentFile(image_bytes(), name="p.jpg")
    )
    services_requests.card_request_submit(artisan=artisan, by=user, kind="issue")
    edition = EditionFactory(number=6, year=2018, stage=Stage.NOMINATIONS)
    entry_submit(
        artisan=artisan,
        category=category(edition),
        by=user,
        photos=[ContentFile(image_bytes(), name="w.jpg")],
        craft=artisan.primary_craft,
        title="Work",
        description="d",
    )
    return user


def test_portal_forms_survive_bad_input_signed_in(portal_artisan):
    from portal.models import CardRequest, ChangeRequest

    client = Client(raise_request_exception=False)
    client.force_login(portal_artisan)
    # One language is enough here (the forms are the same); the path variants of each page
    # (unknown, huge, NUL ids) are opened once, the real pages with every bad value.
    urls = [u for u in site_urls() if u.startswith("/en/portal/") and "sign-out" not in u]
    assert any("/portal/award/enter/" in url for url in urls)
    before = (ChangeRequest.objects.count(), CardRequest.objects.count())
    failures = []
    for url in urls:
        response = client.get(url)
        if not _ok(response.status_code):
            failures.append(("get", response.status_code, url, ""))
        if response.status_code != 200 and not url.endswith("/edit/"):
            continue
        for value in BAD_VALUES:
            for method in ("get", "post"):
                response = getattr(client, method)(url, dict.fromkeys(PORTAL_FIELD_NAMES, value))
                if not _ok(response.status_code):
                    failures.append((method, response.status_code, url, value[:40]))
    assert failures == []
    # Nothing bad was accepted as a new request.
    assert (ChangeRequest.objects.count(), CardRequest.objects.count()) == before


# --- the artisans' portal, signed in as an applicant and as a linked artisan ----------------------

# Every form of the portal: (URL name, the form class whose fields get the bad values, who posts).
PORTAL_FORMS = [
    ("portal:sign_up", "portal.forms.accounts.SignUpForm", "anonymous"),
    ("portal:sign_in", "portal.forms.accounts.SignInForm", "anonymous"),
    ("portal:password_reset", "portal.forms.accounts.PasswordResetForm", "anonymous"),
    ("portal:link", "portal.forms.accounts.LinkCodeForm", "applicant"),
    ("apply:create", "portal.forms.applications.ApplicationForm", "applicant"),
]


@pytest.fixture
def portal_people(db, settings, tmp_path):
    from artisans.tests.factories import ArtisanFactory
    from portal.tests.factories import AccountFactory, ApplicationFactory

    settings.MEDIA_ROOT = tmp_path
    # Every bad value is an attempt: no limit may hide a crash behind a 429.
    settings.CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR = 0
    settings.CRAFTSREG_PORTAL_SIGNINS_PER_HOUR = 0
    settings.CRAFTSREG_PORTAL_CODES_PER_HOUR = 0
    applicant = AccountFactory()
    linked = AccountFactory(artisan=ArtisanFactory(), linked_at="2017-06-01T00:00Z")
    ApplicationFactory(account=AccountFactory())  # someone else's
    return {"applicant": applicant.user, "artisan": linked.user}


def _field_names(form_path: str) -> list[str]:
    from django.utils.module_loading import import_string

    form_class = import_string(form_path)
    fields = dict(form_class.base_fields)
    return [*fields, "consent", "next"]


def test_portal_forms_survive_bad_values_and_store_nothing(portal_people):
    from django.contrib.auth import get_user_model

    from portal.models import Application, ArtisanAccount

    client = Client(raise_request_exception=False)
    before = (
        get_user_model().objects.count(),
        ArtisanAccount.objects.count(),
        Application.objects.count(),
    )
    failures = []
    for url_name, form_path, who in PORTAL_FORMS:
        client.logout()
        if who != "anonymous":
            client.force_login(portal_people[who])
        for language in ("ar", "en"):
            with translation.override(language):
                url = reverse(url_name)
            names = _field_names(form_path)
            for value in BAD_VALUES:
                # All fields at once, then one field at a time beside plausible values.
                posts = [dict.fromkeys(names, value)]
                posts += [{name: value} for name in names]
                for data in posts:
                    response = client.post(url, data)
                    if not _ok(response.status_code):
                        failures.append((response.status_code, url, sorted(data)[:3], value[:40]))
    assert not failures, "\n".join(map(str, failures))
    after = (
        get_user_model().objects.count(),
        ArtisanAccount.objects.count(),
        Application.objects.count(),
    )
    assert after == before


def test_portal_pages_survive_bad_path_and_query_values_signed_in(portal_people):
    client = Client(raise_request_exception=False)
    urls = [u for u in site_urls() if "/portal/" in u or "/apply/" in u]
    assert len(urls) > 20
    failures = []
    for who in ("applicant", "artisan"):
        client.force_login(portal_people[who])
        for url in urls:
            if "sign-out" in url:
                continue
            for value in BAD_VALUES:
                response = client.get(url, dict.fromkeys(QUERY_NAMES, value))
                if not _ok(response.status_code):
                    failures.append((who, response.status_code, url, value[:40]))
    assert not failures, "\n".join(map(str, failures))
