"""Fonts that draw every word of an export in its language: DejaVu Sans (matplotlib's own) for Latin
script, then Noto Sans CJK (Debian's fonts-noto-cjk, installed by scripts/ensure_system_packages.sh
and the Dockerfile) for Chinese, Japanese and Korean.

matplotlib falls back glyph by glyph along ``font.family``: Latin text (place names, numbers,
"Safeguard Defenders") keeps DejaVu Sans and only the CJK characters come from Noto, in the regional
face the language expects (the same character is drawn differently in SC, TC, JP and KR). PDFs embed
a subset of each font (``pdf.fonttype`` 42), SVGs keep text as text (``svg.fonttype`` "none") and
name the same families, so a designer's machine with the fonts shows the same letters.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from matplotlib import font_manager

from i18n import LANGUAGES

LATIN_FONT = "DejaVu Sans"  # bundled with matplotlib: no system font, no download
NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")
NOTO_CJK_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")  # bold: titles and counts
# Language script (i18n.Language.script) -> the face of the Noto Sans CJK collection.
CJK_FAMILIES = {"sc": "Noto Sans CJK SC", "tc": "Noto Sans CJK TC", "jp": "Noto Sans CJK JP", "kr": "Noto Sans CJK KR"}

_LOCK = threading.Lock()


class MissingFontError(RuntimeError):
    """A language's font is not installed: say which package brings it rather than draw empty boxes."""


def needs_cjk(lang: str) -> bool:
    return LANGUAGES[lang].script in CJK_FAMILIES if lang in LANGUAGES else False


def _registered() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def register_cjk_fonts(directory: Path = NOTO_CJK_DIR) -> set[str]:
    """Make matplotlib know the Noto CJK faces, whatever its font cache says (a cache written before
    the package was installed lists none of them). Returns the CJK families now known."""
    with _LOCK:
        if not set(CJK_FAMILIES.values()) <= _registered():
            for name in NOTO_CJK_FILES:
                path = directory / name
                if path.is_file():
                    font_manager.fontManager.addfont(str(path))  # every face of the collection
        return set(CJK_FAMILIES.values()) & _registered()


def font_family(lang: str) -> list[str]:
    """``font.family`` for ``lang``: DejaVu Sans first, then the CJK face for Chinese, Japanese or
    Korean. Raises MissingFontError when that face is not installed."""
    script = LANGUAGES[lang].script if lang in LANGUAGES else "latin"
    if script not in CJK_FAMILIES:
        return [LATIN_FONT]
    family = CJK_FAMILIES[script]
    if family not in register_cjk_fonts():
        raise MissingFontError(
            f"{family} is not installed: the {lang} export needs Debian's fonts-noto-cjk "
            f"({NOTO_CJK_DIR / NOTO_CJK_FILES[0]}); run `make system` or install it in the image"
        )
    return [LATIN_FONT, family]


def rc_for_language(lang: str) -> dict[str, Any]:
    """matplotlib rcParams for an export in ``lang`` (to merge into exports.image's RC_PARAMS)."""
    return {
        "font.family": font_family(lang),
        "svg.fonttype": "none",  # text stays text: searchable, editable, testable
        "pdf.fonttype": 42,  # TrueType/OpenType embedded as a subset: editable, prints anywhere
    }
