"""The portal's one-button actions (withdraw a request or an entry): POST, call the service,
back to the list with a message saying it is done — or, from ``craftsreg.views.call_service``,
why the service refused."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from craftsreg.views import call_service
from portal.access import artisan_required


def act_and_return(request, service, /, *, done: str, to: str, **kwargs):
    """Call ``service(by=request.user, **kwargs)`` and redirect to the URL named ``to``."""
    acted, _result = call_service(request, service, by=request.user, **kwargs)
    if acted:
        messages.success(request, done)
    return redirect(to)


def withdraw_view(service, /, *, own, argument: str, done: str, to: str):
    """The view withdrawing one of the signed-in artisan's own requests or entries: ``own(request,
    pk)`` finds it among theirs (a 404 for anyone else's), ``service`` gets it as ``argument``;
    then back to the URL named ``to`` with ``done`` (a lazy translation)."""

    @require_POST
    @artisan_required
    def view(request, pk):
        return act_and_return(request, service, done=done, to=to, **{argument: own(request, pk)})

    return view
