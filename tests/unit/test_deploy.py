"""The container recipe keeps its promises (DEPLOY.md); the build itself needs a docker daemon."""

from __future__ import annotations

from tests.conftest import ROOT


def test_the_image_runs_as_a_non_root_user_with_a_health_check() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert "FROM python:3.11-slim" in lines
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    health = next(line for i, line in enumerate(lines) if lines[i - 1].startswith("HEALTHCHECK"))
    assert "/_stcore/health" in health
    assert any(line.startswith("RUN pip install -r requirements.txt -c constraints.txt") for line in lines)


def test_the_image_leaves_out_nothing_the_app_reads_at_run_time() -> None:
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    needed = {"app.py", "pages", "ui", "loaders", "maps", "exports", "i18n", "data", "static", "vendor", ".streamlit"}
    assert not needed & ignored
