"""Exports in the newsroom's language (issue 18): a Dutch, a Japanese and a Chinese PNG, SVG and PDF
of the same view say every word the image draws in that language, in a font that has its glyphs."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET
import zlib
from datetime import date

import geopandas as gpd
import pytest
from PIL import Image, ImageChops

from exports import render_map_image
from exports.framing import Area
from exports.language import (
    alt_text_in,
    default_image_text,
    default_source_line,
    selection_text,
    status_mix_text,
    subtitle_text,
)
from i18n import format_day, translate
from loaders import Dataset, Filters
from tests.unit.test_fonts import require_noto_cjk

SVG_NS = "{http://www.w3.org/2000/svg}"
LANGS = ("nl", "ja", "zh-Hans")
CJK_FACE = {"ja": "Noto Sans CJK JP", "zh-Hans": "Noto Sans CJK SC"}


def svg_texts(svg: bytes) -> list[str]:
    """Every text run of an SVG (svg.fonttype "none" keeps text as <text> elements)."""
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG_NS}text")]


def svg_families(svg: bytes) -> set[str]:
    return set(re.findall(r"font-family:\s*([^;\"]+)", svg.decode("utf-8")))


def _pdf_string(raw: bytes) -> bytes:
    """A PDF literal string's bytes, its backslash escapes undone (PDF 32000-1, 7.3.4.2)."""
    out, i = bytearray(), 0
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    while i < len(raw):
        c = raw[i]
        if c != 0x5C:  # backslash
            out.append(c)
            i += 1
            continue
        nxt = raw[i + 1]
        if nxt in escapes:
            out += escapes[nxt]
            i += 2
        elif 0x30 <= nxt <= 0x37:
            digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            assert digits is not None
            out.append(int(digits.group(0), 8) & 0xFF)
            i += 1 + len(digits.group(0))
        else:  # \( \) \\ and anything else: the character itself
            out.append(nxt)
            i += 2
    return bytes(out)


def _pdf_objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """object number -> (its dictionary, its stream inflated, if it has one)."""
    out: dict[int, tuple[bytes, bytes | None]] = {}
    for match in re.finditer(rb"(\d+) 0 obj\s(.*?)endobj", pdf, re.S):
        body = match.group(2)
        stream = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        data = None
        if stream is not None:
            try:
                data = zlib.decompress(stream.group(1))
            except zlib.error:
                data = stream.group(1)
        out[int(match.group(1))] = (body.split(b"stream")[0], data)
    return out


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: character code -> text."""

    def text(hexdigits: bytes) -> str:
        return bytes.fromhex(hexdigits.decode()).decode("utf-16-be")

    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[int(src, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)", block):
            first, last = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for code, dst in zip(range(first, last + 1), re.findall(rb"<([0-9a-fA-F]+)>", rest), strict=False):
                    out[code] = text(dst)
            else:
                start = int(rest[1:-1], 16)
                for code in range(first, last + 1):
                    out[code] = chr(start + code - first)
    return out


def pdf_text(pdf: bytes) -> str:
    """The text a PDF from matplotlib shows, one line per text object.

    matplotlib embeds fonts (pdf.fonttype 42) as Type 0 fonts with two-byte character codes and a
    ToUnicode CMap each (PDF 32000-1, 9.10.3): the codes of each string are read through the CMap
    of the font selected before it (``/F1 10 Tf``). Enough to check words without a PDF library."""
    objects = _pdf_objects(pdf)
    maps: dict[bytes, dict[int, str]] = {}
    for head, _ in objects.values():
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", head):
            font = objects[int(number)][0]
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if cmap is not None:
                maps[name] = _to_unicode(objects[int(cmap.group(1))][1] or b"")
    lines = []
    token = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)", re.S)
    for _, content in objects.values():
        if content is None or b"BT" not in content:
            continue
        for block in re.finditer(rb"BT(.*?)ET", content, re.S):
            font: dict[int, str] = {}
            words = []
            for match in token.finditer(block.group(1)):
                if match.group(1) is not None:
                    font = maps.get(match.group(1), {})
                    continue
                raw = _pdf_string(match.group(2))
                codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
                words.append("".join(font.get(c, chr(c)) for c in codes))
            lines.append("".join(words))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def view(mini: Dataset) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    from loaders import aggregate_places

    return mini.stations, aggregate_places(mini.stations)


def _render(mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame], lang: str, fmt: str) -> bytes:
    stations, places = view
    selection = selection_text(Filters(), Area("fit"), mini, lang, "all reported stations")
    text = default_image_text(mini, stations, selection, None, lang)
    with warnings.catch_warnings():  # a glyph the font lacks is drawn as an empty box: an error here
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing")
        return render_map_image(places, fmt=fmt, preset="16:9", text=text, lang=lang)  # type: ignore[arg-type]


def _expected_words(mini: Dataset, lang: str) -> dict[str, str]:
    """What the image must say in ``lang``: the title, the legend's heading and a status, the date,
    and a city named from the gazetteer's names (Rome is ローマ, 罗马)."""
    assert mini.data_as_of is not None
    return {
        "title": translate("title.default", lang),
        "legend": translate("legend.heading", lang),
        "status": translate("status.convicted", lang),
        "country only": translate("legend.country_only", lang),
        "date": translate("data_as_of", lang, date=format_day(mini.data_as_of, lang)),
        "city": {"nl": "Rome", "ja": "ローマ", "zh-Hans": "罗马"}[lang],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_the_svg_says_title_legend_statuses_date_and_names_in_the_language(
    lang: str, mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
) -> None:
    if lang in CJK_FACE:
        require_noto_cjk()
    svg = _render(mini, view, lang, "svg")
    texts = svg_texts(svg)
    joined = "\n".join(texts)
    for what, word in _expected_words(mini, lang).items():
        assert word in joined, f"{lang}: the {what} {word!r} is not among the SVG's text elements"
    english = {"Overseas police service stations", "Status (furthest step)", "Country only", "Reported"}
    assert not english & set(texts), "an English word is left in the image"
    assert not re.search(r"\bData as of\b|November", joined)
    if lang in CJK_FACE:
        assert any(CJK_FACE[lang] in family for family in svg_families(svg)), svg_families(svg)


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_carries_the_words_in_fonts_it_embeds(
    lang: str, mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
) -> None:
    if lang in CJK_FACE:
        require_noto_cjk()
    pdf = _render(mini, view, lang, "pdf")
    text = pdf_text(pdf)
    for what, word in _expected_words(mini, lang).items():
        assert word.replace(" ", "") in text.replace(" ", ""), f"{lang}: the {what} {word!r} is not in the PDF's text"
    fonts = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[A-Za-z0-9-]+)", pdf))  # "ABCDEF+Name": an embedded subset
    assert any(b"DejaVuSans" in f for f in fonts), fonts
    if lang in CJK_FACE:
        face = CJK_FACE[lang].replace(" ", "").lower().encode()
        assert any(face in f.lower() for f in fonts), fonts


def test_the_pdf_text_reader_reads_an_english_pdf(
    mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
) -> None:
    """The helper above can fail: it reads the English words, and no Dutch ones, from an English PDF."""
    text = pdf_text(_render(mini, view, "en", "pdf")).replace(" ", "")
    assert "Overseaspoliceservicestations" in text and "Status(furtheststep)" in text
    assert translate("legend.heading", "nl").replace(" ", "") not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_png_draws_with_the_languages_font_and_differs_from_english(
    lang: str, mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
) -> None:
    if lang in CJK_FACE:
        require_noto_cjk()
    png = _render(mini, view, lang, "png")  # a missing glyph raises (see _render)
    english = _render(mini, view, "en", "png")
    shown, base = Image.open(io.BytesIO(png)), Image.open(io.BytesIO(english))
    assert shown.size == base.size == (1200, 675)
    diff = ImageChops.difference(shown.convert("RGB"), base.convert("RGB")).getbbox()
    assert diff is not None, "the image is the English one"
    # The title's band differs: the title is drawn in the language, not left in English.
    assert diff[1] < 60


def test_an_english_export_keeps_its_words(mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> None:
    stations, _places = view
    text = default_image_text(mini, stations, "all reported stations", None, "en")
    assert text.title == mini.credit.title and text.source_line == mini.credit.source_line
    assert text.data_as_of_text("en") == "Data as of 2026-11-23"
    assert subtitle_text(stations, "all reported stations", "en").startswith("All reported stations: 7 stations")


def test_dates_months_and_lists_come_from_cldr_not_from_words_typed_here(mini: Dataset) -> None:
    line = default_source_line(mini, "de")
    assert "Sept. 2022" in line and "Dez. 2022" in line and line.startswith("Quelle: ")
    assert "2022年9月" in default_source_line(mini, "ja")
    assert status_mix_text(["closed", "reported", "reported"], "de") == "3 Stationen (1 geschlossen und 2 gemeldet)"
    assert status_mix_text(["closed", "reported"], "ja").count("、") == 1  # CLDR's Japanese list
    day = date(2025, 1, 3)
    assert format_day(day, "nl") == "3 januari 2025"


def test_the_selection_and_alt_text_name_countries_from_cldr(
    mini: Dataset, view: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
) -> None:
    stations, places = view
    chosen = selection_text(Filters(countries=("NL",), statuses=("closed",)), Area("Europe"), mini, "de", "x")
    assert chosen.startswith("Niederlande; ") and "Europa" in chosen
    alt = alt_text_in(stations, places, translate("selection.all", "zh-Hans"), "zh-Hans")
    assert "意大利（2）" in alt and " " not in alt.replace("Safeguard Defenders", "")
    assert alt_text_in(stations, places, "all reported stations", "en").startswith("Map of reported Chinese")


# --- the standalone map (exports.html) ---------------------------------------------------------


def _options(page: str) -> dict[str, object]:
    """The renderer's options inside a standalone file (the layer's draw call: view, options, atlas)."""
    import json

    from maps.build import renderer_options

    keys = sorted(json.loads(renderer_options().to_json()))
    start = page.index('{"statuses":')
    options, _ = json.JSONDecoder().raw_decode(page[start:])
    assert sorted(options) == keys
    return options


def test_a_german_standalone_map_speaks_german(mini: Dataset) -> None:
    from exports import standalone_map_html

    page = standalone_map_html(mini, mini.stations, title="Karte", lang="de")
    assert re.search(r'<html lang="de" data-embed-id="[0-9a-f]{12}">', page)
    options = _options(page)
    labels = [s["label"] for s in options["statuses"]]  # type: ignore[index]
    assert labels[0] == "Gemeldet" and translate("status.convicted", "de") in labels
    assert dict(options["section_titles"])["reactions"] == "Reaktionen"  # type: ignore[arg-type]
    words = options["words"]
    assert words["sources"] == "Quellen" and words["correct"] == translate("popup.suggest_correction", "de")  # type: ignore[index]
    assert words["latest"] == "Zuletzt:" and words["quotes"] == translate("popup.quote", "de", count=2)  # type: ignore[index]
    # The legend, the source box and the footer say it too; dates come from CLDR.
    for text in (
        "Status (weitester Schritt)",
        "Nur Land",
        "Datenstand: 23. November 2026",
        "Datenversion",
        "Rom, Italien",
    ):
        assert text in page, text
    assert "Data as of" not in page and "Get the data" not in page and ">Reported<" not in page


def test_the_english_standalone_map_keeps_its_words_and_says_its_language(mini: Dataset) -> None:
    from exports import standalone_map_html
    from exports.html import embed_id_of
    from maps.build import POPUP_WORDS

    page = standalone_map_html(mini, mini.stations, title="Map")
    assert re.search(r'<html lang="en" data-embed-id="[0-9a-f]{12}">', page) and embed_id_of(page)
    assert _options(page)["words"] == POPUP_WORDS
    assert "Data as of 2026-11-23" in page and "Get the data (CSV)" in page


def test_the_english_catalogue_repeats_the_popup_words_the_app_shows() -> None:
    """One set of words: the catalogue's English is what the app's popup and panel say (maps.build)."""
    from loaders.aggregate import SECTION_TITLES
    from maps.build import POPUP_WORD_KEYS, POPUP_WORDS, SECTION_TITLE_KEYS

    assert set(POPUP_WORD_KEYS) | {"quote", "quotes"} == set(POPUP_WORDS)
    for name, key in POPUP_WORD_KEYS.items():
        assert translate(key, "en") == POPUP_WORDS[name], name
    assert [translate(SECTION_TITLE_KEYS[k], "en") for k in SECTION_TITLES] == list(SECTION_TITLES.values())


def test_file_names_take_the_languages_words_and_names() -> None:
    from exports.filenames import export_filename

    chosen = Filters(countries=("NL", "BE"), statuses=("closed",), as_of=date(2025, 1, 1))
    today = date(2026, 12, 7)
    assert (
        export_filename(chosen, "png", today)
        == "overseas-stations_netherlands-belgium_closed_as-of-2025-01-01_2026-12-07.png"
    )
    assert (
        export_filename(chosen, "png", today, lang="de")
        == "polizeistationen-ausland_niederlande-belgien_geschlossen_stand-2025-01-01_2026-12-07.png"
    )
    assert (
        export_filename(Filters(), "svg", today, Area("Europe"), lang="zh-Hans") == "海外警察服务站_欧洲_2026-12-07.svg"
    )
    assert export_filename(Filters(), "pdf", today, Area("view"), lang="ja").split("_")[1] == "地図表示"


def test_a_german_popup_says_since_when_in_german() -> None:
    # The station line "Geschlossen seit 20. Dez. 2022 (…)": the date in the language, the event's
    # words as the data has them; English unchanged.
    from loaders import aggregate_places, load_dataset
    from maps.payload import view_payload
    from tests.conftest import FIXTURE

    mini = load_dataset(FIXTURE)
    places = aggregate_places(mini.stations)
    atlas = {pid: n for n, pid in enumerate(places["place_id"])}
    german = view_payload(mini, mini.stations, places, None, atlas, "digest", lang="de")["texts"]
    english = view_payload(mini, mini.stations, places, None, atlas, "digest")["texts"]
    assert any(t.startswith("18. Dez. 2024 (") for t in german), german
    assert any(t.startswith("18 Dec 2024 (") for t in english) and not any(t.startswith("18 Dec") for t in german)


def test_a_standalone_map_never_sends_a_reader_to_a_page_it_does_not_have() -> None:
    # The app's popup points to its Reactions page for the general statements it leaves out; a
    # standalone file has no such page, in English as in any other language.
    from loaders import aggregate_places, load_dataset
    from maps.payload import view_payload
    from tests.conftest import ROOT

    bundled = load_dataset(ROOT / "data" / "stations.geojson")
    places = aggregate_places(bundled.stations)
    atlas = {pid: n for n, pid in enumerate(places["place_id"])}
    in_app = view_payload(bundled, bundled.stations, places, None, atlas, "digest")["texts"]
    assert any(t.endswith("on all stations: Reactions page.") for t in in_app)
    for lang, words in (("en", "Not shown here: general statements on all stations ("), ("de", "Hier nicht gezeigt")):
        texts = view_payload(bundled, bundled.stations, places, None, atlas, "digest", lang=lang, standalone=True)
        assert not any("Reactions page" in t for t in texts["texts"])
        assert any(t.startswith(words) for t in texts["texts"]), lang
