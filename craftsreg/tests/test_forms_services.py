"""A service's refusal shown on the form that called it (craftsreg.forms_services)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from craftsreg.forms_services import add_service_errors, call_service_on_form


class PhoneForm(forms.Form):
    phone = forms.CharField(required=False)
    code = forms.CharField(required=False)


def _bound() -> PhoneForm:
    form = PhoneForm({"phone": "9123", "code": "1"})
    assert form.is_valid()
    return form


def test_an_error_for_a_field_of_the_form_goes_under_that_field():
    form = _bound()
    add_service_errors(form, ValidationError({"phone": "Not an Omani number."}))
    assert form.errors == {"phone": ["Not an Omani number."]}
    assert "phone" not in form.cleaned_data  # as if the form had found it


def test_an_error_for_a_field_the_form_lacks_goes_to_the_whole_form_not_a_500():
    form = _bound()
    add_service_errors(form, ValidationError({"privacy_notice_version": "Missing."}))
    assert form.non_field_errors() == ["Missing."]


def test_a_plain_refusal_goes_to_the_field_named_or_to_the_whole_form():
    form = _bound()
    add_service_errors(form, ValidationError("That code does not work.", code="bad"), field="code")
    assert form.errors == {"code": ["That code does not work."]}
    assert form.has_error("code", "bad")  # the error's code is kept
    other = _bound()
    add_service_errors(other, ValidationError(["One.", "Two."]))
    assert other.non_field_errors() == ["One.", "Two."]


def test_call_service_on_form_returns_the_result_or_puts_the_refusal_on_the_form():
    form = _bound()
    assert call_service_on_form(form, lambda *, value: value * 2, value=21) == (True, 42)
    assert form.errors == {}

    def refuse(**kwargs):
        raise ValidationError({"phone": "Taken.", "__all__": "Not now."})

    assert call_service_on_form(form, refuse) == (False, None)
    assert form.errors["phone"] == ["Taken."]
    assert form.non_field_errors() == ["Not now."]


def test_an_error_other_than_a_refusal_is_not_swallowed():
    def broken(**kwargs):
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        call_service_on_form(_bound(), broken)
