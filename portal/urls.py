"""The artisans' portal, at /<lang>/portal/. Whose data each page shows comes from the signed-in
user (portal.access), so no URL here carries an artisan's or an account's id."""

from django.urls import include, path

from craftsreg.password_reset import password_reset_urls
from portal.views import accounts, home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign_in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign_out"),
    path("sign-up/", accounts.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", accounts.verify_email_sent, name="verify_email_sent"),
    path("verify-email/<str:token>/", accounts.verify_email, name="verify_email"),
    # The portal's own templates: portal.views.accounts subclasses Django's four views.
    *password_reset_urls("password-reset/", start_name="password_reset", views=accounts),
    path("link/", accounts.link_record, name="link"),
    path("record/", home.record, name="record"),
    path("privacy/", home.privacy, name="privacy"),
    # Change and card requests, award entries, the person's own data (portal/urls_self_service.py).
    path("", include("portal.urls_self_service")),
]
