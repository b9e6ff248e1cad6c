"""Deciding requests in the admin with buttons: the portal's change and card requests, the
award's entries (requests that follow ``craftsreg.requests.DecidedRequest``).

The change page of such a request is read-only; a box under it (``admin/decision_form.html``)
holds the buttons, each posting to a view of its own. Every button does the same: look the
request up (404 outside the user's scope, 403 without the right to decide), call one service,
show its refusal — or the success — as a message, and go back to the request's page (or on to
what the decision made). :class:`DecisionAdminMixin` is that, once.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from craftsreg.admin import admin_page


class DeclineForm(forms.Form):
    """The reason a declined request gives; the person who asked reads it."""

    reason = forms.CharField(
        label=_("Reason for declining (the artisan reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# A button's work: call the service, return the success message and where to go next (None:
# back to the request's page). Refusing is raising ValidationError.
Decision = Callable[[], tuple[str, HttpResponse | None]]


class DecisionAdminMixin:
    """On a ModelAdmin (before the admin class): the read-only change page with its decision box
    and its two buttons' views, at ``<object>/<accept_route>/`` and ``<object>/decline/`` (named
    ``<app>_<model>_<accept_route>`` and ``<app>_<model>_decline``). The admin says what each
    does: ``accept(request, obj)`` calls its service and returns what a Decision returns,
    ``decline(obj, user, reason)`` calls its declining service, and
    ``decline_reason_missing`` and ``declined_message`` are what declining says."""

    accept_route = "accept"
    decline_reason_missing = _("Say why the request is declined: the artisan reads the reason.")
    declined_message = _("The request is declined; the artisan is told by e-mail.")

    def get_urls(self):
        return [
            admin_page(
                self, f"<path:object_id>/{self.accept_route}/", self.accept_view, self.accept_route
            ),
            admin_page(self, "<path:object_id>/decline/", self.decline_view, "decline"),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def accept_view(self, request, object_id):
        obj = self.object_to_decide(request, object_id)
        return self.decide(request, obj, lambda: self.accept(request, obj))

    @method_decorator(require_POST)
    def decline_view(self, request, object_id):
        obj = self.object_to_decide(request, object_id)

        def decline():
            reason = self.posted_decline_reason(request, str(self.decline_reason_missing))
            self.decline(obj, request.user, reason)
            return str(self.declined_message), None

        return self.decide(request, obj, decline)

    def may_decide(self, request, obj) -> bool:
        """Whether the user may press the buttons for ``obj`` (may be narrowed further)."""
        return self.has_change_permission(request, obj)

    def decision_context(self, request, obj) -> dict:
        """What the decision box of ``obj``'s change page shows: the buttons while the request
        waits for a decision (``is_pending``) and the user ``may_decide``, the decline form. An
        admin adds what its box needs besides."""
        return {
            "may_decide": obj.is_pending and self.may_decide(request, obj),
            "decline_form": DeclineForm(),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context.update(self.decision_context(request, obj))
        # Everything is read-only: decisions have their own buttons, there is nothing to save.
        extra_context.update(show_save=False, show_save_and_continue=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def object_to_decide(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.may_decide(request, obj):
            raise PermissionDenied
        return obj

    def back_to(self, obj) -> HttpResponse:
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", obj.pk)

    def posted_decline_reason(self, request, missing: str) -> str:
        """The reason posted with the decline button; ``missing`` is the refusal without one."""
        form = DeclineForm(request.POST)
        if not form.is_valid():
            raise ValidationError(missing)
        return form.cleaned_data["reason"]

    def decide(self, request, obj, decision: Decision) -> HttpResponse:
        """Run ``decision``: its success message, or the refusal's messages as one error."""
        try:
            message, response = decision()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self.back_to(obj)
        self.message_user(request, message, messages.SUCCESS)
        return response or self.back_to(obj)
