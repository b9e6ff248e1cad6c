import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from designs.models import DepositBatch, Design
from designs.services import DepositImportError, batch_mark_deposited, parse_deposit_csv
from designs.tests.factories import DepositBatchFactory, DesignFactory

pytestmark = pytest.mark.django_db


def csv_file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("certificates.csv", text.encode(encoding), "text/csv")


@pytest.fixture
def filed_batch():
    batch = DepositBatchFactory(number="2018-01", filed_on=datetime.date(2018, 3, 11))
    for suffix in (1, 2, 3):
        DesignFactory(batch=batch, suffix=suffix, hidden=True)
    return batch


def mark(batch, text, default_date=None):
    return batch_mark_deposited(
        batch=batch, rows=parse_deposit_csv(csv_file(text)), default_date=default_date
    )


def test_designs_are_marked_deposited_with_their_certificates(filed_batch):
    updated = mark(
        filed_batch,
        "design_number,certificate_number,certificate_date\n"
        "2018-01-0001,CR-2018-0001,2018-06-01\n"
        "2018-01-0002,CR-2018-0002,\n",
        default_date=datetime.date(2018, 6, 3),
    )
    assert len(updated) == 2
    first = Design.objects.get(number="2018-01-0001")
    assert first.status == Design.Status.DEPOSITED
    assert first.certificate_number == "CR-2018-0001"
    assert first.certificate_date == datetime.date(2018, 6, 1)
    assert first.status_date == datetime.date(2018, 6, 1)
    assert Design.objects.get(number="2018-01-0002").certificate_date == datetime.date(2018, 6, 3)
    # One design still waits, so the batch is still "filed".
    filed_batch.refresh_from_db()
    assert filed_batch.status == DepositBatch.Status.FILED


def test_batch_is_complete_when_no_design_waits(filed_batch):
    mark(
        filed_batch,
        "design_number,certificate_number\n2018-01-0001,A1\n2018-01-0002,A2\n2018-01-0003,A3\n",
        default_date=datetime.date(2018, 6, 3),
    )
    filed_batch.refresh_from_db()
    assert filed_batch.status == DepositBatch.Status.CERTIFICATES_RECEIVED


def test_arabic_headers_and_arabic_indic_digits_are_read(filed_batch):
    mark(
        filed_batch,
        "رقم التصميم,رقم الشهادة,تاريخ الشهادة\n٢٠١٨-٠١-٠٠٠١,CR-٧,٢٠١٨-٠٦-٠١\n",
    )
    assert Design.objects.get(number="2018-01-0001").certificate_number == "CR-7"


def test_one_bad_row_changes_nothing_and_every_problem_is_listed(filed_batch):
    DesignFactory(batch=DepositBatchFactory(), certificate_number="TAKEN")
    text = (
        "design_number,certificate_number,certificate_date\n"
        "2018-01-0001,CR-1,2018-06-01\n"  # fine
        "2018-01-0009,CR-2,2018-06-01\n"  # no such design
        "2018-01-0002,TAKEN,2018-06-01\n"  # certificate already used
        "2018-01-0003,CR-1,2018-06-01\n"  # certificate twice in the file
        "2018-01-0001,CR-5,2018-06-01\n"  # design twice in the file
    )
    with pytest.raises(DepositImportError) as error:
        mark(filed_batch, text)
    lines = {row.line: row.message for row in error.value.errors}
    assert set(lines) == {3, 4, 5, 6}
    assert "no design 2018-01-0009" in lines[3]
    assert "already belongs to design 2017-01-" in lines[4]
    assert "listed twice (also on line 2)" in lines[5]
    assert "listed twice (also on line 2)" in lines[6]
    assert not Design.objects.filter(batch=filed_batch, status=Design.Status.DEPOSITED).exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2018-01-0001,,2018-06-01", "certificate number is missing"),
        ("2018-01-0001,CR-1,2030-01-01", "in the future"),
        ("2018-01-0001,CR-1,2018-01-01", "before the batch's filing date"),
        ("2018-01-0001,CR-1,", "certificate date is missing"),
        ("2018-01-0001,CR-1,1st June", "is not a date"),
        (",CR-1,2018-06-01", "design number is missing"),
    ],
)
def test_bad_rows_are_refused_with_a_message(filed_batch, row, expected):
    with pytest.raises(DepositImportError) as error:
        mark(filed_batch, f"design_number,certificate_number,certificate_date\n{row}\n")
    assert expected in error.value.errors[0].message
    assert error.value.errors[0].line == 2
    assert not Design.objects.filter(status=Design.Status.DEPOSITED, batch=filed_batch).exists()


def test_only_filed_designs_can_be_marked_deposited(filed_batch):
    DesignFactory(
        batch=filed_batch,
        suffix=9,
        status=Design.Status.DRAFT,
        certificate_number="",
        certificate_date=None,
    )
    with pytest.raises(DepositImportError) as error:
        mark(
            filed_batch,
            "design_number,certificate_number\n2018-01-0009,X\n",
            datetime.date(2018, 6, 1),
        )
    assert "only filed designs" in error.value.errors[0].message


def test_a_batch_in_preparation_is_refused():
    batch = DepositBatchFactory(
        number="2019-01", status=DepositBatch.Status.PREPARING, filed_on=None
    )
    with pytest.raises(DepositImportError) as error:
        mark(batch, "design_number,certificate_number\n2019-01-0001,X\n", datetime.date(2019, 6, 1))
    assert "not been filed" in error.value.errors[0].message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"number,certificate\n1,2\n", "must name the columns"),
        ("design_number,certificate_number\n".encode("utf-16"), "not UTF-8"),
        (b"design_number,certificate_number\n", "no design rows"),
        (b"design_number,certificate_number\n\x00\x01,2\n", "not a CSV text file"),
    ],
)
def test_unreadable_files_are_refused(content, expected):
    with pytest.raises(DepositImportError) as error:
        parse_deposit_csv(SimpleUploadedFile("x.csv", content))
    assert expected in error.value.errors[0].message


def test_one_upload_reports_every_rows_every_problem(filed_batch):
    """The officer's three bad lines: all reported at once, with a line's several problems."""
    DesignFactory(batch=DepositBatchFactory(), certificate_number="TAKEN")
    text = (
        "design_number,certificate_number,certificate_date,filing_number\n"
        "2018-01-0001,CR-1,14 May,IP-1\n"  # a bad date
        "2018-01-0009,CR-2,2018-06-01,IP-2\n"  # an unknown design
        "2018-01-0002,TAKEN,2018-06-01,IP-3\n"  # a certificate already used
        "2018-01-0077,TAKEN,2030-01-01,IP-4\n"  # unknown design, used certificate, future date
    )
    with pytest.raises(DepositImportError) as error:
        mark(filed_batch, text)
    by_line = {}
    for row in error.value.errors:
        by_line.setdefault(row.line, []).append(row.message)
    assert sorted(by_line) == [2, 3, 4, 5]
    assert "is not a date" in by_line[2][0]
    assert "no design 2018-01-0009" in by_line[3][0]
    assert "already belongs to design" in by_line[4][0]
    assert len(by_line[5]) == 3
    assert {row.design_number for row in error.value.errors if row.line == 5} == {"2018-01-0077"}
    assert not Design.objects.filter(batch=filed_batch, status=Design.Status.DEPOSITED).exists()


def test_the_filing_number_column_is_recorded(filed_batch):
    mark(
        filed_batch,
        "design_number,certificate_number,certificate_date,رقم الإيداع\n"
        "2018-01-0001,CR-1,2018-06-01,IP/٢٠١٨/٧\n",
    )
    assert Design.objects.get(number="2018-01-0001").filing_number == "IP/2018/7"
