"""Chinese, Japanese and Korean text drawn with no missing glyph in PNG, SVG and PDF."""

from __future__ import annotations

import html
import io
import os
import re
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure

from exports.fonts import (
    CJK_FAMILIES,
    LATIN_FONT,
    NOTO_CJK_DIR,
    NOTO_CJK_FILES,
    MissingFontError,
    font_family,
    needs_cjk,
    rc_for_language,
    register_cjk_fonts,
)
from i18n import translate

CJK = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}


def require_noto_cjk() -> None:
    """Skip without Debian's fonts-noto-cjk locally; under CI=true a missing font is a failure."""
    if (NOTO_CJK_DIR / NOTO_CJK_FILES[0]).is_file():
        return
    message = f"{NOTO_CJK_DIR / NOTO_CJK_FILES[0]} not found: install Debian's fonts-noto-cjk (make system)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _draw(lang: str, fmt: str, texts: list[str]) -> bytes:
    """A small figure with ``texts`` (regular and bold), with matplotlib's "Glyph … missing" warning
    turned into an error."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing")
        with matplotlib.rc_context(rc_for_language(lang)):
            fig = Figure(figsize=(6, 2))
            for i, text in enumerate(texts):
                fig.text(0.02, 0.85 - 0.2 * i, text, fontweight="bold" if i == 0 else "normal", parse_math=False)
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata={"Creator": None} if fmt != "png" else None)
    return buffer.getvalue()


def _words(lang: str) -> list[str]:
    return [
        translate("title.default", lang),
        translate("legend.title", lang) + ": " + translate("status.closure_ordered", lang),
        translate("alt.unplaced", lang, count=3),
        translate("bureau.wenzhou", lang) + " · Madrid 2026",
    ]


def test_latin_languages_use_dejavu_alone_and_cjk_ones_add_their_regional_noto_face() -> None:
    assert font_family("de") == [LATIN_FONT]
    assert font_family("unknown") == [LATIN_FONT]
    assert not needs_cjk("fr") and needs_cjk("ko")
    assert set(CJK_FAMILIES.values()) == set(CJK.values())


def test_a_missing_cjk_font_is_an_error_that_names_the_package(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import exports.fonts as fonts

    monkeypatch.setattr(fonts, "register_cjk_fonts", lambda directory=tmp_path: set())
    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        fonts.font_family("ja")


def test_without_the_cjk_face_matplotlib_reports_the_missing_glyphs() -> None:
    """The check below can fail: DejaVu Sans alone has no Chinese, and the warning becomes an error."""
    with pytest.raises(UserWarning, match="missing"), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing")
        with matplotlib.rc_context({"font.family": [LATIN_FONT]}):
            fig = Figure(figsize=(2, 1))
            fig.text(0.1, 0.5, "温州")
            fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("lang", list(CJK))
def test_png_draws_every_glyph_of_the_language(lang: str) -> None:
    require_noto_cjk()
    assert CJK[lang] in register_cjk_fonts()
    assert font_family(lang) == [LATIN_FONT, CJK[lang]]
    assert _draw(lang, "png", _words(lang)).startswith(b"\x89PNG")


@pytest.mark.parametrize("lang", list(CJK))
def test_svg_keeps_the_words_as_text_in_the_right_font(lang: str) -> None:
    require_noto_cjk()
    words = _words(lang)
    svg = _draw(lang, "svg", words).decode("utf-8")
    for word in words:
        assert html.escape(word, quote=False) in svg, word
    assert CJK[lang] in svg  # the CJK face is named in the font-family, after DejaVu Sans
    assert "<use" not in svg  # glyphs drawn as outlines would be <use> references to <path> glyphs


@pytest.mark.parametrize("lang", ["zh-Hans", "ja"])  # a subset per PDF takes seconds: two languages suffice
def test_pdf_embeds_a_subset_of_the_cjk_font(lang: str) -> None:
    require_noto_cjk()
    pdf = _draw(lang, "pdf", _words(lang)[:2])
    fonts = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[A-Za-z0-9-]+)", pdf))  # "ABCDEF+Name": a subset
    face = CJK[lang].replace(" ", "").lower().encode()  # "notosanscjksc"
    assert any(face in f.lower() for f in fonts), fonts
    assert any(b"DejaVuSans" in f for f in fonts), fonts  # Latin text stays in DejaVu Sans
    assert b"/FontFile" in pdf  # embedded, not referenced
    assert len(pdf) < 400_000  # a subset, not the 19 MB collection
