"""Recording a decision on a request staff decide (craftsreg.requests.DecidedRequest)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from craftsreg.requests import DecidedRequest


def test_the_base_is_abstract_and_orders_the_newest_first():
    assert DecidedRequest._meta.abstract
    assert DecidedRequest._meta.ordering == ["-submitted_at", "-pk"]


def _request():
    # Any concrete request will do; the rule is the base's own (no database needed).
    from portal.models import CardRequest

    return CardRequest(status="pending")


def test_an_approval_records_status_who_and_when_and_names_the_fields_it_set():
    request, staff = _request(), get_user_model()(username="registrar")
    before = timezone.now()
    fields = request.record_decision("approved", by=staff)
    assert (request.status, request.decided_by) == ("approved", staff)
    assert request.decided_at >= before
    assert fields == ["status", "decided_by", "decided_at"]
    assert request.decline_reason == ""


def test_a_refusal_records_its_reason_and_the_time_given():
    request, staff = _request(), get_user_model()(username="registrar")
    when = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    fields = request.record_decision("declined", by=staff, reason="Photo unclear.", now=when)
    assert (request.status, request.decline_reason, request.decided_at) == (
        "declined",
        "Photo unclear.",
        when,
    )
    assert fields == ["status", "decided_by", "decided_at", "decline_reason"]
