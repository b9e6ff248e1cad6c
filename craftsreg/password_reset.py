"""The four pages of resetting a password by e-mail, as URL patterns (the admin's and the
portal's flows are the same steps with their own views and templates)."""

from django.urls import path


def password_reset_urls(reset, done, confirm, complete, *, first_name="password_reset") -> list:
    """Patterns for ``include()`` under a prefix such as "password-reset/": ask for the e-mail
    (named ``first_name``), "sent", the link from the e-mail, and "done". The arguments are the
    view classes (Django's ``auth.views`` or subclasses of them). The names of the last three are
    Django's own, which its views reverse."""
    return [
        path("", reset.as_view(), name=first_name),
        path("sent/", done.as_view(), name="password_reset_done"),
        path("<uidb64>/<token>/", confirm.as_view(), name="password_reset_confirm"),
        path("done/", complete.as_view(), name="password_reset_complete"),
    ]
