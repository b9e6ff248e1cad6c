"""Filing, returning and depositing act on a batch's designs together, with the act's dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from designs import services
from designs.models import DepositBatch, Design
from designs.tests.factories import DesignFactory
from designs.tests.factories import preparing_batch as make_preparing_batch

pytestmark = pytest.mark.django_db

FILED_ON = datetime.date(2018, 3, 11)


@pytest.fixture
def preparing_batch():
    return make_preparing_batch("2018-02")


def test_filing_a_batch_files_its_designs_with_the_filing_date(preparing_batch, design_officer):
    assert services.batch_file(batch=preparing_batch, filed_on=FILED_ON, by=design_officer) == 3
    preparing_batch.refresh_from_db()
    assert preparing_batch.status == DepositBatch.Status.FILED
    assert preparing_batch.filed_on == FILED_ON
    designs = Design.objects.filter(batch=preparing_batch)
    assert {(d.status, d.status_date) for d in designs} == {(Design.Status.FILED, FILED_ON)}
    assert designs[0].history.first().history_user == design_officer


def test_filing_is_refused_for_a_future_date_or_a_filed_batch(preparing_batch):
    with pytest.raises(ValidationError):
        services.batch_file(batch=preparing_batch, filed_on=datetime.date(2999, 1, 1))
    assert not Design.objects.filter(status=Design.Status.FILED).exists()
    services.batch_file(batch=preparing_batch, filed_on=FILED_ON)
    with pytest.raises(ValidationError, match="already filed"):
        services.batch_file(batch=preparing_batch, filed_on=FILED_ON)


def test_depositing_a_whole_batch_uses_the_certificate_date(preparing_batch):
    services.batch_file(batch=preparing_batch, filed_on=FILED_ON)
    rows = [services.DepositRow(None, f"2018-02-000{n}", f"CR-{n}", None) for n in (1, 2, 3)]
    certificate_date = datetime.date(2018, 6, 1)
    services.batch_mark_deposited(batch=preparing_batch, rows=rows, default_date=certificate_date)
    preparing_batch.refresh_from_db()
    assert preparing_batch.status == DepositBatch.Status.CERTIFICATES_RECEIVED
    assert {d.status_date for d in preparing_batch.designs.all()} == {certificate_date}


def test_returning_a_batch_returns_its_filed_designs_with_the_reason(preparing_batch):
    services.batch_file(batch=preparing_batch, filed_on=FILED_ON)
    with pytest.raises(ValidationError, match="reason"):
        services.batch_return(batch=preparing_batch, returned_on=FILED_ON, reason=" ")
    with pytest.raises(ValidationError, match="before the batch's filing date"):
        services.batch_return(
            batch=preparing_batch, returned_on=datetime.date(2018, 1, 1), reason="Drawings"
        )
    returned_on = datetime.date(2018, 4, 2)
    count = services.batch_return(
        batch=preparing_batch, returned_on=returned_on, reason="Drawings missing"
    )
    assert count == 3
    design = preparing_batch.designs.first()
    assert (design.status, design.status_date) == (Design.Status.RETURNED, returned_on)
    assert design.status_reason == "Drawings missing"
    assert design.history.first().history_change_reason == "Drawings missing"
    preparing_batch.refresh_from_db()
    assert preparing_batch.status == DepositBatch.Status.PREPARING
    # Corrected, the batch is filed again with its returned designs.
    assert services.batch_file(batch=preparing_batch, filed_on=datetime.date(2018, 4, 9)) == 3


def test_a_bulk_status_change_is_all_or_nothing(preparing_batch):
    deposited = DesignFactory()
    drafts = list(preparing_batch.designs.all())
    with pytest.raises(ValidationError) as error:
        services.designs_change_status(
            designs=[*drafts, deposited], to=Design.Status.WITHDRAWN, on=FILED_ON, reason="Asked"
        )
    assert len(error.value.messages) == 1 and deposited.number in error.value.messages[0]
    assert not Design.objects.filter(status=Design.Status.WITHDRAWN).exists()
    with pytest.raises(ValidationError, match="reason"):
        services.designs_change_status(designs=drafts, to=Design.Status.WITHDRAWN, on=FILED_ON)
    services.designs_change_status(
        designs=drafts, to=Design.Status.WITHDRAWN, on=FILED_ON, reason="Artisan asked"
    )
    assert set(preparing_batch.designs.values_list("status", "status_reason")) == {
        (Design.Status.WITHDRAWN, "Artisan asked")
    }


def test_the_admin_files_a_batch_and_proposes_the_next_number(
    client, design_officer, preparing_batch
):
    client.force_login(design_officer)
    with translation.override("en"):
        add = client.get(reverse("admin:designs_design_add") + f"?batch={preparing_batch.pk}")
        assert add.context["adminform"].form.initial["suffix"] == 4
        url = reverse("admin:designs_depositbatch_file", args=[preparing_batch.pk])
        refused = client.post(url, {"on": "2999-01-01", "apply": "1"})
        assert "cannot be in the future" in refused.content.decode()
        response = client.post(url, {"on": "٢٠١٨-٠٣-١١", "apply": "1"})
    assert response.status_code == 302
    assert set(preparing_batch.designs.values_list("status", "status_date")) == {
        (Design.Status.FILED, FILED_ON)
    }


def test_the_design_list_action_withdraws_with_a_reason(client, design_officer, preparing_batch):
    client.force_login(design_officer)
    pks = list(preparing_batch.designs.values_list("pk", flat=True))
    with translation.override("en"):
        url = reverse("admin:designs_design_changelist")
        page = client.post(url, {"action": "mark_withdrawn", "_selected_action": pks})
        assert page.status_code == 200 and "Date withdrawn" in page.content.decode()
        missing = client.post(
            url,
            {"action": "mark_withdrawn", "_selected_action": pks, "apply": "1", "on": "2018-03-01"},
        )
        assert "This field is required" in missing.content.decode()
        done = client.post(
            url,
            {
                "action": "mark_withdrawn",
                "_selected_action": pks,
                "apply": "1",
                "on": "2018-03-01",
                "reason": "The artisan asked",
            },
        )
    assert done.status_code == 302
    assert set(preparing_batch.designs.values_list("status", flat=True)) == {"withdrawn"}
