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
    needed = {"app.py", "pages", "ui", "loaders", "maps", "exports", "i18n", "templates", "data", "static", "vendor"}
    needed.add(".streamlit")
    assert not needed & ignored


def test_the_image_has_the_fonts_the_exports_draw_every_language_with() -> None:
    # exports/fonts.py reads Noto Sans CJK from Debian's package: without it a Japanese export fails.
    from exports.fonts import NOTO_CJK_DIR

    dockerfile = (ROOT / "Dockerfile").read_text()
    system = (ROOT / "scripts" / "ensure_system_packages.sh").read_text()
    assert "fonts-noto-cjk" in system and str(NOTO_CJK_DIR).startswith("/usr/share/fonts")
    installs = [line for line in dockerfile.splitlines() if line.startswith("RUN apt-get") and "fonts-noto-cjk" in line]
    assert installs, "the Dockerfile installs fonts-noto-cjk"
    assert dockerfile.index(installs[0]) < dockerfile.index("USER "), "as root, before the app's user"
