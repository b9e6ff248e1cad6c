"""The portal's one-button actions (withdraw a request or an entry): POST, call the service,
back to the list with a message saying it is done — or, from ``craftsreg.views.call_service``,
why the service refused."""

from django.contrib import messages
from django.shortcuts import redirect

from craftsreg.views import call_service


def act_and_return(request, service, /, *, done: str, to: str, **kwargs):
    """Call ``service(by=request.user, **kwargs)`` and redirect to the URL named ``to``."""
    acted, _result = call_service(request, service, by=request.user, **kwargs)
    if acted:
        messages.success(request, done)
    return redirect(to)
