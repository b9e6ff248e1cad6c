"""Demo of what linked artisans do in the portal: award entries for the 6th edition (taking
nominations) in every state — waiting for review, accepted as a nomination, declined, withdrawn —
and, for the demo artisan, a change request and a card renewal request waiting for the Dhofar
registrar. Made through the same services the portal and the admin use; idempotent.

Runs after the portal's own demo (``portal.demo``), which creates the demo artisan's login.
"""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from artisans.models import Artisan, Craft
from awards import services as award_services
from awards.models import AwardEntry, Category, Edition, Stage
from cards.models import ArtisanCard
from portal import demo as portal_demo
from portal import services_requests
from portal.models import ArtisanAccount, CardRequest, ChangeRequest

# (title, description, category code, final state, decline reason)
ENTRIES = [
    (
        "بردة من صوف الغنم",
        "بردة منسوجة يدويًا على النول الأرضي بألوان طبيعية.",
        "product",
        "submitted",
        "",
    ),
    ("مجمرة فخارية مزخرفة", "مجمرة من طين بهلا بنقوش محفورة.", "product", "accepted", ""),
    ("ورشة نسيج الوادي", "ورشة تدرب فتيات القرية على النسيج.", "project", "submitted", ""),
    (
        "خنجر فضي",
        "خنجر بقرن ومقبض فضي مشغول.",
        "product",
        "declined",
        "الصور لا تظهر العمل كاملًا؛ أعد المشاركة بصور أوضح.",
    ),
    ("سلة من سعف النخيل", "سلة كبيرة بألوان متداخلة.", "product", "withdrawn", ""),
]


def _photo(seed: int) -> ContentFile:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (480, 360), (229, 239, 232))
    draw = ImageDraw.Draw(image)
    for _ in range(10):
        x, y, r = rng.randrange(480), rng.randrange(360), rng.randrange(20, 80)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(122, 31, 31), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"entry-{seed}.jpg")


def _entrant(index: int, artisan: Artisan):
    """A linked portal account for a demo entrant. No password (they never sign in) and no
    e-mail address, so the demo's decisions on their entries write no mail to the console."""
    username = f"entrant{index}@demo.invalid"
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": artisan.name_ar}
    )
    ArtisanAccount.objects.get_or_create(
        user=user,
        defaults={
            "artisan": artisan,
            "linked_at": timezone.now(),
            "civil_number": artisan.civil_number,
            "name": artisan.name_ar,
            "mobile": artisan.phone or "+96899000000",
            "email_verified_at": timezone.now(),
            "language": "ar",
        },
    )
    return user


@transaction.atomic
def _entries(edition, staff) -> int:
    if AwardEntry.objects.filter(category__edition=edition).exists():
        return 0
    # Artisans registered long enough for the edition's rule, without a portal account yet,
    # taken in registration-number order across the governorates (deterministic).
    candidates = list(
        Artisan.objects.active()
        .filter(registered_on__year__lte=edition.year - edition.minimum_years_registered)
        .filter(portal_account__isnull=True)
        .order_by("registration_number")[:2000:397]
    )
    categories = {c.code: c for c in Category.objects.filter(edition=edition)}
    made = 0
    for index, (artisan, (title, description, code, state, reason)) in enumerate(
        zip(candidates, ENTRIES, strict=False), start=1
    ):
        user = _entrant(index, artisan)
        facts = (
            {"workforce": 6, "trainees": 4, "omani_materials_percent": 85}
            if code == Category.PROJECT
            else {}
        )
        with translation.override("ar"):
            entry = award_services.entry_submit(
                artisan=artisan,
                category=categories[code],
                by=user,
                photos=[_photo(index * 10 + n) for n in range(2)],
                craft=artisan.primary_craft,
                title=title,
                description=description,
                **facts,
            )
            if state == "accepted":
                award_services.entry_accept(entry=entry, by=staff)
            elif state == "declined":
                award_services.entry_decline(entry=entry, by=staff, reason=reason)
            elif state == "withdrawn":
                award_services.entry_withdraw(entry=entry, by=user)
        made += 1
    return made


@transaction.atomic
def _requests(account) -> tuple[int, int]:
    artisan = account.artisan
    changes = cards = 0
    if not ChangeRequest.objects.of_artisan(artisan).exists():
        other = Craft.objects.exclude(pk=artisan.primary_craft_id).order_by("code").first()
        services_requests.change_request_submit(
            artisan=artisan,
            by=account.user,
            kind="crafts",
            primary_craft=artisan.primary_craft,
            other_crafts=[other],
            note="أمارس هذه الحرفة أيضًا منذ سنوات.",
        )
        changes = 1
    if not CardRequest.objects.of_artisan(artisan).exists():
        has_card = ArtisanCard.objects.filter(artisan=artisan).current().exists()
        services_requests.card_request_submit(
            artisan=artisan,
            by=account.user,
            kind="renewal" if has_card else "issue",
            note="تنتهي بطاقتي قريبًا.",
        )
        cards = 1
    return changes, cards


def seed(stdout):
    notes = portal_demo.seed(stdout) or []
    edition = Edition.objects.filter(number=6, stage=Stage.NOMINATIONS).first()
    staff = get_user_model().objects.filter(username="admin").first()
    entries = _entries(edition, staff) if edition and staff else 0
    account = (
        ArtisanAccount.objects.select_related("artisan", "user")
        .filter(user__username=portal_demo.ARTISAN_LOGIN, artisan__isnull=False)
        .first()
    )
    changes, cards = _requests(account) if account else (0, 0)
    stdout.write(
        f"Portal: {entries} award entries for edition 6, {changes} change request and "
        f"{cards} card request for the demo artisan (new this run)."
    )
    return notes
