#!/usr/bin/env python3
"""Write static/vendor/ph-coastline.json, the OCM dashboard map's offline base: the
Philippines from Natural Earth's 1:10m Admin 0 countries (public domain), as redistributed
in TopoJSON by the npm package world-atlas, turned into GeoJSON, simplified and rounded so
the page stays light. Run by scripts/build_assets.sh; no dependency beyond the standard
library (TopoJSON arcs are delta-encoded integer points: decoding them is a few lines).

    scripts/build_coastline.py [node_modules/world-atlas/countries-10m.json] [output]
"""

import json
import sys
from pathlib import Path

PHILIPPINES = "608"  # ISO 3166-1 numeric, the feature id in world-atlas
TOLERANCE = 0.01  # degrees (about 1 km): finer than the map ever shows at its zoom
MIN_AREA = 0.0004  # square degrees: islets smaller than about 5 km² are left out
DECIMALS = 3  # about 100 m


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (a long coastline would overflow recursion)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, first
        for candidate in range(first + 1, last):
            distance = _distance(points[candidate], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, candidate
        if farthest > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points: list) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False))) / 2


def _rounded(points: list) -> list:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]


def coastline(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    country = next(
        geometry
        for geometry in topology["objects"]["countries"]["geometries"]
        if str(geometry.get("id")) == PHILIPPINES
    )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    shapes = []
    for polygon in polygons:
        outer = ring(polygon[0], arcs)
        if area(outer) < MIN_AREA:
            continue
        rings = [simplify(ring(indexes, arcs), TOLERANCE) for indexes in polygon]
        rings = [
            [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]
            for points in rings
            if len(points) >= 4
        ]
        if rings:
            shapes.append(rings)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": "Philippines",
                    "source": "Natural Earth 1:10m Admin 0 (public domain), via world-atlas",
                },
                "geometry": {"type": "MultiPolygon", "coordinates": shapes},
            }
        ],
    }


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules/world-atlas/countries-10m.json")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "static/vendor/ph-coastline.json")
    target.write_text(json.dumps(coastline(json.loads(source.read_text())), separators=(",", ":")) + "\n")
    print(f"{target}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
