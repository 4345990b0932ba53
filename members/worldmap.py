"""A world map of the member states coloured by nomination status, drawn on the server as SVG
from the npm package world-atlas (Natural Earth 1:110m, TopoJSON; installed through
package-lock.json). No JavaScript and no inline style: paths carry classes only (strict CSP).

States too small for the 1:110m map (Bahrain, Comoros, Maldives) are drawn as dots.
"""

import json
from functools import lru_cache

from django.conf import settings
from django_countries import countries

from .map import CENTROIDS

ATLAS = settings.NODE_MODULES / "world-atlas" / "countries-110m.json"
# Equirectangular, cropped to the region of the 57 states (Suriname to Indonesia).
WEST, EAST, NORTH, SOUTH = -90.0, 155.0, 62.0, -40.0
VIEWBOX = f"{WEST} {-NORTH} {EAST - WEST} {NORTH - SOUTH}"


def _decode_arcs(topology) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes, arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _path(polygons, arcs, per_degree: int) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = _ring(ring, arcs)
            if not points or all(lon < WEST or lon > EAST for lon, _lat in points):
                continue
            parts.append(_compact(points, per_degree))
    return "".join(part for part in parts if part)


def _compact(points, per_degree: int) -> str:
    """One ring as path data: the first point absolute, then relative steps, all on a grid of
    1/per_degree of a degree (steps are taken between grid points, so no rounding error
    accumulates), and no step of zero: a third of the size of absolute coordinates."""
    grid = [(round(lon * per_degree), round(-lat * per_degree)) for lon, lat in points]
    (x0, y0), steps = grid[0], []
    previous = grid[0]
    for point in grid[1:]:
        dx, dy = point[0] - previous[0], point[1] - previous[1]
        if dx or dy:
            steps.append(f"{_number(dx / per_degree)} {_number(dy / per_degree)}")
            previous = point
    if not steps:  # an islet smaller than the grid: nothing to draw
        return ""
    return f"M{_number(x0 / per_degree)} {_number(y0 / per_degree)}l{' '.join(steps)}Z"


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


# Member states are drawn on a 0.1° grid; the other countries, only there for context, on a
# 0.5° grid (less than a pixel at the map's size either way; half the bytes of the page).
MEMBER_GRID, CONTEXT_GRID = 10, 2


@lru_cache(maxsize=1)
def country_paths() -> dict[str, str]:
    """ISO 3166 alpha-2 → SVG path data, read once per process."""
    from .reference import member_state_codes

    members = member_state_codes()
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    paths = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind, numeric = geometry.get("type"), geometry.get("id")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        code = countries.alpha2(int(numeric)) if numeric and numeric.isdigit() else ""
        path = _path(polygons, arcs, MEMBER_GRID if code in members else CONTEXT_GRID)
        if path:
            paths[code or f"_{len(paths)}"] = path
    return paths


def world_map(rows) -> dict:
    paths = country_paths()
    members = {row.state.country.code: row for row in rows}
    shapes, dots = [], []
    for code, row in members.items():
        item = {"row": row, "code": row.state.iso3, "status": row.status, "stale": row.stale}
        if code in paths:
            shapes.append({**item, "d": paths[code]})
        elif code in CENTROIDS:
            lat, lon = CENTROIDS[code]
            dots.append({**item, "x": lon, "y": -lat})
    others = [d for code, d in paths.items() if code not in members]
    return {"viewbox": VIEWBOX, "shapes": shapes, "dots": dots, "others": others}
