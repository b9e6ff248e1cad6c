"""Project-wide pytest fixtures.

Reference data (governorates, wilayats, crafts, roles) comes from data migrations, so it exists in
every test database; fixtures below only look it up.
"""

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache.

    Cached registry figures are invalidated on commit, and most tests never commit (they roll
    back), so without this one test's cached page would be served to the next.
    """
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Arabic).

    A request through the test client leaves its language active in the thread (LocaleMiddleware
    activates it and nothing resets it), so a later test that reads a message outside a request
    would see the previous test's language and pass or fail by the order the tests run in.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    """Files written by background jobs go to the test's own folder."""
    settings.CRAFTSREG_JOB_FILES_ROOT = tmp_path / "job-files"


@pytest.fixture
def dhofar(db):
    from artisans.models import Governorate

    return Governorate.objects.get(code="OM-ZU")


@pytest.fixture
def muscat(db):
    from artisans.models import Governorate

    return Governorate.objects.get(code="OM-MA")


@pytest.fixture
def salalah(dhofar):
    return dhofar.wilayats.get(name_en="Salalah")


@pytest.fixture
def cotton_weaving(db):
    from artisans.models import Craft

    return Craft.objects.get(code="cotton-weaving")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")


@pytest.fixture
def reference_data(transactional_db):
    """What the data migrations load, for tests that use real transactions (live_server, threads).

    Transactional tests empty every table when they end, including the reference data and roles
    the data migrations created; this puts every app's back (each loader is idempotent).
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from artisans import reference, roles
    from awards import roles as award_roles
    from designs import reference as design_reference
    from designs import roles as design_roles

    reference.load(
        apps.get_model("artisans", "Governorate"),
        apps.get_model("artisans", "Wilayat"),
        apps.get_model("artisans", "CraftGroup"),
        apps.get_model("artisans", "Craft"),
    )
    design_reference.load(
        apps.get_model("designs", "ProductKind"),
        apps.get_model("designs", "Material"),
        apps.get_model("designs", "LocarnoClass"),
        apps.get_model("artisans", "Craft"),
    )
    from portal import roles as portal_roles
    from portal import roles_requests as portal_request_roles

    # The portal adds to the registry's roles: after them.
    for module in (roles, award_roles, design_roles, portal_roles, portal_request_roles):
        module.sync_roles(Group, Permission)


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright. Missing chromium fails the run, never skips it."""
    import os

    from playwright.sync_api import sync_playwright

    from craftsreg.tests.browser import CHROMIUM, CHROMIUM_ARGS

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    # Playwright's sync API runs an event loop in this thread; the test code's ORM calls are
    # still synchronous, so Django's async-safety guard must be told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, reference_data):
    """A fresh browser tab (own cookies) pointed at the live test server.

    Any Content-Security-Policy violation during the test fails it: a page that only works
    with inline script or style would break in production.
    """
    context = chromium.new_context(base_url=live_server.url, locale="ar-OM")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    violations = []
    tab.on(
        "console",
        lambda message: (
            violations.append(f"{tab.url}: {message.text[:80]}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: PostgreSQL-only and browser tests must really run there."""
    import os

    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"CI: {len(skipped)} test(s) skipped; in CI every test must run "
            "(is DATABASE_URL PostgreSQL, is chromium installed?)",
            red=True,
        )
        session.exitstatus = 1
