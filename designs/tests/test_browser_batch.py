"""Design officers' journeys in the browser: a whole batch filed and deposited in a few actions,
the one-pass CSV report, and a certificate scan only staff can open.

No axe check here: these are Django admin pages, whose stock breadcrumbs axe flags
(link-in-text-block) on every admin page alike; the admin theme is handled as one.
"""

import datetime

import pytest
from playwright.sync_api import expect

from designs.models import DepositBatch, Design
from designs.tests.factories import DepositBatchFactory, DesignFactory
from designs.tests.factories import preparing_batch as make_preparing_batch

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def preparing_batch(design_reference_data):
    return make_preparing_batch("2019-01")


def sign_in(page, username="officer", password="officer-pw"):
    page.goto("/ar/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()


def test_officer_files_and_deposits_a_whole_batch_in_a_few_actions(
    page, preparing_batch, design_officer, tmp_path
):
    sign_in(page)
    # 1. From the batch list: choose the batch and the "file" action.
    page.goto("/ar/admin/designs/depositbatch/")
    page.locator(f"input[name=_selected_action][value='{preparing_batch.pk}']").check()
    page.locator("select[name=action]").select_option("file_batch")
    page.locator("button[name=index]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("تقديم الدفعة")
    expect(page.locator(".designs-act-list li")).to_have_count(3)
    # 2. The act's date, once, for the batch and its three designs.
    page.get_by_label("تاريخ التقديم").fill("2019-03-10")
    page.locator("input[name=apply]").click()
    expect(page.locator(".messagelist")).to_contain_text("قُدِّمت الدفعة")
    filed = datetime.date(2019, 3, 10)
    assert set(preparing_batch.designs.values_list("status", "status_date")) == {
        (Design.Status.FILED, filed)
    }

    # 3. The certificates arrive: one CSV for the whole batch, dated by the certificates.
    csv_file = tmp_path / "certificates.csv"
    csv_file.write_text(
        "design_number,certificate_number,certificate_date,filing_number\n"
        + "".join(f"2019-01-000{n},CR-2019-000{n},2019-05-02,IP-19-{n}\n" for n in (1, 2, 3)),
        encoding="utf-8",
    )
    page.get_by_role("link", name="تسجيل الشهادات (الإيداع)").click()
    page.locator("input[name=file]").set_input_files(str(csv_file))
    page.locator("input[type=submit].default").click()
    expect(page.locator(".messagelist")).to_contain_text("3")
    preparing_batch.refresh_from_db()
    assert preparing_batch.status == DepositBatch.Status.CERTIFICATES_RECEIVED
    assert set(preparing_batch.designs.values_list("status", "status_date", "filing_number")) == {
        (Design.Status.DEPOSITED, datetime.date(2019, 5, 2), f"IP-19-{n}") for n in (1, 2, 3)
    }
    # The history tells the story in Arabic.
    design = preparing_batch.designs.get(suffix=1)
    page.goto(f"/ar/admin/designs/design/{design.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("مقدَّم إلى دائرة الملكية الفكرية ← مودَع")
    expect(page.locator("#change-history")).not_to_contain_text("None")


def test_the_deposit_csv_reports_every_problem_in_one_pass(
    page, design_reference_data, design_officer, tmp_path
):
    batch = DepositBatchFactory(number="2018-01", filed_on=datetime.date(2018, 3, 11))
    for suffix in (1, 2):
        DesignFactory(batch=batch, suffix=suffix, hidden=True)
    DesignFactory(batch=DepositBatchFactory(number="2017-01"), certificate_number="CR-TAKEN")
    csv_file = tmp_path / "certificates.csv"
    csv_file.write_text(
        "design_number,certificate_number,certificate_date\n"
        "2018-01-0001,CR-1,14 May 2018\n"  # not a date
        "2018-01-0009,CR-2,2018-05-14\n"  # no such design
        "2018-01-0002,CR-TAKEN,2018-05-14\n",  # certificate already used
        encoding="utf-8",
    )
    sign_in(page)
    page.goto(f"/ar/admin/designs/depositbatch/{batch.pk}/mark-deposited/")
    page.locator("input[name=file]").set_input_files(str(csv_file))
    page.locator("input[type=submit].default").click()

    rows = page.locator("#row-errors tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("2")
    expect(page.locator("#row-errors")).to_contain_text("2018-01-0009")
    expect(page.locator("#row-errors")).to_contain_text("CR-TAKEN")
    assert not batch.designs.filter(status=Design.Status.DEPOSITED).exists()


def test_a_certificate_scan_is_uploaded_and_opened_by_staff_only(
    page, chromium, live_server, design_reference_data, design_officer, django_user_model, tmp_path
):
    design = DesignFactory()
    scan = tmp_path / "certificate.pdf"
    scan.write_bytes(PDF)
    sign_in(page)
    page.goto(f"/ar/admin/designs/design/{design.pk}/change/")
    page.get_by_label("رقم الإيداع لدى دائرة الملكية الفكرية").fill("IP/2017/12")
    page.locator("input[name=certificate_scan]").set_input_files(str(scan))
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    link = page.get_by_role("link", name="عرض الملف الحالي")
    href = link.get_attribute("href")
    assert "/media/" not in href
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == PDF

    # Someone else on the staff, and a visitor, are refused.
    django_user_model.objects.create_user("clerk", password="clerk-pw", is_staff=True)
    for credentials in (("clerk", "clerk-pw"), None):
        context = chromium.new_context(base_url=live_server.url)
        other = context.new_page()
        if credentials:
            sign_in(other, *credentials)
        refused = other.request.get(href, max_redirects=0)
        assert refused.status in (302, 403)
        assert refused.body() != PDF
        context.close()
