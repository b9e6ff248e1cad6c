"""Calling a service from a form page: its refusal becomes the form's errors.

``craftsreg.views.call_service`` shows a service's ``ValidationError`` as messages (or as errors of
the whole form). A page that re-renders its form wants more: an error the service raised for a
field (``ValidationError({"phone": ...})``, e.g. from ``full_clean``) belongs under that field, as
if the form itself had found it. This is that variant.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError, *, field: str | None = None) -> None:
    """Put ``error``'s messages on ``form``: each under the field it names when the form has that
    field, the rest under ``field`` (``None``: the whole form). A field the form does not show
    never raises (Django's ``add_error`` would, a 500 for the user)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


def call_service_on_form(
    form, service: Callable[..., Any], /, *, field: str | None = None, **kwargs
) -> tuple[bool, Any]:
    """Run ``service(**kwargs)``: ``(True, result)``, or ``(False, None)`` when it refuses with
    ``ValidationError`` — its messages are then on ``form`` (see :func:`add_service_errors`),
    ready for the page to render again."""
    try:
        return True, service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error, field=field)
        return False, None
