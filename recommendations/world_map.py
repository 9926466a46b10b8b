"""A map of the world drawn by the server as SVG, from Natural Earth's boundaries (npm's ``world-atlas``,
1:110m, as TopoJSON) in the Equal Earth projection: no tile server, no script, nothing fetched.

``world_map(counts, …)`` shades each state by a count (recommendations received, or made to one state)
and links it to the page or search behind the number. The shapes are decoded and projected once per
process (about 80 KB of path data), then only coloured per request. Countries are matched by their
ISO 3166 numeric code, turned into alpha-3 with ``i18n-iso-countries``' code table; the few shapes
without a code (Kosovo, Northern Cyprus, Somaliland) are drawn unlinked.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
ATLAS = NODE_MODULES / "world-atlas" / "countries-110m.json"
CODES = NODE_MODULES / "i18n-iso-countries" / "codes.json"
WIDTH = 960
SHADES = 5  # classes of the colour scale, lightest to darkest

# Equal Earth (Šavrič, Patterson, Jenny 2018): x = λ·cos θ / (√3/2·(A1 + 3A2θ² + θ⁶(7A3 + 9A4θ²))), …
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def _project(lon: float, lat: float) -> tuple[float, float]:
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = _project(180, 0)[0]
Y_MAX = _project(0, 90)[1]
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round(2 * Y_MAX * SCALE)


@dataclass(frozen=True)
class Shape:
    iso3: str
    name: str
    path: str


def _arcs(topology) -> list[list[tuple[float, float]]]:
    """TopoJSON's delta-encoded, quantised arcs as (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _path(rings) -> str:
    parts = []
    for ring in rings:
        points, previous = [], None
        for lon, lat in ring:
            # A ring crossing the antimeridian (Fiji, Chukotka, Antarctica's closing edge) would draw a line
            # across the whole map: keep each point beside the one before, then hold it at the edge.
            if previous is not None:
                lon += 360 * round((previous - lon) / 360)
            previous = lon
            x, y = _project(max(-180.0, min(180.0, lon)), lat)
            point = f"{(x + X_MAX) * SCALE:.0f},{(Y_MAX - y) * SCALE:.0f}"
            if not points or points[-1] != point:  # whole pixels: neighbours often merge
                points.append(point)
        parts.append(f"M{' '.join(points)}Z")
    return "".join(parts)


@cache
def shapes() -> tuple[Shape, ...]:
    """Every country's outline as an SVG path, projected once per process."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    alpha3 = {numeric: a3 for _a2, a3, numeric, *_rest in json.loads(CODES.read_text(encoding="utf-8"))}
    arcs = _arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        iso3 = alpha3.get(str(geometry.get("id", "")), "")
        found.append(Shape(iso3, geometry.get("properties", {}).get("name", ""), _path(rings)))
    return tuple(found)


@dataclass
class Country:
    iso3: str
    name: str
    path: str
    count: int
    shade: int  # 0: none, 1…SHADES
    href: str | None
    highlighted: bool


def world_map(
    counts: dict[str, int], *, href, names: dict[str, str] | None = None, highlight: str = ""
) -> dict:
    """The map's context: ``countries`` (shape, count, shade, link), ``width``, ``height``, ``legend``.

    ``counts`` maps alpha-3 codes to numbers; ``href(iso3)`` gives each counted state's link; ``names``
    the states' names as the tracker writes them; ``highlight`` the state the page is about.
    """
    names = names or {}
    top = max(counts.values(), default=0)
    # Upper bounds of the classes on a logarithmic scale: a few states receive far more than most.
    bounds = [round(math.expm1(math.log1p(top) * n / SHADES)) for n in range(SHADES + 1)] if top else []

    def shade(count):
        return next((n for n in range(1, len(bounds)) if count <= bounds[n]), 0) if count else 0

    countries = [
        Country(
            shape.iso3,
            names.get(shape.iso3, shape.name),
            shape.path,
            counts.get(shape.iso3, 0),
            shade(counts.get(shape.iso3, 0)),
            href(shape.iso3) if counts.get(shape.iso3) else None,
            bool(highlight) and shape.iso3 == highlight,
        )
        for shape in shapes()
    ]
    legend = [(n, max(1, bounds[n - 1] + (n > 1)), bounds[n]) for n in range(1, SHADES + 1)] if top else []
    return {
        "countries": countries,
        "width": WIDTH,
        "height": HEIGHT,
        "legend": [(n, low, high) for n, low, high in legend if low <= high],
        "counted": sum(1 for country in countries if country.count),
    }
