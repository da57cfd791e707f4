"""Synthetic data in the real schema, for benchmarks: the bundled data plus jittered copies.

Each copy is a placed bundled station moved by up to ~1° and given its own city name
("Madrid 17"), so every copy is its own place; copies keep the original's country,
bureau, reports and sources, so the country-wide and general events concern them too.

Run: .venv/bin/python bench/synthetic.py SIZE OUT_DIR   (SIZE = number of stations, at most 100 000)
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.evidence import UNQUOTED_FILE  # noqa: E402
from loaders.files import COMPANION_FILES  # noqa: E402
from loaders.geography import country_bounds  # noqa: E402
from loaders.rules import inside_countries  # noqa: E402

DATA = ROOT / "data"
SEED = 20221205  # fixed: every run benchmarks the same points


def write_synthetic(stations: int, out: Path, data: Path = DATA) -> Path:
    """Write a data folder with ``stations`` stations (each copy its own place) to ``out``; return
    its stations file. At or below the bundled count it is the bundled data unchanged."""
    out.mkdir(parents=True, exist_ok=True)
    for name in COMPANION_FILES.values():
        shutil.copy(data / name, out / name)
    doc = json.loads((data / "stations.geojson").read_text("utf-8"))
    features = doc["features"]
    placed = [f for f in features if f["geometry"] and f["properties"]["location_precision"] == "city"]
    by_id = {f["properties"]["id"]: f for f in placed}
    rng = random.Random(SEED)
    copies = []
    n = 0
    while len(features) + len(copies) < stations:
        original = placed[n % len(placed)]
        n += 1
        props = dict(original["properties"])
        lon, lat = original["geometry"]["coordinates"]
        props["id"] = f"{props['id']}-synthetic-{n}"
        props["city"] = f"{props['city']} {n}"
        props["origin"] = props["origin"]
        props.pop("note", None)  # the original's quotes stay: the curated data's validator wants them
        # Jittered by up to 1°, kept inside the country's bounding box; a copy that lands outside the
        # country itself (in the sea, across a border) stays on its original's point (below).
        west, south, east, north = country_bounds(props["country_code"]) or (-180.0, -80.0, 180.0, 80.0)
        x = min(max(lon + rng.uniform(-1, 1), west), east)
        y = min(max(lat + rng.uniform(-1, 1), south), north)
        point = [round(x, 4), round(y, 4)]
        copies.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": point}, "properties": props})
    # The validator checks each point against its country's outline (loaders.rules.inside_countries).
    inside = inside_countries([(c["properties"]["country_code"], *c["geometry"]["coordinates"]) for c in copies])
    for copy, ok in zip(copies, inside, strict=True):
        if ok is False:
            original = copy["properties"]["id"].rsplit("-synthetic-", 1)[0]
            copy["geometry"] = dict(by_id[original]["geometry"])
    doc["features"] = features + copies
    target = out / "stations.geojson"
    target.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    # The claims still allowed without a quote: the originals' and, for each copy, the same ones.
    unquoted = data / UNQUOTED_FILE
    if unquoted.exists():
        claims = json.loads(unquoted.read_text("utf-8"))["claims"]
        by_station: dict[str, list[str]] = {}
        for claim in claims:
            if claim.startswith("station:"):
                _, sid, kind = claim.split(":")
                by_station.setdefault(sid, []).append(kind)
        for copy in copies:
            sid = copy["properties"]["id"]
            original = sid.rsplit("-synthetic-", 1)[0]
            claims += [f"station:{sid}:{kind}" for kind in by_station.get(original, [])]
        (out / UNQUOTED_FILE).write_text(json.dumps({"claims": claims}, ensure_ascii=False), "utf-8")
    return target


if __name__ == "__main__":
    print(write_synthetic(int(sys.argv[1]), Path(sys.argv[2])))
