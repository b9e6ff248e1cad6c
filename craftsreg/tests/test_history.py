"""The change history reads as one: labels, local values, the reason or "—", Arabic headers."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from designs import services
from designs.models import Design
from designs.tests.factories import DesignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request to an /en/ page leaves English active in this thread; later tests expect none."""
    yield
    translation.deactivate()


class HistoryTable(HTMLParser):
    """The history table's header cells, and per row its text and its <bdi> values."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows = [], []
        self._in_table = self._in_th = self._in_bdi = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "change-history") in attrs:
            self._in_table = True
        elif self._in_table and tag == "th":
            self._in_th = True
            self.headers.append("")
        elif self._in_table and tag == "tr" and self.headers:
            self.rows.append({"text": "", "bdi": []})
        elif self._in_table and tag == "bdi":
            self._in_bdi = True
            self.rows[-1]["bdi"].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag == "th":
            self._in_th = False
        elif tag == "bdi":
            self._in_bdi = False

    def handle_data(self, data):
        if self._in_th:
            self.headers[-1] += data.strip()
        elif self._in_table and self.rows:
            self.rows[-1]["text"] += data
            if self._in_bdi:
                self.rows[-1]["bdi"][-1] += data


@pytest.fixture
def history_page(client, superuser):
    design = DesignFactory(hidden=True)
    services.designs_change_status(
        designs=[design],
        to=Design.Status.RETURNED,
        on=datetime.date(2017, 4, 2),
        reason="الرسومات ناقصة",
        by=superuser,
    )
    client.force_login(superuser)

    def page(language):
        with translation.override(language):
            url = reverse("admin:designs_design_history", args=[design.pk])
        response = client.get(url)
        assert response.status_code == 200
        table = HistoryTable()
        table.feed(response.content.decode())
        return table

    return page


def test_arabic_history_shows_labels_values_and_reason_in_arabic(history_page):
    table = history_page("ar")
    assert len(table.headers) == 6
    assert not [h for h in table.headers if any("a" <= c.lower() <= "z" for c in h)], table.headers
    newest, oldest = table.rows[0], table.rows[-1]
    # Status, status date and reason changed: each shown as its label or local value.
    assert ("مقدَّم إلى دائرة الملكية الفكرية", "معاد") in zip(
        newest["bdi"][::2], newest["bdi"][1::2], strict=True
    )
    assert "الرسومات ناقصة" in newest["text"]
    for word in ("None", "returned", "filed"):
        assert word not in newest["text"]
    # The first record has no reason and no changes: dashes, never "None".
    assert "None" not in oldest["text"] and "—" in oldest["text"]


def test_english_history_shows_labels_not_codes(history_page):
    newest = history_page("en").rows[0]
    assert "Filed with the IP Department" in newest["bdi"] and "Returned" in newest["bdi"]
    assert "filed" not in newest["bdi"] and "None" not in newest["text"]
