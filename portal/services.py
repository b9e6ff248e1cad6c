"""Writes of the portal: accounts, linking an account to a registered artisan, and deciding
registration applications. Each runs in one transaction; what it refuses, it refuses with a
ValidationError whose message is shown as is.

E-mails are sent by the views (portal.emails), after these return: a service knows no request,
and the mails need the site's address.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans.models import Artisan
from portal.models import Application, ApplicationEvent, ApplicationStatus, ArtisanAccount
from portal.models.accounts import LinkCode, hash_link_code, new_link_code

# --- accounts --------------------------------------------------------------------------------


def email_taken(email: str) -> bool:
    user_model = get_user_model()
    return user_model.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()


@transaction.atomic
def account_sign_up(
    *, email: str, password: str, civil_number: str, name: str, mobile: str, language: str
) -> ArtisanAccount | None:
    """A new portal account, its e-mail not yet verified; None when the address is taken.

    The caller answers the same either way (no one learns who has an account): it mails the
    new account a verification link, or the address's owner a note that someone tried.
    """
    if email_taken(email):
        return None
    user_model = get_user_model()
    user = user_model(username=email, email=email, first_name=name[:150])
    user.set_password(password)
    try:
        # A savepoint: two sign-ups with one address at the same moment make one account.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return None
    account = ArtisanAccount(
        user=user, civil_number=civil_number, name=name, mobile=mobile, language=language
    )
    account.full_clean(exclude=["user"])
    account.save()
    return account


@transaction.atomic
def account_verify_email(*, account: ArtisanAccount) -> ArtisanAccount:
    account = ArtisanAccount.objects.select_for_update().get(pk=account.pk)
    if account.email_verified_at is None:
        account.email_verified_at = timezone.now()
        account.save(update_fields=["email_verified_at"])
    return account


@transaction.atomic
def account_consent(*, account: ArtisanAccount) -> ArtisanAccount:
    """Record consent to the privacy notice now in force."""
    account = ArtisanAccount.objects.select_for_update().get(pk=account.pk)
    account.privacy_consent_at = timezone.now()
    account.privacy_notice_version = settings.CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION
    account.save(update_fields=["privacy_consent_at", "privacy_notice_version"])
    return account


# --- linking an account to a registered artisan -------------------------------------------------


@transaction.atomic
def link_code_issue(*, artisan: Artisan, by) -> tuple[LinkCode, str]:
    """A new one-time code for ``artisan``: (the stored row, the code to show once).

    Codes of the same artisan not yet used are withdrawn: only the newest paper works.
    """
    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    if hasattr(artisan, "portal_account"):
        raise ValidationError(
            _("This artisan's record is already linked to a portal account."), code="linked"
        )
    now = timezone.now()
    LinkCode.objects.filter(artisan=artisan).usable(now).update(revoked_at=now)
    code = new_link_code()
    link_code = LinkCode.objects.create(
        artisan=artisan,
        code_hash=hash_link_code(code),
        created_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.CRAFTSREG_PORTAL_LINK_CODE_DAYS),
    )
    return link_code, code


def _code_error() -> ValidationError:
    return ValidationError(
        _(
            "This code does not work: it may be mistyped, already used, replaced by a newer "
            "code or out of date. Check it, or ask your governorate's office for a new one."
        ),
        code="bad_code",
    )


@transaction.atomic
def account_link(*, account: ArtisanAccount, code: str) -> Artisan:
    """Link ``account`` to the artisan the registrar issued ``code`` for; the code is used up.

    Every reason a code fails (unknown, used, withdrawn, expired) gets the same words: the
    answer must not help anyone guessing codes.
    """
    account = ArtisanAccount.objects.select_for_update().get(pk=account.pk)
    if account.artisan_id is not None:
        raise ValidationError(
            _("Your account is already linked to your record."), code="already_linked"
        )
    now = timezone.now()
    link_code = (
        LinkCode.objects.select_for_update(of=("self",))
        .filter(code_hash=hash_link_code(code))
        .first()
    )
    if link_code is None or link_code.used_at or link_code.revoked_at:
        raise _code_error()
    if link_code.expires_at <= now:
        raise _code_error()
    artisan = Artisan.objects.select_for_update().get(pk=link_code.artisan_id)
    if ArtisanAccount.objects.filter(artisan=artisan).exists():
        raise _code_error()
    link_code.used_at = now
    link_code.used_by = account
    link_code.save(update_fields=["used_at", "used_by"])
    account.artisan = artisan
    account.linked_at = now
    account.save(update_fields=["artisan", "linked_at"])
    return artisan


# --- registration applications ------------------------------------------------------------------


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("account", "governorate", "wilayat", "primary_craft")
        .get(pk=application.pk)
    )


def _event(application, action, by, message: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, action=action, by=by, message=message
    )


@transaction.atomic
def application_submit(*, application: Application, other_crafts, by) -> Application:
    """Save a new application (already cleaned by its form) and its first event."""
    account = ArtisanAccount.objects.select_for_update().get(pk=application.account_id)
    if account.artisan_id is not None:
        raise ValidationError(
            _(
                "Your account is already linked to a registered artisan: there is nothing to "
                "apply for."
            ),
            code="already_registered",
        )
    if Application.objects.of_account(account).open().exists():
        raise ValidationError(
            _("You already have an application in progress: follow it on its page."),
            code="open_application",
        )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.full_clean()
    application.save()
    application.other_crafts.set(other_crafts)
    _event(application, ApplicationEvent.Action.SUBMITTED, by)
    return application


@transaction.atomic
def application_resubmit(*, application: Application, other_crafts, by) -> Application:
    """The applicant's corrected application (already cleaned by its form), back in the queue."""
    current = _locked(application)
    if current.status != ApplicationStatus.CHANGES_REQUESTED:
        raise ValidationError(
            _("This application cannot be changed now: the registrar has it."), code="not_editable"
        )
    application.status = ApplicationStatus.SUBMITTED
    # In time (the application has not lapsed): the deadline no longer applies.
    application.changes_due_on = None
    application.reminded_at = None
    application.full_clean()
    application.save()
    application.other_crafts.set(other_crafts)
    _event(application, ApplicationEvent.Action.RESUBMITTED, by)
    return application


def _refuse_unless_waiting(application: Application) -> None:
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("This application has already been decided (%(status)s).")
            % {"status": application.get_status_display()},
            code="decided",
        )


def changes_due_on(today: datetime.date | None = None) -> datetime.date:
    """The due date of an application returned for changes today."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=settings.CRAFTSREG_APPLICATION_CHANGES_DAYS)


def _decide(application, *, status, by, message) -> Application:
    """Record the decision and its event; a decision's event is named as the status it sets."""
    application.status = status
    application.decision_message = message
    application.decided_at = timezone.now()
    application.decided_by = by
    # Only an application returned for changes waits for the applicant until a date.
    application.changes_due_on = (
        changes_due_on() if status == ApplicationStatus.CHANGES_REQUESTED else None
    )
    application.reminded_at = None
    application.save(
        update_fields=[
            "status",
            "decision_message",
            "decided_at",
            "decided_by",
            "artisan",
            "changes_due_on",
            "reminded_at",
        ]
    )
    _event(application, ApplicationEvent.Action(status), by, message)
    return application


@transaction.atomic
def application_approve(*, application: Application, by) -> Artisan:
    """Register the applicant: a new artisan (with its registration number, through the normal
    save path and history), linked to the applicant's account."""
    application = _locked(application)
    _refuse_unless_waiting(application)
    account = ArtisanAccount.objects.select_for_update().get(pk=application.account_id)
    if account.artisan_id is not None:
        raise ValidationError(
            _("The applicant's account is already linked to artisan %(number)s.")
            % {"number": account.artisan.registration_number},
            code="already_linked",
        )
    if Artisan.objects.filter(civil_number=application.civil_number).exists():
        raise ValidationError(
            _(
                "An artisan with the civil number %(civil_number)s is already registered. Ask "
                "the applicant for changes or reject the application; to give the applicant "
                "access to that record, issue a link code from it."
            )
            % {"civil_number": application.civil_number},
            code="civil_number_taken",
        )
    artisan = Artisan(
        civil_number=application.civil_number,
        name_ar=application.name_ar,
        name_en=application.name_en,
        gender=application.gender,
        date_of_birth=application.date_of_birth,
        phone=application.phone,
        governorate=application.governorate,
        wilayat=application.wilayat,
        primary_craft=application.primary_craft,
        workshop_address=application.workshop_address,
        registered_on=timezone.localdate(),
    )
    if application.photo:
        # A copy under the registry's own name: the application keeps its file.
        from django.core.files.base import ContentFile

        with application.photo.open("rb") as photo:
            artisan.photo.save(
                application.photo.name.rsplit("/", 1)[-1], ContentFile(photo.read()), save=False
            )
    artisan.full_clean()
    artisan._change_reason = _("Approved from application %(reference)s") % {
        "reference": application.reference
    }
    artisan._history_user = by
    artisan.save()
    artisan.other_crafts.set(application.other_crafts.exclude(pk=application.primary_craft_id))
    now = timezone.now()
    account.artisan = artisan
    account.linked_at = now
    account.save(update_fields=["artisan", "linked_at"])
    application.artisan = artisan
    _decide(application, status=ApplicationStatus.APPROVED, by=by, message="")
    return artisan


# The decisions the applicant has to act on or understand say why: the error when they do not
# (lazy: read in the language of the request that decides).
MESSAGE_REQUIRED = {
    ApplicationStatus.CHANGES_REQUESTED: gettext_lazy("Say what the applicant should change."),
    ApplicationStatus.REJECTED: gettext_lazy("Give the reason for rejecting the application."),
}


def _decide_with_message(application, status, by, message: str) -> Application:
    message = (message or "").strip()
    if not message:
        raise ValidationError(MESSAGE_REQUIRED[status], code="message_required")
    application = _locked(application)
    _refuse_unless_waiting(application)
    return _decide(application, status=status, by=by, message=message)


@transaction.atomic
def application_request_changes(*, application: Application, by, message: str) -> Application:
    """Send the application back to the applicant with what to change."""
    return _decide_with_message(application, ApplicationStatus.CHANGES_REQUESTED, by, message)


@transaction.atomic
def application_reject(*, application: Application, by, reason: str) -> Application:
    """Refuse the application for good, with the reason the applicant will read."""
    return _decide_with_message(application, ApplicationStatus.REJECTED, by, reason)


# --- deadlines of applications returned for changes ---------------------------------------------


@transaction.atomic
def application_extend_changes(
    *, application: Application, by, until: datetime.date, reason: str
) -> Application:
    """Move the due date of an application returned for changes to ``until`` (later than the
    present one, and not in the past), with the reason the applicant reads in the steps."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give the reason for extending the due date."), code="reason_required"
        )
    application = _locked(application)
    if application.status != ApplicationStatus.CHANGES_REQUESTED:
        raise ValidationError(
            _("Only an application waiting for the applicant's changes has a due date."),
            code="not_returned",
        )
    if until <= application.changes_due_on or until < timezone.localdate():
        raise ValidationError(
            _("The new due date must be later than %(date)s and not in the past.")
            % {"date": application.changes_due_on.isoformat()},
            code="not_later",
        )
    application.changes_due_on = until
    # A new date deserves its own reminder.
    application.reminded_at = None
    application.save(update_fields=["changes_due_on", "reminded_at", "updated_at"])
    _event(
        application,
        ApplicationEvent.Action.EXTENDED,
        by,
        _("Due by %(date)s. %(reason)s") % {"date": until.isoformat(), "reason": reason},
    )
    return application


def applications_to_remind(*, days: int, today: datetime.date | None = None) -> list[int]:
    """Ids of the applications returned for changes whose due date is ``days`` days away or
    less and whose applicant was not reminded yet, leaving out those returned (or extended)
    already inside that window: they were told the date a moment ago."""
    today = today or timezone.localdate()
    candidates = (
        Application.objects.changes_due_within(today, days)
        .filter(reminded_at__isnull=True)
        .values_list("pk", "changes_due_on", "decided_at")
    )
    return [
        pk
        for pk, due_on, decided_at in candidates
        if timezone.localdate(decided_at) < due_on - datetime.timedelta(days=days)
    ]


def application_claim_reminder(*, application_id: int) -> Application | None:
    """Mark the application reminded, if nobody has yet: the application to write to, or None.

    A conditional UPDATE, so two runs at once remind once; the mail goes after this returns
    (a mail lost in sending is not sent again: one reminder at most, never two)."""
    claimed = Application.objects.filter(
        pk=application_id,
        status=ApplicationStatus.CHANGES_REQUESTED,
        reminded_at__isnull=True,
    ).update(reminded_at=timezone.now())
    if not claimed:
        return None
    return Application.objects.select_related("account__user").get(pk=application_id)


def application_lapse(*, application_id: int, today: datetime.date | None = None):
    """Close one application past its due date; the closed application, or None when it is no
    longer overdue (sent back in time, extended, or closed by another run).

    The status moves by a conditional UPDATE (the row as it is now, not as it was read), so two
    runs at once close it once, write one step and mail once."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("account__user")
            .filter(pk=application_id)
            .changes_overdue(today)
            .first()
        )
        if application is None:
            return None
        with translation.override(application.account.language):
            message = _(
                "You did not send the changes by %(date)s, so the application is closed. You "
                "may apply again at any time."
            ) % {"date": application.changes_due_on.isoformat()}
        now = timezone.now()
        closed = (
            Application.objects.filter(pk=application.pk)
            .changes_overdue(today)
            .update(
                status=ApplicationStatus.LAPSED,
                changes_due_on=None,
                decision_message=message,
                decided_at=now,
                decided_by=None,
                updated_at=now,
            )
        )
        if not closed:
            return None
        _event(application, ApplicationEvent.Action.LAPSED, None, message)
    application.refresh_from_db()
    return application
