"""A copy of the fixture data with hostile text in every free-text field the map shows.

Used by the unit tests (what the server sends) and the browser tests (what a reader's
browser does with it): the text must show as written and never run or become markup.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURE

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
TEMPLATE = "${window.__pwned=3}"
BACKTICK = "`\\`"
HOSTILE = f"{SCRIPT} {IMG} {TEMPLATE} {BACKTICK} </script><!--"
JS_URL = "javascript:window.__pwned=4"


def write_hostile_data(folder: Path) -> Path:
    """Copy the fixture into ``folder`` with HOSTILE in every text field; return the stations file."""
    for f in FIXTURE.parent.iterdir():
        shutil.copy(f, folder / f.name)

    def edit(name: str, change) -> None:
        path = folder / name
        doc = json.loads(path.read_text())
        change(doc)
        path.write_text(json.dumps(doc))

    def stations(doc: dict) -> None:
        for feature in doc["features"]:
            props = feature["properties"]
            props["note"] = "note " + HOSTILE
            if props.get("city"):
                props["city"] = props["city"] + " " + HOSTILE

    def events(doc: dict) -> None:
        for event in doc["events"]:
            event["summary"] = "summary " + HOSTILE
            event["actor"] = "actor " + HOSTILE

    def sources(doc: dict) -> None:
        for n, source in enumerate(doc["sources"]):
            source["title"] = "title " + HOSTILE
            source["publisher"] = "publisher " + HOSTILE
            if isinstance(source.get("copy_of"), dict):
                source["copy_of"]["publisher"] = "original " + HOSTILE
            elif n == 0:
                source["copy_of"] = {"publisher": "original " + HOSTILE, "title": HOSTILE, "published": None}

    def reports(doc: dict) -> None:
        for report in doc["reports"]:
            report["title"] = "report " + HOSTILE
            report["publisher"] = "ngo " + HOSTILE

    def disagreements(doc: dict) -> None:
        for d in doc["disagreements"]:
            d["subject"] = "subject " + HOSTILE
            for claim in d["claims"]:
                claim["claim"] = "claim " + HOSTILE

    edit("stations.geojson", stations)
    edit("events.json", events)
    edit("sources.json", sources)
    edit("reports.json", reports)
    edit("disagreements.json", disagreements)
    return folder / "stations.geojson"
