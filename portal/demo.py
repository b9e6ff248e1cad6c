"""Demo portal: one artisan login linked to a registered artisan (with a craft card), one
applicant login whose application waits for changes, and applications in every state in several
governorates, decided through the same services the registrars use — except approval: the demo
registry reproduces the 2017 report's 20,642 artisans exactly, so an approved demo application
names an artisan already in it instead of creating one.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from artisans.demo import demo_password
from artisans.models import Artisan, Craft, Governorate
from portal import services
from portal.models import Application, ApplicationEvent, ArtisanAccount

ARTISAN_LOGIN = "artisan@demo.invalid"
APPLICANT_LOGIN = "applicant@demo.invalid"
NOTICE_VERSION = "1"

# (login, name, governorate code, final state, message): applications in every state, in four
# governorates. Civil numbers start with 7, which the demo registry does not use.
APPLICATIONS = [
    (
        APPLICANT_LOGIN,
        "مريم بنت سالم الحارثية",
        "OM-ZU",
        "changes",
        "الصورة غير واضحة: أرسل صورة أوضح لوجهك.",
    ),
    ("huda@demo.invalid", "هدى بنت علي المعشنية", "OM-ZU", "submitted", ""),
    ("khalid@demo.invalid", "خالد بن سعيد الكثيري", "OM-ZU", "submitted", ""),
    ("said@demo.invalid", "سعيد بن أحمد الشحري", "OM-ZU", "approved", ""),
    (
        "nasser@demo.invalid",
        "ناصر بن حمد العمري",
        "OM-ZU",
        "rejected",
        "مسجّل من قبل برقم مدني آخر؛ راجع مكتب المحافظة.",
    ),
    ("aisha@demo.invalid", "عائشة بنت خميس البلوشية", "OM-MA", "submitted", ""),
    (
        "yousuf@demo.invalid",
        "يوسف بن راشد الرواحي",
        "OM-MA",
        "changes",
        "اذكر اسم القرية التي فيها الورشة.",
    ),
    ("zainab@demo.invalid", "زينب بنت محمد الكندية", "OM-DA", "submitted", ""),
    ("hamad@demo.invalid", "حمد بن سيف الهنائي", "OM-DA", "approved", ""),
    ("salma@demo.invalid", "سلمى بنت عبدالله السعدية", "OM-BS", "submitted", ""),
]

# A one-page PDF: a stand-in for a scanned ID card.
_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _photo(seed: int) -> ContentFile:
    from PIL import Image

    colour = (120 + seed * 11 % 100, 90 + seed * 7 % 120, 60 + seed * 13 % 150)
    output = io.BytesIO()
    Image.new("RGB", (240, 300), colour).save(output, "JPEG", quality=80)
    return ContentFile(output.getvalue(), name="photo.jpg")


def _account(email: str, name: str, civil_number: str, index: int) -> ArtisanAccount:
    user_model = get_user_model()
    user = user_model(username=email, email=email, first_name=name)
    user.set_password(demo_password(email.split("@")[0]))
    user.save()
    now = timezone.now()
    return ArtisanAccount.objects.create(
        user=user,
        civil_number=civil_number,
        name=name,
        mobile=f"+9689{index:07d}",
        email_verified_at=now,
        privacy_consent_at=now,
        privacy_notice_version=NOTICE_VERSION,
    )


def _application(account, governorate, index: int) -> Application:
    wilayat = governorate.wilayats.order_by("pk")[index % governorate.wilayats.count()]
    crafts = list(Craft.objects.order_by("pk"))
    application = Application(
        account=account,
        civil_number=account.civil_number,
        name_ar=account.name,
        gender="female" if "بنت" in account.name else "male",
        date_of_birth=datetime.date(1970 + index * 3, 1 + index % 12, 1 + index * 2),
        phone=account.mobile,
        governorate=governorate,
        wilayat=wilayat,
        primary_craft=crafts[index % len(crafts)],
        workshop_address=f"{wilayat.name_ar}، قرب الجامع، بيت رقم {index + 10}",
        privacy_consent_at=account.privacy_consent_at,
        privacy_notice_version=account.privacy_notice_version,
    )
    application.photo = _photo(index)
    application.id_copy = ContentFile(_PDF, name="id.pdf")
    return services.application_submit(
        application=application,
        other_crafts=[crafts[(index + 1) % len(crafts)]],
        by=account.user,
    )


def _approved_from_registry(artisan, account, index: int, by) -> None:
    """An application approved earlier: its artisan is one of the demo registry's, so the
    registry keeps the source report's 20,642 artisans exactly (approving creates one)."""
    application = _application(account, artisan.governorate, index)
    for field in ("civil_number", "name_ar", "name_en", "gender", "wilayat_id"):
        setattr(application, field, getattr(artisan, field))
    application.primary_craft_id = artisan.primary_craft_id
    application.date_of_birth = artisan.date_of_birth or application.date_of_birth
    application.status = Application.Status.APPROVED
    application.artisan = artisan
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save()
    ApplicationEvent.objects.create(
        application=application, action=ApplicationEvent.Action.APPROVED, by=by
    )
    account.civil_number = artisan.civil_number
    account.name = artisan.name_ar
    account.artisan = artisan
    account.linked_at = timezone.now()
    account.save(update_fields=["civil_number", "name", "artisan", "linked_at"])


def _decide(application, state: str, message: str, by) -> None:
    if state == "changes":
        services.application_request_changes(application=application, by=by, message=message)
    elif state == "rejected":
        services.application_reject(application=application, by=by, reason=message)


@transaction.atomic
def seed(stdout) -> list[tuple[str, list[str]]]:
    if ArtisanAccount.objects.filter(user__username=ARTISAN_LOGIN).exists():
        stdout.write("Portal: already there.")
        return _logins_note()
    registrar = get_user_model().objects.get(username="registrar")
    # The demo artisan: a Dhofar artisan who holds a craft card (cards.demo gives cards to the
    # first Dhofar artisans by registration number).
    artisan = (
        Artisan.objects.active()
        .filter(governorate__code="OM-ZU", cards__isnull=False)
        .order_by("registration_number")
        .first()
    ) or Artisan.objects.active().order_by("registration_number").first()
    account = _account(ARTISAN_LOGIN, artisan.name_ar, artisan.civil_number, 0)
    account.artisan = artisan
    account.linked_at = timezone.now()
    account.save(update_fields=["artisan", "linked_at"])

    governorates = {g.code: g for g in Governorate.objects.all()}
    for index, (email, name, code, state, message) in enumerate(APPLICATIONS, start=1):
        civil_number = f"7{index:07d}"
        applicant = _account(email, name, civil_number, index)
        if state == "approved":
            registered = (
                Artisan.objects.active()
                .filter(governorate__code=code, portal_account__isnull=True)
                .order_by("-registration_number")
                .first()
            )
            _approved_from_registry(registered, applicant, index, registrar)
            continue
        application = _application(applicant, governorates[code], index)
        _decide(application, state, message, registrar)
    stdout.write(f"Portal: 1 linked artisan account, {len(APPLICATIONS)} applications.")
    return _logins_note()


def _logins_note() -> list[tuple[str, list[str]]]:
    artisan_password = demo_password(ARTISAN_LOGIN.split("@")[0])
    applicant_password = demo_password(APPLICANT_LOGIN.split("@")[0])
    return [
        (
            "Artisans' portal logins (sign-in at /ar/portal/sign-in/):",
            [
                f"  {ARTISAN_LOGIN:<24} {artisan_password:<22} artisan linked to a registry record",
                f"  {APPLICANT_LOGIN:<24} {applicant_password:<22} applicant asked for changes",
            ],
        )
    ]
