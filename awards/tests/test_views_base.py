"""awards.views.base.submit_form: a valid form's fields go to the service by name (or by the
form's service_names), and the service's refusals become the form's errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from awards.views.base import submit_form


class VisitLikeForm(forms.Form):
    service_names = {"members_present": "members"}

    notes = forms.CharField()
    members_present = forms.IntegerField()


def _request():
    return RequestFactory().post("/")


def test_the_fields_go_to_the_service_under_their_service_names():
    received = {}

    def service(**kwargs):
        received.update(kwargs)

    form = VisitLikeForm({"notes": "fine", "members_present": "2"})
    assert submit_form(_request(), form, service, by="chair") is True
    assert received == {"by": "chair", "notes": "fine", "members": 2}


def test_an_invalid_form_never_reaches_the_service():
    def service(**kwargs):  # pragma: no cover - must not be called
        raise AssertionError("called")

    form = VisitLikeForm({"notes": "", "members_present": "x"})
    assert submit_form(_request(), form, service) is False
    assert set(form.errors) == {"notes", "members_present"}


def test_a_refusal_becomes_the_forms_error():
    def service(**kwargs):
        raise ValidationError("The date of a visit cannot be in the future.")

    form = VisitLikeForm({"notes": "fine", "members_present": "2"})
    assert submit_form(_request(), form, service) is False
    assert form.non_field_errors() == ["The date of a visit cannot be in the future."]
