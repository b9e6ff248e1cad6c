"""Pictures of the award demo's works: a clean drawing of the object each craft makes stands in
for a photo of the nominated work (craftsreg.drawing), deterministic for a given seed."""

import math
import random

from django.core.files.base import ContentFile

# Colours of the materials each craft works, for the pictures of the works.
CRAFT_COLOURS = {
    "wool-weaving": (150, 40, 40),
    "cotton-weaving": (228, 218, 196),
    "embroidery": (240, 236, 226),
    "khanjar": (186, 190, 196),
    "silverware": (186, 190, 196),
    "pottery": (176, 92, 58),
    "palm-frond": (196, 164, 98),
    "woodwork": (124, 80, 44),
    "boat-building": (139, 94, 52),
    "incense-cosmetics": (176, 92, 58),
    "perfumes-rosewater": (170, 200, 210),
    "copperware": (184, 115, 51),
    "leatherwork": (120, 70, 35),
}


def work_photo(seed: int, craft: str) -> ContentFile:
    """A clean drawing standing in for a photo of the work: the object its craft makes, on a
    table against a wall, coloured and ornamented differently for each work (``seed``); no
    text. Deterministic."""
    from craftsreg import drawing

    rng = random.Random(seed)
    material = drawing.vary(CRAFT_COLOURS.get(craft, (150, 120, 90)), rng)
    dark = drawing.shade(material, 0.55)
    light = material if sum(material) > 450 else drawing.shade(material, 1.45)
    ornament = drawing.shade(material, 0.4) if sum(material) > 450 else (236, 214, 160)
    accent = rng.choice([(122, 31, 31), (31, 94, 58), (28, 70, 110), (176, 120, 20)])
    wall = drawing.vary((236, 228, 214), rng, hue=0.06, light=0.05, saturation=0.5)
    s = drawing.Sketch((480, 320), (960, 640), wall)
    table = drawing.vary((150, 110, 75), rng, light=0.15)
    s.rectangle((0, 240, 480, 320), fill=table)
    s.rectangle((0, 240, 480, 246), fill=drawing.shade(table, 0.8))
    s.ellipse((120, 244, 360, 268), fill=drawing.shade(table, 0.85))
    motif = rng.choice(list(drawing.MOTIFS.values()))
    cx = 240 + rng.randint(-30, 30)

    def stripes(layer, box):
        x0, y0, x1, y1 = box
        colours = [accent, ornament, dark]
        y, k = y0, 0
        while y < y1:
            band = rng.choice((6, 10, 14))
            layer.rectangle((x0, y, x1, y + band), fill=colours[k % 3])
            y += band + rng.choice((8, 14, 20))
            k += 1

    if craft in ("wool-weaving", "cotton-weaving"):
        box = (cx - 150, 60, cx + 150, 250)
        s.filled("rectangle", box, material, stripes, dark)
        drawing.dhofari(s, cx, 155, 60, ornament)
        drawing.border(s, box, ornament, rng.choice(("dots", "triangles", "lozenges")))
    elif craft == "embroidery":
        s.chord((cx - 110, 70, cx + 110, 330), 180, 360, fill=material, outline=dark, width=3)
        for k in range(4):
            drawing.star(s, cx - 75 + k * 50, 165, 16, accent, points=8, width=2)
        s.rectangle((cx - 110, 196, cx + 110, 206), fill=accent)
        drawing.rosette(s, cx, 115, 22, ornament)
    elif craft in ("khanjar", "boat-building", "copperware"):
        draw = {"khanjar": drawing.khanjar, "boat-building": drawing.dhow}.get(
            craft, drawing.dallah
        )
        s.rectangle((cx - 150, 60, cx + 150, 250), fill=drawing.shade(wall, 0.92), radius=8)
        draw(s, cx, 150, 95, dark, width=3)
        drawing.border(s, (cx - 150, 60, cx + 150, 250), accent, "dots")
    elif craft == "silverware":
        for i in range(25):
            angle = math.pi * i / 24
            x, y = cx + 130 * math.cos(angle), 60 + 110 * math.sin(angle)
            s.ellipse((x - 7, y - 7, x + 7, y + 7), fill=material, outline=dark, width=1)
        s.ellipse((cx - 42, 150, cx + 42, 234), fill=material, outline=dark, width=3)
        motif(s, cx, 192, 28, dark)
    elif craft in ("pottery", "incense-cosmetics"):
        s.rectangle((cx - 55, 170, cx + 55, 250), fill=material, outline=dark, width=3)
        s.polygon([(cx - 80, 110), (cx + 80, 110), (cx + 55, 170), (cx - 55, 170)], fill=material,
                  outline=dark, width=3)  # fmt: skip
        drawing.border(s, (cx - 55, 178, cx + 55, 242), accent, "triangles", step=14)
        motif(s, cx, 140, 22, ornament)
        for k in range(3):  # smoke
            x = cx - 20 + k * 20
            s.arc((x - 12, 40, x + 12, 80), 90, 270, fill=(150, 150, 150), width=2)
            s.arc((x - 12, 70, x + 12, 110), 270, 90, fill=(150, 150, 150), width=2)
    elif craft == "palm-frond":
        weave = [(cx - 120, 110), (cx + 120, 110), (cx + 90, 250), (cx - 90, 250)]

        def woven(layer, points):
            for x in range(int(cx) - 130, int(cx) + 130, 10):
                layer.line([(x, 110), (x + 30, 250)], fill=drawing.shade(material, 0.8), width=2)
            stripes(layer, (cx - 130, 130, cx + 130, 250))

        s.filled("polygon", weave, material, woven, dark)
        s.arc((cx - 100, 40, cx + 100, 180), 180, 360, fill=dark, width=6)
    elif craft == "perfumes-rosewater":
        s.ellipse((cx - 60, 130, cx + 60, 250), fill=material, outline=dark, width=3)
        s.rectangle((cx - 14, 70, cx + 14, 135), fill=material, outline=dark, width=3)
        s.ellipse((cx - 20, 55, cx + 20, 80), fill=accent)
        drawing.rose(s, cx + 130, 190, 50, accent, width=3)
        motif(s, cx, 190, 30, dark)
    elif craft == "leatherwork":
        s.arc((cx - 70, 40, cx + 70, 170), 180, 360, fill=dark, width=8)
        box = (cx - 120, 100, cx + 120, 250)
        s.rectangle(box, fill=material, outline=dark, width=3, radius=14)
        s.rectangle((cx - 110, 110, cx + 110, 240), outline=light, width=2, radius=10)
        motif(s, cx, 175, 45, ornament)
    else:  # woodwork and anything else: a mandoos chest
        box = (cx - 140, 100, cx + 140, 250)
        s.rectangle(box, fill=material, outline=dark, width=3, radius=6)
        s.rectangle((cx - 140, 100, cx + 140, 130), fill=drawing.shade(material, 0.85))
        drawing.mandoos(s, cx, 188, 90, (212, 175, 55))
    return ContentFile(s.jpeg(), name=f"{craft or 'work'}-{seed}.jpg")
