"""Demo designs: the 2017 batch of 143 deposited craft designs (FACTS §3), plus hidden ones.

Deterministic (fixed random seed, fixed dates) and idempotent: batches and designs are matched by
number, images are drawn only for designs that have none, so a second run creates nothing. The
pictures are drawn with Pillow — an object silhouette per product kind, coloured and textured by
material — so the demo needs no downloads.

Invented for the demo (the source gives only the batch size, the law, the product kinds and the
palm-frond, bone and coconut-shell certificates): the batch's dates, the certificate numbers, the
titles and the split of designs between product kinds and materials.
"""

import datetime
import math
import random
import time

from django.core.files.base import ContentFile
from django.db import transaction

from artisans.models import Artisan
from craftsreg.drawing import MOTIFS as MOTIF_DRAWINGS
from craftsreg.drawing import Sketch, border, shade, vary
from designs.models import DepositBatch, Design, DesignImage, LocarnoClass, Material, ProductKind

SEED = 2017
BATCH_2017 = "2017-01"
FILED_ON = datetime.date(2017, 2, 20)
CERTIFICATES_FROM = datetime.date(2017, 5, 14)
IMAGE_SIZE = 640  # shown at up to 640 px; the catalogue's thumbnails are 320 px

# Product kind → (Arabic item, English item, Locarno class, subclass).
KINDS = {
    "khanjar-belts": ("حزام خنجر", "Khanjar belt", 2, ""),
    "souvenirs-gifts": ("هدية تذكارية", "Souvenir gift", 11, "11-02"),
    "shields": ("درع تذكاري", "Commemorative shield", 11, ""),
    "models-figurines": ("مجسم", "Model", 11, "11-02"),
    "office-sets": ("طقم مكتبي", "Office set", 19, ""),
    "furniture-accessories": ("قطعة أثاث مزخرفة", "Furniture accessory", 6, ""),
    "hospitality-sets": ("طقم ضيافة", "Hospitality set", 7, ""),
    "womens-accessories": ("حلية نسائية", "Women's ornament", 11, "11-01"),
    "medallions": ("ميدالية", "Medallion", 11, "11-03"),
    "lighting-units": ("وحدة إنارة", "Lighting unit", 26, ""),
    "rosaries": ("مسبحة", "Rosary", 11, "11-02"),
    "file-holders": ("حافظة ملفات", "File holder", 19, ""),
}

# The 143 designs of the 2017 batch: (product kind, main material, second material, count).
BATCH_2017_PLAN = [
    ("khanjar-belts", "silver", "leather", 10),
    ("khanjar-belts", "leather", "silver", 8),
    ("souvenirs-gifts", "palm-frond", None, 7),
    ("souvenirs-gifts", "coconut-shell", None, 5),
    ("souvenirs-gifts", "wood", None, 4),
    ("souvenirs-gifts", "clay", None, 4),
    ("shields", "silver", "wood", 8),
    ("shields", "wood", None, 5),
    ("shields", "copper", None, 3),
    ("models-figurines", "wood", None, 7),
    ("models-figurines", "palm-frond", None, 4),
    ("models-figurines", "bone", None, 4),
    ("models-figurines", "coconut-shell", None, 3),
    ("models-figurines", "clay", None, 2),
    ("office-sets", "wood", "silver", 5),
    ("office-sets", "leather", None, 3),
    ("office-sets", "silver", None, 3),
    ("furniture-accessories", "wood", None, 5),
    ("furniture-accessories", "palm-frond", None, 5),
    ("furniture-accessories", "wool-textile", None, 3),
    ("hospitality-sets", "copper", None, 5),
    ("hospitality-sets", "clay", None, 3),
    ("hospitality-sets", "palm-frond", None, 4),
    ("womens-accessories", "silver", "gemstones-beads", 5),
    ("womens-accessories", "cotton-textile", "embroidery-thread", 3),
    ("womens-accessories", "leather", None, 2),
    ("medallions", "bone", None, 3),
    ("medallions", "coconut-shell", None, 2),
    ("medallions", "silver", None, 2),
    ("lighting-units", "copper", None, 3),
    ("lighting-units", "palm-frond", None, 2),
    ("lighting-units", "clay", None, 1),
    ("rosaries", "coconut-shell", None, 3),
    ("rosaries", "bone", None, 3),
    ("file-holders", "palm-frond", None, 2),
    ("file-holders", "coconut-shell", None, 1),
    ("file-holders", "leather", None, 1),
]

# Material → (Arabic "made of" phrase, English adjective, base colour, texture).
MATERIAL_LOOK = {
    "palm-frond": ("من سعف النخيل", "Palm-frond", (196, 164, 98), "weave"),
    "bone": ("من العظم", "Bone", (236, 226, 200), "dots"),
    "coconut-shell": ("من قشر جوز الهند", "Coconut-shell", (110, 72, 40), "speckle"),
    "silver": ("من الفضة", "Silver", (178, 184, 190), "filigree"),
    "wood": ("من الخشب", "Wooden", (139, 94, 52), "grain"),
    "clay": ("من الفخار", "Clay", (176, 92, 58), "bands"),
    "cotton-textile": ("من النسيج القطني", "Cotton", (230, 222, 205), "stripes"),
    "wool-textile": ("من النسيج الصوفي", "Woollen", (150, 40, 40), "stripes"),
    "leather": ("من الجلد", "Leather", (120, 70, 35), "stitch"),
    "copper": ("من النحاس", "Copper", (184, 115, 51), "filigree"),
}

# The motif a title names, and its drawing (craftsreg.drawing.MOTIFS): the picture shows it.
MOTIFS = [
    ("dhofari", "بنقش ظفاري", "with a Dhofari pattern"),
    ("palm", "بزخرفة النخلة", "with a palm-tree motif"),
    ("khanjar", "بنقش الخنجر", "with a khanjar motif"),
    ("geometric", "بزخرفة هندسية", "with geometric ornament"),
    ("dhow", "بنقش السفينة", "with a dhow motif"),
    ("fort", "بزخرفة القلعة", "with a fort motif"),
    ("frankincense", "بنقش اللبان", "with a frankincense motif"),
    ("dallah", "بزخرفة الدلة", "with a coffee-pot motif"),
    ("rose", "بنقش الوردة الجبلية", "with a mountain-rose motif"),
    ("waves", "بزخرفة الموج", "with a wave pattern"),
    ("mandoos", "بنقش المندوس", "with a mandoos-chest pattern"),
]

# A returned or withdrawn design always says why (Design.NEEDS_REASON).
DEMO_REASONS = {
    Design.Status.RETURNED: "أعادته الدائرة لاستكمال الرسومات — returned to complete the drawings",
    Design.Status.WITHDRAWN: "سحبه الحرفي لتعديل التصميم — withdrawn by the artisan to revise it",
}

# Designs that stay hidden from the public (they test the visibility rule in the demo).
HIDDEN = [
    # batch, suffix, status, kind, material, Arabic title, English title
    (
        "2017-01",
        144,
        Design.Status.RETURNED,
        "shields",
        "wood",
        "درع خشبي بزخرفة الموج (أعيد لاستكمال الرسومات)",
        "Wooden shield with a wave pattern (returned for drawings)",
    ),
    (
        "2017-01",
        145,
        Design.Status.WITHDRAWN,
        "rosaries",
        "bone",
        "مسبحة من العظم (مسحوبة)",
        "Bone rosary (withdrawn)",
    ),
    (
        "2018-01",
        1,
        Design.Status.FILED,
        "lighting-units",
        "palm-frond",
        "فانوس من سعف النخيل بنقش ظفاري",
        "Palm-frond lantern with a Dhofari pattern",
    ),
    (
        "2018-01",
        2,
        Design.Status.FILED,
        "medallions",
        "coconut-shell",
        "ميدالية من قشر جوز الهند بزخرفة النخلة",
        "Coconut-shell medallion with a palm-tree motif",
    ),
    (
        "2018-01",
        3,
        Design.Status.FILED,
        "office-sets",
        "silver",
        "طقم مكتبي من الفضة بنقش الخنجر",
        "Silver office set with a khanjar motif",
    ),
    (
        "2018-02",
        1,
        Design.Status.DRAFT,
        "souvenirs-gifts",
        "palm-frond",
        "هدية تذكارية من سعف النخيل (مسودة)",
        "Palm-frond souvenir (draft)",
    ),
    (
        "2018-02",
        2,
        Design.Status.DRAFT,
        "womens-accessories",
        "silver",
        "حلية نسائية من الفضة (مسودة)",
        "Silver women's ornament (draft)",
    ),
]

BATCHES = {
    "2017-01": {
        "filed_on": FILED_ON,
        "status": DepositBatch.Status.CERTIFICATES_RECEIVED,
        "notes": "The 2017 batch of craft works deposited under Royal Decree 65/2008 (demo data).",
    },
    "2018-01": {
        "filed_on": datetime.date(2018, 3, 11),
        "status": DepositBatch.Status.FILED,
        "notes": "Filed; certificates awaited (demo data).",
    },
    "2018-02": {
        "filed_on": None,
        "status": DepositBatch.Status.PREPARING,
        "notes": "In preparation (demo data).",
    },
}


def seed(stdout) -> None:
    clock = time.monotonic()
    started = Design.objects.count()
    with transaction.atomic():
        references = _references()
        batches = {number: _batch(number, values) for number, values in BATCHES.items()}
        creators = _artisan_creators(references["materials"])
        rng = random.Random(SEED)
        suffix = 0
        for kind_code, material_code, second_code, count in BATCH_2017_PLAN:
            for _ in range(count):
                suffix += 1
                _deposited_design(
                    batches[BATCH_2017],
                    suffix,
                    kind_code,
                    material_code,
                    second_code,
                    references,
                    creators,
                    rng,
                )
        for batch_number, number, status, kind_code, material_code, title_ar, title_en in HIDDEN:
            _hidden_design(
                batches[batch_number],
                number,
                status,
                kind_code,
                material_code,
                title_ar,
                title_en,
                references,
            )
    created = Design.objects.count() - started
    public = Design.objects.public().count()
    stdout.write(
        f"Designs: {created} created ({public} deposited and public) "
        f"in {time.monotonic() - clock:.1f} s."
    )
    username, password = _design_officer()
    stdout.write(f"Design officer login: {username} / {password} (staff sign-in at /ar/admin/).")


def _design_officer() -> tuple[str, str]:
    """A demo account in the Design officers group (created once, never in migrations)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from designs.roles import DESIGN_OFFICERS

    username = "designs"
    password = f"{username}-demo-2017"
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@demo.invalid"}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=DESIGN_OFFICERS))
    return username, password


def _references():
    return {
        "kinds": {kind.code: kind for kind in ProductKind.objects.all()},
        "materials": {material.code: material for material in Material.objects.all()},
        "classes": {locarno.number: locarno for locarno in LocarnoClass.objects.all()},
    }


def _batch(number, values):
    batch, _ = DepositBatch.objects.get_or_create(number=number, defaults=values)
    return batch


def _artisan_creators(materials):
    """A few registry artisans per material craft, chosen deterministically (if any exist)."""
    creators = {}
    for code, material in materials.items():
        if material.craft_id is None:
            continue
        creators[code] = list(
            Artisan.objects.filter(primary_craft_id=material.craft_id)
            .order_by("registration_number")
            .only("pk")[:3]
        )
    return creators


def _deposited_design(batch, suffix, kind_code, material_code, second_code, refs, creators, rng):
    number = f"{batch.number}-{suffix:04d}"
    motif, motif_ar, motif_en = MOTIFS[rng.randrange(len(MOTIFS))]
    year_created = rng.choice([2014, 2015, 2015, 2016, 2016, 2016])
    by_artisan = rng.random() < 0.2
    certificate_date = CERTIFICATES_FROM + datetime.timedelta(days=(suffix - 1) // 20 * 7)
    design = Design.objects.filter(number=number).first()
    if design is None:
        item_ar, item_en, class_number, subclass = KINDS[kind_code]
        phrase_ar, adjective_en, _, _ = MATERIAL_LOOK[material_code]
        artisans = creators.get(material_code) or []
        artisan = artisans[suffix % len(artisans)] if (by_artisan and artisans) else None
        design = Design(
            batch=batch,
            suffix=suffix,
            title_ar=f"{item_ar} {phrase_ar} {motif_ar}",
            title_en=f"{adjective_en} {item_en.lower()} {motif_en}",
            description_ar=(
                f"{item_ar} {phrase_ar} {motif_ar}، صممته وحدة التصميم في الهيئة العامة "
                "للصناعات الحرفية مستوحى من التراث العُماني، وأُودع لدى دائرة الملكية الفكرية "
                "ضمن دفعة عام 2017."
            ),
            description_en=(
                f"{adjective_en} {item_en.lower()} {motif_en}, a design inspired by Omani "
                "heritage and deposited with the Intellectual Property Department in the 2017 "
                "batch."
            ),
            product_kind=refs["kinds"][kind_code],
            locarno_class=refs["classes"][class_number],
            locarno_subclass=subclass,
            creator_kind=Design.Party.ARTISAN if artisan else Design.Party.AUTHORITY,
            creator_artisan=artisan,
            year_created=year_created,
            status=Design.Status.DEPOSITED,
            status_date=certificate_date,
            certificate_number=f"CR-2017-{suffix:04d}",
            certificate_date=certificate_date,
        )
        design.full_clean(exclude=["materials"])
        design.save()
        design.materials.add(refs["materials"][material_code])
        if second_code:
            design.materials.add(refs["materials"][second_code])
    _ensure_image(design, kind_code, material_code, suffix, motif)


def _hidden_design(batch, suffix, status, kind_code, material_code, title_ar, title_en, refs):
    number = f"{batch.number}-{suffix:04d}"
    design = Design.objects.filter(number=number).first()
    if design is None:
        _, _, class_number, subclass = KINDS[kind_code]
        design = Design(
            batch=batch,
            suffix=suffix,
            title_ar=title_ar,
            title_en=title_en,
            product_kind=refs["kinds"][kind_code],
            locarno_class=refs["classes"][class_number],
            locarno_subclass=subclass,
            year_created=2017,
            status=status,
            status_date=batch.filed_on or datetime.date(2018, 4, 1),
            status_reason=DEMO_REASONS.get(status, ""),
        )
        design.full_clean(exclude=["materials"])
        design.save()
        design.materials.add(refs["materials"][material_code])
    _ensure_image(design, kind_code, material_code, 1000 + suffix)


def _ensure_image(design, kind_code, material_code, seed, motif="geometric"):
    if design.images.exists():
        return
    content = draw(kind_code, material_code, seed, motif)
    image = DesignImage(
        design=design,
        is_primary=True,
        caption_ar="المنظر الأمامي",
        caption_en="Front view",
    )
    # A named ContentFile: Django reads the dimensions from it before storing it.
    image.image.save("demo.jpg", ContentFile(content, name="demo.jpg"), save=False)
    image.save()


# ---- drawing -----------------------------------------------------------------------------


def _texture(draw, box, colour, texture, rng):
    x0, y0, x1, y1 = (int(v) for v in box)
    dark = shade(colour, 0.7)
    light = shade(colour, 1.2)
    gap = rng.choice((10, 12, 14))
    if texture == "weave":
        for x in range(x0, x1, gap):
            draw.line([(x, y0), (x + (y1 - y0) // 3, y1)], fill=dark, width=3)
        for x in range(x0 - (y1 - y0) // 3, x1, gap):
            draw.line([(x, y1), (x + (y1 - y0) // 3, y0)], fill=light, width=2)
    elif texture == "grain":
        for y in range(y0, y1, 7):
            wobble = rng.randint(-3, 3)
            draw.arc([x0 - 40, y + wobble, x1 + 40, y + 30 + wobble], 190, 350, fill=dark, width=1)
    elif texture == "stripes":
        accent = (30, 30, 30) if colour[0] > 140 else (230, 200, 90)
        for y in range(y0, y1, gap + 4):
            draw.rectangle([x0, y, x1, y + 5], fill=accent)
    elif texture == "filigree":
        for y in range(y0 + 10, y1, gap * 2):
            for x in range(x0 + 10, x1, gap * 2):
                draw.ellipse([x - 6, y - 6, x + 6, y + 6], outline=light, width=2)
    elif texture == "stitch":
        inset = 8
        draw.rectangle([x0 + inset, y0 + inset, x1 - inset, y1 - inset], outline=light, width=2)
    elif texture == "bands":
        for y in range(y0 + 10, y1, gap * 2 + 4):
            draw.line([(x0, y), (x1, y)], fill=dark, width=4)
    else:  # dots and speckles
        size = 3 if texture == "dots" else 2
        tone = dark if texture == "dots" else light
        for _ in range(60):
            x, y = rng.randint(x0, max(x0, x1 - 1)), rng.randint(y0, max(y0, y1 - 1))
            draw.ellipse([x - size, y - size, x + size, y + size], fill=tone)


def draw(kind_code: str, material_code: str, seed: int, motif: str = "geometric") -> bytes:
    """A JPEG drawing of a design: the product kind's shape in the material's look, with the
    motif its title names (``craftsreg.drawing.MOTIFS``). ``seed`` varies the colours, the
    texture and the ornaments, so no two designs look alike; no text is drawn."""
    rng = random.Random(seed)
    _, _, base, texture = MATERIAL_LOOK.get(material_code, ("", "", (150, 150, 150), "dots"))
    colour = vary(base, rng)
    size = 360  # the grid the shapes are written in
    background = vary((247, 243, 234), rng, hue=0.08, light=0.03, saturation=0.6)
    s = Sketch((size, size), (IMAGE_SIZE, IMAGE_SIZE), background)
    outline = shade(colour, 0.55)
    light_material = sum(colour) > 450
    ornament = (
        shade(colour, 0.4)
        if light_material
        else rng.choice([(236, 214, 160), (245, 236, 214), (212, 175, 55)])
    )
    accent = rng.choice([(122, 31, 31), (31, 94, 58), (28, 70, 110), (150, 90, 20)])
    motif_draw = MOTIF_DRAWINGS.get(motif, MOTIF_DRAWINGS["geometric"])
    c = size // 2

    def textured(box, shape="rectangle"):
        s.filled(
            shape, box, colour, lambda layer, b: _texture(layer, b, colour, texture, rng), outline
        )

    # A soft shadow under the object gives it a ground to stand on.
    s.ellipse((c - 130, size - 48, c + 130, size - 22), fill=shade(background, 0.9))
    if kind_code in ("shields", "medallions"):
        if kind_code == "medallions":
            s.polygon([(c - 40, 30), (c + 40, 30), (c + 20, 140), (c - 20, 140)], fill=accent)
        textured((c - 110, c - 90, c + 110, c + 130), "ellipse")
        s.ellipse(
            (c - 62, c - 42, c + 62, c + 82), fill=shade(colour, 0.85), outline=outline, width=4
        )
        border_points = rng.choice((12, 16, 24))
        for k in range(border_points):
            angle = 2 * math.pi * k / border_points
            x, y = c + 92 * math.cos(angle), c + 20 + 94 * math.sin(angle)
            s.ellipse((x - 4, y - 4, x + 4, y + 4), fill=ornament)
        motif_draw(s, c, c + 20, 46, ornament)
    elif kind_code in ("khanjar-belts",):
        textured((20, c - 35, size - 20, c + 35))
        border(s, (20, c - 35, size - 20, c + 35), ornament, rng.choice(BORDERS), step=16)
        s.rectangle(
            (c - 40, c - 50, c + 40, c + 50),
            fill=shade(colour, 0.8),
            outline=outline,
            width=5,
            radius=8,
        )
        motif_draw(s, c, c, 32, ornament)
        s.arc((c + 45, c - 10, c + 165, c + 140), 180, 300, fill=outline, width=12)
    elif kind_code in ("rosaries", "womens-accessories"):
        beads = rng.choice((33, 33, 99 // 3)) if kind_code == "rosaries" else rng.choice((17, 21))
        radius = rng.choice((110, 120, 128))
        for i in range(beads):
            angle = (
                math.pi * 2 * i / beads if kind_code == "rosaries" else math.pi * i / (beads - 1)
            )
            x = c + radius * math.cos(angle)
            y = (c - 20) + radius * math.sin(angle) * (1 if kind_code == "rosaries" else 0.8)
            bead = 10 if i % 11 else 14
            textured((int(x - bead), int(y - bead), int(x + bead), int(y + bead)), "ellipse")
        if kind_code == "rosaries":
            s.line([(c, c + 100), (c, size - 60)], fill=outline, width=6)
            s.polygon([(c - 14, size - 60), (c + 14, size - 60), (c, size - 28)], fill=accent)
            motif_draw(s, c, c - 20, 55, shade(colour, 0.5) if light_material else outline)
        else:
            textured((c - 48, c + 62, c + 48, c + 158), "ellipse")
            motif_draw(s, c, c + 110, 30, ornament)
    elif kind_code in ("models-figurines",):
        textured((60, c + 50, size - 60, c + 110), "rectangle")
        motif_draw(s, c, c + 80, 24, ornament)
        boat = vary((150, 100, 60), rng)
        s.polygon(
            [(c - 120, c + 10), (c + 130, c + 10), (c + 95, c + 48), (c - 90, c + 48)],
            fill=boat,
            outline=outline,
            width=3,
        )
        s.line([(c, 40), (c, c + 12)], fill=outline, width=5)
        s.polygon(
            [(c, 46), (c, c), (c + 115, c)], fill=shade(colour, 1.15), outline=outline, width=2
        )
    elif kind_code in ("hospitality-sets",):
        textured((c - 75, c - 40, c + 75, c + 115), "ellipse")
        motif_draw(s, c, c + 38, 42, ornament)
        s.polygon(
            [(c - 70, c + 20), (c - 150, c - 60), (c - 138, c - 72), (c - 58, c)], fill=outline
        )
        s.rectangle((c - 25, c - 92, c + 25, c - 40), outline=outline, width=4, radius=6)
        for dx in (-122, 122):
            textured((c + dx - 26, c + 88, c + dx + 26, c + 142), "rectangle")
    elif kind_code in ("lighting-units",):
        s.polygon([(c - 95, c - 70), (c + 95, c - 70), (c, c - 150)], fill=outline)
        textured((c - 85, c - 70, c + 85, c + 125), "rectangle")
        glow = rng.choice([(255, 214, 110), (255, 196, 90), (250, 226, 150)])
        s.ellipse((c - 38, c - 40, c + 38, c + 36), fill=glow)
        motif_draw(s, c, c + 80, 32, ornament)
    elif kind_code in ("file-holders", "office-sets"):
        textured((70, 80, size - 70, size - 52), "rectangle")
        border(s, (70, 80, size - 70, size - 52), ornament, rng.choice(BORDERS), step=20)
        motif_draw(s, c, c + 14, 58, ornament)
        s.rectangle((70, 58, 180, 86), outline=outline, width=3, radius=4)
        if kind_code == "office-sets":
            for x in (110, 160, 210):
                s.line([(x, 80), (x + 10, 24)], fill=(40, 40, 40), width=6)
    else:  # souvenirs and gifts, furniture accessories
        textured((60, 90, size - 60, size - 50), "rectangle")
        border(s, (60, 90, size - 60, size - 50), ornament, rng.choice(BORDERS), step=18)
        s.rectangle((c - 12, 90, c + 12, size - 50), fill=accent)
        s.rectangle((60, c + 8, size - 60, c + 32), fill=accent)
        for dx in (-70, 70):
            motif_draw(s, c + dx, c - 28, 30, ornament)
    return s.jpeg()


BORDERS = ("dots", "triangles", "zigzag", "lozenges")
