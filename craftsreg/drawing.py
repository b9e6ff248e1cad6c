"""Clean generated pictures for the demo (design drawings, photos of award-winning works).

Pillow's drawing has no anti-aliasing: shapes drawn at the size shown come out jagged. A
``Sketch`` is drawn in a fixed grid of units (the shapes are written once, as vectors), rendered
``SUPERSAMPLE`` times larger than the picture and scaled down with a Lanczos filter — smooth
edges at the size shown. No text is ever drawn: a picture is shown on Arabic and English pages.

The ornaments below (eight-pointed stars, palm trees, dhows, forts, coffee pots...) are the
motifs the demo's titles name; ``MOTIFS`` maps a motif's key to its drawing.
"""

from __future__ import annotations

import colorsys
import io
import math
import random

from PIL import Image, ImageDraw

SUPERSAMPLE = 3


def shade(colour: tuple, factor: float) -> tuple:
    return tuple(max(0, min(255, int(c * factor))) for c in colour)


def vary(colour: tuple, rng: random.Random, hue=0.03, light=0.12, saturation=0.15) -> tuple:
    """``colour`` moved a little in hue, lightness and saturation: siblings that differ."""
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    h = (h + rng.uniform(-hue, hue)) % 1.0
    lum = max(0.08, min(0.92, lum * (1 + rng.uniform(-light, light))))
    s = max(0.0, min(1.0, s * (1 + rng.uniform(-saturation, saturation))))
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, lum, s))


class Sketch:
    """A picture of ``pixels`` drawn in a grid of ``units`` (same aspect ratio)."""

    def __init__(
        self,
        units: tuple[int, int],
        pixels: tuple[int, int],
        background: tuple,
        *,
        origin: tuple[float, float] = (0, 0),
        mode: str = "RGB",
    ):
        self.units = units
        self.pixels = pixels
        self.origin = origin
        self.factor = pixels[0] * SUPERSAMPLE / units[0]
        size = (round(pixels[0] * SUPERSAMPLE), round(pixels[1] * SUPERSAMPLE))
        self.image = Image.new(mode, size, background)
        self.pen = ImageDraw.Draw(self.image)

    # Coordinates and widths are in units; the pen works in supersampled pixels.
    def _xy(self, points):
        f, (ox, oy) = self.factor, self.origin
        if points and isinstance(points[0], (tuple, list)):
            return [((x - ox) * f, (y - oy) * f) for x, y in points]
        return [(v - (oy if i % 2 else ox)) * f for i, v in enumerate(points)]

    def _box(self, box):
        x0, y0, x1, y1 = self._xy(box)
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]

    def _w(self, width):
        return max(1, round(width * self.factor))

    def ellipse(self, box, fill=None, outline=None, width=1):
        self.pen.ellipse(self._box(box), fill=fill, outline=outline, width=self._w(width))

    def rectangle(self, box, fill=None, outline=None, width=1, radius=0):
        if radius:
            self.pen.rounded_rectangle(
                self._box(box),
                radius=radius * self.factor,
                fill=fill,
                outline=outline,
                width=self._w(width),
            )
        else:
            self.pen.rectangle(self._box(box), fill=fill, outline=outline, width=self._w(width))

    def polygon(self, points, fill=None, outline=None, width=1):
        self.pen.polygon(self._xy(points), fill=fill, outline=outline, width=self._w(width))

    def line(self, points, fill=None, width=1):
        self.pen.line(self._xy(points), fill=fill, width=self._w(width), joint="curve")

    def arc(self, box, start, end, fill=None, width=1):
        self.pen.arc(self._box(box), start, end, fill=fill, width=self._w(width))

    def chord(self, box, start, end, fill=None, outline=None, width=1):
        self.pen.chord(self._box(box), start, end, fill=fill, outline=outline, width=self._w(width))

    def pieslice(self, box, start, end, fill=None, outline=None, width=1):
        self.pen.pieslice(
            self._box(box), start, end, fill=fill, outline=outline, width=self._w(width)
        )

    def region(self, box, background, mode="RGB") -> Sketch:
        """A blank sketch covering only ``box`` of this one (same units), to paste back."""
        x0, y0, x1, y1 = self._box(box)
        left, top = int(x0) / self.factor, int(y0) / self.factor
        width = (int(x1) + 2 - int(x0)) / SUPERSAMPLE
        height = (int(y1) + 2 - int(y0)) / SUPERSAMPLE
        units = (width * SUPERSAMPLE / self.factor, height * SUPERSAMPLE / self.factor)
        return Sketch(
            units,
            (width, height),
            background,
            origin=(self.origin[0] + left, self.origin[1] + top),
            mode=mode,
        )

    def filled(self, shape: str, box, colour, texture, outline, width=3):
        """``shape`` ("ellipse", "rectangle", "polygon") filled with ``texture(sketch, box)``
        drawn over ``colour`` and clipped to the shape, then outlined. Only the shape's box is
        drawn twice (texture and mask), not the whole picture."""
        bounds = box if shape != "polygon" else _bounds(box)
        layer = self.region(bounds, colour)
        texture(layer, box)
        mask = self.region(bounds, 0, mode="L")
        getattr(mask, shape)(box, fill=255)
        x0, y0, _, _ = self._box(bounds)
        self.image.paste(layer.image, (int(x0), int(y0)), mask.image)
        getattr(self, shape)(box, outline=outline, width=width)

    def jpeg(self, quality: int = 88) -> bytes:
        # Averaging each SUPERSAMPLE × SUPERSAMPLE block is the anti-aliasing itself, and ten
        # times faster than a Lanczos resize of the same picture.
        picture = self.image.reduce(SUPERSAMPLE)
        if picture.size != tuple(round(v) for v in self.pixels):
            picture = self.image.resize(self.pixels, Image.Resampling.LANCZOS)
        output = io.BytesIO()
        picture.save(output, "JPEG", quality=quality, optimize=True)
        return output.getvalue()


def _bounds(points):
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


# --- Ornaments ----------------------------------------------------------------------------------
# Each draws into the square centred on (cx, cy) with half-side r.


def star(s: Sketch, cx, cy, r, colour, points=8, inner=0.45, fill=None, width=2, turn=0.0):
    corners = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * inner
        angle = math.pi * i / points - math.pi / 2 + turn
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    s.polygon(corners, fill=fill, outline=colour, width=width)


def khatam(s: Sketch, cx, cy, r, colour, fill=None, width=2):
    """The eight-pointed star of two interlaced squares (khatam), common in Omani ornament."""
    for turn in (0, math.pi / 4):
        corners = [
            (cx + r * math.cos(turn + k * math.pi / 2), cy + r * math.sin(turn + k * math.pi / 2))
            for k in range(4)
        ]
        s.polygon(corners, fill=fill, outline=colour, width=width)
    s.ellipse((cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3), outline=colour, width=width)


def rosette(s: Sketch, cx, cy, r, colour, petals=8, fill=None, width=2):
    for k in range(petals):
        angle = 2 * math.pi * k / petals
        px, py = cx + r * 0.5 * math.cos(angle), cy + r * 0.5 * math.sin(angle)
        s.ellipse(
            (px - r * 0.5, py - r * 0.5, px + r * 0.5, py + r * 0.5),
            outline=colour,
            width=width,
            fill=fill,
        )
    s.ellipse((cx - r * 0.22, cy - r * 0.22, cx + r * 0.22, cy + r * 0.22), fill=colour)


def palm(s: Sketch, cx, cy, r, colour, width=2):
    trunk = [
        (cx - r * 0.08, cy + r),
        (cx + r * 0.08, cy + r),
        (cx + r * 0.05, cy - r * 0.35),
        (cx - r * 0.02, cy - r * 0.35),
    ]
    s.polygon(trunk, fill=colour)
    top = (cx + r * 0.02, cy - r * 0.4)
    for k in range(7):
        angle = math.pi * (1.05 + k * 0.15)
        end = (top[0] + r * 0.8 * math.cos(angle), top[1] + r * 0.55 * math.sin(angle) + r * 0.3)
        mid = ((top[0] + end[0]) / 2, min(top[1], end[1]) - r * 0.12)
        s.line([top, mid, end], fill=colour, width=width * 1.6)
    for dx in (-0.12, 0.0, 0.12):
        x = top[0] + r * dx
        s.ellipse((x - r * 0.07, top[1] + r * 0.05, x + r * 0.07, top[1] + r * 0.19), fill=colour)


def dhow(s: Sketch, cx, cy, r, colour, width=2):
    hull = [
        (cx - r, cy + r * 0.25),
        (cx + r * 0.85, cy + r * 0.25),
        (cx + r * 0.55, cy + r * 0.6),
        (cx - r * 0.7, cy + r * 0.6),
    ]
    s.polygon(hull, fill=colour)
    s.line([(cx - r * 0.1, cy + r * 0.25), (cx - r * 0.1, cy - r * 0.9)], fill=colour, width=width)
    s.polygon(
        [(cx - r * 0.1, cy - r * 0.9), (cx + r * 0.75, cy + r * 0.1), (cx - r * 0.1, cy + r * 0.1)],
        outline=colour,
        width=width,
    )
    for k in range(3):
        y = cy + r * (0.75 + k * 0.1)
        s.arc((cx - r, y - r * 0.08, cx + r, y + r * 0.08), 200, 340, fill=colour, width=width)


def fort(s: Sketch, cx, cy, r, colour, width=2):
    s.rectangle((cx - r * 0.75, cy - r * 0.2, cx + r * 0.75, cy + r * 0.8), fill=colour)
    for x in (cx - r * 0.9, cx + r * 0.55):
        s.rectangle((x, cy - r * 0.65, x + r * 0.35, cy + r * 0.8), fill=colour)
    for k in range(6):
        x = cx - r * 0.7 + k * r * 0.27
        s.rectangle((x, cy - r * 0.32, x + r * 0.14, cy - r * 0.2), fill=colour)
    s.chord(
        (cx - r * 0.2, cy + r * 0.25, cx + r * 0.2, cy + r * 0.65), 180, 360, fill=(250, 245, 235)
    )
    s.rectangle((cx - r * 0.2, cy + r * 0.45, cx + r * 0.2, cy + r * 0.8), fill=(250, 245, 235))


def khanjar(s: Sketch, cx, cy, r, colour, width=2):
    s.rectangle((cx - r * 0.18, cy - r, cx + r * 0.18, cy - r * 0.55), fill=colour, radius=r * 0.06)
    s.rectangle((cx - r * 0.35, cy - r * 0.55, cx + r * 0.35, cy - r * 0.42), fill=colour)
    sheath = [
        (cx - r * 0.2, cy - r * 0.42),
        (cx + r * 0.2, cy - r * 0.42),
        (cx + r * 0.25, cy),
        (cx + r * 0.55, cy + r * 0.55),
        (cx + r * 0.3, cy + r * 0.75),
        (cx, cy + r * 0.2),
    ]
    s.polygon(sheath, outline=colour, width=width * 1.4)
    for k in range(3):
        y = cy - r * 0.3 + k * r * 0.16
        s.line([(cx - r * 0.14, y), (cx + r * 0.16, y)], fill=colour, width=width)


def dallah(s: Sketch, cx, cy, r, colour, width=2):
    s.polygon(
        [
            (cx - r * 0.45, cy + r * 0.8),
            (cx + r * 0.45, cy + r * 0.8),
            (cx + r * 0.3, cy),
            (cx - r * 0.3, cy),
        ],
        fill=colour,
    )
    s.polygon(
        [
            (cx - r * 0.2, cy),
            (cx + r * 0.2, cy),
            (cx + r * 0.12, cy - r * 0.45),
            (cx - r * 0.12, cy - r * 0.45),
        ],
        fill=colour,
    )
    s.ellipse((cx - r * 0.16, cy - r * 0.75, cx + r * 0.16, cy - r * 0.43), fill=colour)
    s.line(
        [(cx - r * 0.3, cy + r * 0.2), (cx - r * 0.7, cy - r * 0.3), (cx - r * 0.9, cy - r * 0.45)],
        fill=colour,
        width=width * 2,
    )
    s.arc(
        (cx + r * 0.1, cy - r * 0.35, cx + r * 0.75, cy + r * 0.6),
        270,
        90,
        fill=colour,
        width=width * 1.5,
    )


def rose(s: Sketch, cx, cy, r, colour, width=2):
    s.line([(cx, cy + r), (cx, cy)], fill=colour, width=width * 1.4)
    for side in (-1, 1):
        s.ellipse(
            (cx + side * r * 0.05, cy + r * 0.35, cx + side * r * 0.45, cy + r * 0.55), fill=colour
        )
    for k in range(5):
        angle = 2 * math.pi * k / 5 - math.pi / 2
        px, py = cx + r * 0.3 * math.cos(angle), cy - r * 0.35 + r * 0.3 * math.sin(angle)
        s.ellipse(
            (px - r * 0.3, py - r * 0.3, px + r * 0.3, py + r * 0.3), outline=colour, width=width
        )
    s.ellipse((cx - r * 0.12, cy - r * 0.47, cx + r * 0.12, cy - r * 0.23), fill=colour)


def waves(s: Sketch, cx, cy, r, colour, width=2):
    for k in range(4):
        y = cy - r * 0.6 + k * r * 0.4
        for j in range(4):
            x = cx - r + j * r * 0.5
            s.arc((x, y - r * 0.2, x + r * 0.5, y + r * 0.2), 180, 360, fill=colour, width=width)


def frankincense(s: Sketch, cx, cy, r, colour, width=2):
    """A frankincense branch with its leaves and drops of resin."""
    s.line(
        [(cx - r * 0.8, cy + r * 0.8), (cx, cy), (cx + r * 0.7, cy - r * 0.7)],
        fill=colour,
        width=width * 1.5,
    )
    for k in range(5):
        t = 0.15 + k * 0.17
        bx, by = cx - r * 0.8 + t * r * 1.5, cy + r * 0.8 - t * r * 1.5
        for side in (-1, 1):
            lx, ly = bx + side * r * 0.22, by + side * r * 0.12 - r * 0.1
            s.ellipse((lx - r * 0.14, ly - r * 0.07, lx + r * 0.14, ly + r * 0.07), fill=colour)
    for dx, dy in ((0.35, 0.45), (0.55, 0.25), (0.45, 0.65)):
        x, y = cx + r * dx, cy + r * dy
        s.ellipse(
            (x - r * 0.07, y - r * 0.1, x + r * 0.07, y + r * 0.1), outline=colour, width=width
        )


def dhofari(s: Sketch, cx, cy, r, colour, width=2):
    """Rows of triangles and lozenges, as on Dhofari weaving and incense burners."""
    for row in range(3):
        y = cy - r * 0.7 + row * r * 0.55
        for k in range(5):
            x = cx - r + k * r * 0.4
            if row % 2:
                s.polygon(
                    [
                        (x + r * 0.2, y),
                        (x + r * 0.4, y + r * 0.2),
                        (x + r * 0.2, y + r * 0.4),
                        (x, y + r * 0.2),
                    ],
                    outline=colour,
                    width=width,
                )
            else:
                s.polygon(
                    [(x, y + r * 0.4), (x + r * 0.2, y), (x + r * 0.4, y + r * 0.4)], fill=colour
                )


def mandoos(s: Sketch, cx, cy, r, colour, width=2):
    """Rows of round brass studs, as on a mandoos chest."""
    for row in range(4):
        for k in range(5 - row % 2):
            x = cx - r * 0.8 + k * r * 0.4 + (row % 2) * r * 0.2
            y = cy - r * 0.6 + row * r * 0.4
            s.ellipse((x - r * 0.09, y - r * 0.09, x + r * 0.09, y + r * 0.09), fill=colour)
    s.rectangle((cx - r, cy - r * 0.85, cx + r, cy + r * 0.85), outline=colour, width=width)


def geometric(s: Sketch, cx, cy, r, colour, width=2):
    khatam(s, cx, cy, r * 0.9, colour, width=width)
    star(s, cx, cy, r * 0.45, colour, points=8, inner=0.6, width=width, turn=math.pi / 8)


MOTIFS = {
    "dhofari": dhofari,
    "palm": palm,
    "khanjar": khanjar,
    "geometric": geometric,
    "dhow": dhow,
    "fort": fort,
    "frankincense": frankincense,
    "dallah": dallah,
    "rose": rose,
    "waves": waves,
    "mandoos": mandoos,
}


def border(s: Sketch, box, colour, style: str, step=18, width=2):
    """An ornamental band inside ``box``: "dots", "triangles", "zigzag" or "lozenges"."""
    x0, y0, x1, y1 = box
    for edge in ("top", "bottom"):
        y = y0 if edge == "top" else y1
        direction = 1 if edge == "top" else -1
        x = x0 + step / 2
        while x < x1 - step / 2 + 1:
            if style == "dots":
                s.ellipse((x - 3, y + direction * 6 - 3, x + 3, y + direction * 6 + 3), fill=colour)
            elif style == "triangles":
                s.polygon(
                    [(x - step / 2, y), (x + step / 2, y), (x, y + direction * step * 0.7)],
                    fill=colour,
                )
            elif style == "zigzag":
                s.line(
                    [
                        (x - step / 2, y + direction * 4),
                        (x, y + direction * 12),
                        (x + step / 2, y + direction * 4),
                    ],
                    fill=colour,
                    width=width,
                )
            else:
                cy = y + direction * 8
                s.polygon([(x, cy - 6), (x + 6, cy), (x, cy + 6), (x - 6, cy)], fill=colour)
            x += step
