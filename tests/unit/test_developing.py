"""DEVELOPING.md names real files and tests: a rename that leaves it pointing nowhere fails here."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_every_file_and_test_that_developing_md_names_exists() -> None:
    text = (ROOT / "DEVELOPING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[\w.-]+/)+[\w.<>-]*\.(?:py|json|html|js))`", text))
    named |= {f"tests/unit/{n}" for n in re.findall(r"`(test_\w+\.py)`", text)}
    assert len(named) > 20
    missing = sorted(n for n in named if "<" not in n and not (ROOT / n).exists())
    assert missing == []


def test_the_readme_links_developing_md() -> None:
    assert "(DEVELOPING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
