"""The map's offline base: the vendored coastline (scripts/build_coastline.py) is the
Philippines, light enough to ship, and the script decodes TopoJSON arcs correctly."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COASTLINE = ROOT / "static" / "vendor" / "ph-coastline.json"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_coastline", ROOT / "scripts" / "build_coastline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inside(point, ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_the_coastline_holds_the_obc_regions_and_not_the_sea():
    shape = json.loads(COASTLINE.read_text())
    polygons = shape["features"][0]["geometry"]["coordinates"]
    outers = [polygon[0] for polygon in polygons]

    def on_land(point) -> bool:
        return any(_inside(point, ring) for ring in outers)

    assert on_land((124.25, 7.22))  # Cotabato City, Region XII
    assert on_land((123.43, 7.83))  # Pagadian, Region IX
    assert on_land((125.61, 7.07))  # Davao City, Region XI
    assert not on_land((123.5, 6.4))  # the Moro Gulf
    assert COASTLINE.stat().st_size < 60_000  # the dashboard fetches it on every visit


def test_the_script_decodes_delta_encoded_arcs_and_reversed_ones():
    build = _build_script()
    topology = {"transform": {"scale": [0.5, 0.5], "translate": [100, 5]}, "arcs": [[[0, 0], [2, 0], [0, 2]]]}
    arcs = build.decode_arcs(topology)
    assert arcs == [[(100.0, 5.0), (101.0, 5.0), (101.0, 6.0)]]
    assert build.ring([~0], arcs) == [(101.0, 6.0), (101.0, 5.0), (100.0, 5.0)]
    # A straight run of points simplifies to its ends.
    assert build.simplify([(0, 0), (1, 0.001), (2, 0)], 0.01) == [(0, 0), (2, 0)]
