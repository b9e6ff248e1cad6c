"""Sign-up, sign-in, e-mail and link-code forms of the portal."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from artisans.models import civil_number_validator
from craftsreg.digits import DigitsFormField, normalize_number
from craftsreg.phones import PhoneFormField
from portal.models.accounts import CODE_DIGITS


def normalize_email(value: str) -> str:
    """One spelling per address: the whole address in lower case (people type it anyhow)."""
    return (value or "").strip().lower()


class SignUpForm(forms.Form):
    civil_number = DigitsFormField(
        label=_("Civil number"),
        max_length=20,
        validators=[civil_number_validator],
        help_text=_("As on your ID card; Arabic-Indic digits are accepted."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    mobile = PhoneFormField(label=_("Mobile number"))
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        help_text=_("We send a link to this address to check it is yours."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your full name."), code="required")
        return name

    def clean(self):
        cleaned_data = super().clean()
        first, second = cleaned_data.get("password1"), cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Type the same one twice."))
        elif first and cleaned_data.get("email"):
            # The same rules as for staff (AUTH_PASSWORD_VALIDATORS), judged against what the
            # person typed: a password like their name or address is refused.
            probe = get_user_model()(
                username=cleaned_data["email"],
                email=cleaned_data["email"],
                first_name=cleaned_data.get("name", "")[:150],
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form (django-axes counts its failures) with the e-mail as user name.

    A staff member's or judge's correct password is refused with the same words as a wrong one:
    the portal is for artisans, and the message must not tell what kind of account exists.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "dir": "ltr"}),
    )

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is wrong."),
    }

    def clean_username(self):
        return normalize_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        from portal.access import is_portal_user

        super().confirm_login_allowed(user)
        if not is_portal_user(user):
            raise self.get_invalid_login_error()


class LinkCodeForm(forms.Form):
    code = DigitsFormField(
        label=_("Code from the registrar"),
        max_length=40,
        help_text=_("The %(digits)s digits on the paper or message from your governorate's office.")
        % {"digits": CODE_DIGITS},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )

    def clean_code(self):
        code = normalize_number(self.cleaned_data["code"])
        if not code.isdigit() or len(code) != CODE_DIGITS:
            raise ValidationError(
                _("The code has %(digits)s digits. Check it and type it again.")
                % {"digits": CODE_DIGITS},
                code="format",
            )
        return code


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form for portal accounts only: staff reset their password in the admin."""

    def get_users(self, email):
        return (
            user
            for user in super().get_users(normalize_email(email))
            if not user.is_staff and hasattr(user, "artisan_account")
        )
