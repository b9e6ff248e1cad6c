"""The pages of a password reset by e-mail as URL patterns, for every URLconf that offers one."""

from django.contrib.auth import views as auth_views
from django.urls import path


def password_reset_urls(prefix: str, *, start_name: str, views=auth_views) -> list:
    """Ask (``prefix``), ``sent/``, ``<uidb64>/<token>/`` (the new password) and ``done/``.

    ``views`` holds the four view classes under Django's names: ``django.contrib.auth.views``,
    or an app's module of subclasses with its own templates. Only the first page's name is the
    URLconf's choice; the other three keep the names Django's views reverse to.
    """
    return [
        path(prefix, views.PasswordResetView.as_view(), name=start_name),
        path(f"{prefix}sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path(
            f"{prefix}<uidb64>/<token>/",
            views.PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path(
            f"{prefix}done/",
            views.PasswordResetCompleteView.as_view(),
            name="password_reset_complete",
        ),
    ]
