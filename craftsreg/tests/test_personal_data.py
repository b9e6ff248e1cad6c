"""Public pages and downloads never show personal data (ASVS 8.3; the registry's privacy rule).

A crawler follows every link a visitor can reach from the home pages in both languages —
pages, CSV and JSON downloads, error pages — with the demo registry loaded, and looks for any
artisan's civil number, phone or birth date and any staff e-mail address.
"""

import io
import re
from collections import Counter
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from artisans.models import Artisan

MAX_PAGES = 600
MAX_VARIANTS_PER_PATH = 8  # the same page with other filters adds little
PRIVATE_PREFIXES = ("/ar/admin/", "/en/admin/", "/ar/account/", "/en/account/")
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
NUMBER = re.compile(r"(?<!\d)\d{8,11}(?!\d)")


def crawl(client: Client):
    queue = ["/ar/", "/en/", "/ar/no-such-page/", "/en/no-such-page/"]
    seen, per_path = set(), Counter()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        path = urlsplit(url).path
        if per_path[path] >= MAX_VARIANTS_PER_PATH:
            continue
        seen.add(url)
        per_path[path] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.streaming or not any(kind in content_type for kind in ("text/", "json", "csv")):
            continue
        body = response.content.decode("utf-8-sig", errors="replace")
        yield url, body
        if "html" not in content_type:
            continue
        for link in LINK.findall(body):
            absolute = urldefrag(urljoin(url, link))[0]
            parts = urlsplit(absolute)
            if parts.netloc and parts.netloc != "testserver":
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if re.match(r"^/(ar|en)/", parts.path) and not parts.path.startswith(PRIVATE_PREFIXES):
                queue.append(local)


@pytest.mark.django_db
def test_no_public_page_or_download_contains_personal_data():
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=io.StringIO())
    civil_numbers = set(Artisan.objects.values_list("civil_number", flat=True))
    phones = {p for p in Artisan.objects.values_list("phone", flat=True) if p}
    phones |= {p[3:] for p in phones if len(p) == 11}
    birth_dates = set()
    for day in Artisan.objects.exclude(date_of_birth=None).values_list("date_of_birth", flat=True):
        birth_dates.add(day.isoformat())
        birth_dates.add(day.strftime("%d/%m/%Y"))
    emails = {e for e in get_user_model().objects.values_list("email", flat=True) if e}

    leaks, pages = [], 0
    for url, body in crawl(Client(raise_request_exception=False)):
        pages += 1
        numbers = set(NUMBER.findall(body))
        if numbers & civil_numbers:
            leaks.append((url, "civil number", sorted(numbers & civil_numbers)[:3]))
        if numbers & phones:
            leaks.append((url, "phone", sorted(numbers & phones)[:3]))
        found_dates = set(re.findall(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}", body))
        if found_dates & birth_dates:
            leaks.append((url, "birth date", sorted(found_dates & birth_dates)[:3]))
        for email in emails:
            if email in body:
                leaks.append((url, "staff e-mail", email))
    assert pages >= 4
    assert leaks == []


def test_the_scanner_would_see_a_leak():
    # Guard against a scanner that cannot fail: a civil number in a page is found.
    assert NUMBER.findall("<td>12345678</td> 2017 99123456") == ["12345678", "99123456"]
