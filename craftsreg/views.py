"""What every app's views share when they act: calling a service that may refuse."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError


def call_service(
    request, service: Callable[..., Any], /, *, form=None, prefix: str = "", **kwargs
) -> tuple[bool, Any]:
    """Run ``service(**kwargs)`` and say whether it went through: ``(True, result)``.

    A service refuses with ``ValidationError`` and changes nothing; its messages are shown to the
    user — as the form's errors when the page is re-rendered with ``form``, otherwise as messages
    on the page the view redirects to — each prefixed with ``prefix`` (e.g. a category's name)
    when several things are acted on from one page. Returns ``(False, None)`` then.
    """
    try:
        return True, service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            text = f"{prefix}: {message}" if prefix else message
            if form is not None:
                form.add_error(None, text)
            else:
                messages.error(request, text)
        return False, None
