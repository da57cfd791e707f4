"""The catalogues (i18n/catalogues/*.po): complete, consistent with the vocabulary, read with CLDR's rules."""

from __future__ import annotations

import gettext
import re
from datetime import date

import pytest
from babel import Locale
from babel.plural import to_gettext

import i18n
from i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    MissingTranslation,
    format_day,
    keys,
    language_of,
    placeholders,
    plural_categories,
    plural_index,
    read_catalogue,
    translate,
    vocabulary_keys,
)
from loaders.vocab import ACTOR_KINDS, EVENT_TYPES, STATUSES

REQUIRED_LANGUAGES = {"en", "zh-Hans", "zh-Hant", "nl", "de", "fr", "it", "es", "pt", "ja", "ko"}
OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def _entries(lang: str) -> dict[str, object]:
    return {m.context: m for m in read_catalogue(lang) if m.id and m.context}


def test_the_issue_languages_each_have_a_catalogue_file() -> None:
    assert set(LANGUAGES) >= REQUIRED_LANGUAGES
    for lang in LANGUAGES:
        assert i18n.catalogue_path(lang).is_file(), lang


@pytest.mark.parametrize("lang", OTHERS)
def test_every_key_exists_in_every_language_translated_and_not_fuzzy(lang: str) -> None:
    english, translated = _entries(DEFAULT_LANGUAGE), _entries(lang)
    assert sorted(set(english) - set(translated)) == [], f"{lang}.po lacks these keys"
    assert sorted(set(translated) - set(english)) == [], f"{lang}.po has keys English does not"
    for key, message in translated.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(f.strip() for f in forms), f"{lang}.po: {key} is not translated"
        assert not message.fuzzy, f"{lang}.po: {key} is marked fuzzy"
        assert message.id == english[key].id, f"{lang}.po: {key} translates an old English text"


def test_every_status_event_type_actor_kind_and_bureau_has_a_name_in_every_language() -> None:
    needed = [k for group in vocabulary_keys().values() for k in group]
    for lang in LANGUAGES:
        present = _entries(lang)
        missing = [k for k in needed if k not in present]
        assert missing == [], f"{lang}.po lacks {missing}"
    # A new vocabulary word makes this fail until it is translated: the keys follow loaders.vocab.
    assert len(vocabulary_keys()["event types"]) == len(EVENT_TYPES)
    assert len(vocabulary_keys()["statuses"]) == 2 * len(STATUSES)
    assert len(vocabulary_keys()["actor kinds"]) == len(ACTOR_KINDS)


def test_the_english_catalogue_says_what_the_vocabulary_says() -> None:
    for s in STATUSES:
        assert translate(f"status.{s.key}", "en") == s.label
    for key, (label, _status) in EVENT_TYPES.items():
        assert translate(f"event.{key}", "en") == label
    for key, (label, _group) in ACTOR_KINDS.items():
        assert translate(f"actor.{key}", "en") == label


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_match_the_english_ones(lang: str) -> None:
    english = _entries(DEFAULT_LANGUAGE)
    for key, message in _entries(lang).items():
        wanted = placeholders(english[key].id if isinstance(english[key].id, str) else english[key].id[0])
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert placeholders(form) == wanted, f"{lang}.po {key}: {form!r} has not {sorted(wanted)}"
            # A stray brace would print as is: only {name} placeholders may use braces.
            assert re.sub(r"\{[a-z_]+\}", "", form).count("{") == 0, f"{lang}.po {key}: {form!r}"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_plural_entries_have_one_form_per_cldr_category_and_the_header_says_so(lang: str) -> None:
    catalogue = read_catalogue(lang)
    categories = plural_categories(lang)
    assert catalogue.num_plurals == len(categories)
    rule = re.sub(r"\be\b", "0", to_gettext(Locale.parse(LANGUAGES[lang].locale).plural_form))
    assert catalogue.plural_forms == rule, f"{lang}.po's Plural-Forms is not CLDR's rule"
    # gettext's own evaluator of the header agrees with CLDR's rule through Babel (PO editors use it).
    evaluate = gettext.c2py(rule.split("plural=", 1)[1].rstrip(";"))
    for n in [*range(0, 30), 100, 101, 1000, 1_000_000, 2_000_000]:
        assert evaluate(n) == plural_index(lang, n), (lang, n)
    plural = [m for m in catalogue if m.id and isinstance(m.id, tuple)]
    assert plural, "no plural entry at all"
    for message in plural:
        assert len(message.string) == len(categories), (lang, message.context)


def test_translate_fills_placeholders_and_picks_the_plural_form_by_cldr() -> None:
    assert translate("count.stations", "en", count=1) == "1 station"
    assert translate("count.stations", "en", count=1234) == "1,234 stations"
    assert translate("count.stations", "de", count=1234) == "1.234 Stationen"
    assert translate("count.stations", "fr", count=1) == "1 poste"
    assert translate("count.stations", "fr", count=0) == "0 poste"  # French: 0 takes the singular
    assert translate("count.stations", "fr", count=1_000_000) == "1\u202f000\u202f000 de postes"
    assert translate("count.stations", "ja", count=3) == "3か所"
    assert translate("data_as_of", "de", date="23. November 2026") == "Datenstand: 23. November 2026"


def test_translate_leaves_braces_in_values_alone_and_falls_back_to_english_for_an_unknown_language() -> None:
    assert translate("popup.load_failed", "en", error="{count} {x}") == "The details could not be loaded: {count} {x}"
    assert translate("legend.title", "xx") == "Status"
    with pytest.raises(MissingTranslation):
        translate("no.such.key", "de")
    with pytest.raises(TypeError):
        translate("count.stations", "de")


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("de", "de"), ("de-AT", "de"), ("DE_ch", "de"), ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-TW", "zh-Hant"),
     ("zh-Hant", "zh-Hant"), ("zh-hant-hk", "zh-Hant"), ("pt-BR", "pt"), ("ja-JP", "ja"), ("xx", "en"), ("", "en"),
     (None, "en"), ("<script>", "en")],
)  # fmt: skip
def test_language_of_maps_a_tag_to_a_catalogue(tag: object, lang: str) -> None:
    assert language_of(tag) == lang


def test_dates_come_from_cldr_in_each_language() -> None:
    day = date(2026, 11, 23)
    assert format_day(day, "en") == "November 23, 2026"
    assert format_day(day, "nl") == "23 november 2026"
    assert format_day(day, "ja") == "2026年11月23日"
    assert format_day(day, "ko") == "2026년 11월 23일"
    assert len({format_day(day, lang) for lang in LANGUAGES}) == 8  # zh, zh-Hant, ja share one; fr and it too


def test_bureaus_carry_their_chinese_characters_in_the_chinese_catalogues() -> None:
    names = {b: translate(f"bureau.{b}", "zh-Hans") for b in ("fuzhou", "qingtian", "nantong", "wenzhou")}
    assert names == {"fuzhou": "福州", "qingtian": "青田", "nantong": "南通", "wenzhou": "温州"}
    assert translate("bureau.wenzhou", "zh-Hant") == "溫州"
    assert set(i18n.translations("bureau.wenzhou").values()) >= {"Wenzhou", "温州", "溫州", "원저우"}


def test_the_keys_are_read_from_the_english_catalogue_in_its_order() -> None:
    assert keys()[0] == "status.reported"
    assert "popup.suggest_correction" in keys()


def test_a_partial_date_is_written_in_the_language_as_precise_as_it_is_known() -> None:
    # CLDR's own month names and orders (Babel skeletons), the catalogue's words for what is unknown.
    from i18n import format_partial_day

    assert format_partial_day("2022-12-05", "de") == "5. Dez. 2022"
    assert format_partial_day("2022-11", "de") == "Nov. 2022 (Tag unbekannt)"
    assert format_partial_day("2022", "de") == "2022 (Monat unbekannt)"
    assert format_partial_day("2022-11", "ja") == "2022年11月（日不明）"
    assert format_partial_day("2022-11", "en") == "Nov 2022 (day unknown)"  # loaders.dates.display_date's


def test_a_german_atlas_dates_its_events_in_german() -> None:
    from loaders import load_dataset
    from maps.atlas import atlas_payload
    from tests.conftest import FIXTURE

    mini = load_dataset(FIXTURE)
    german = atlas_payload(mini, "de")["events"]
    english = atlas_payload(mini)["events"]
    assert [e["date"] for e in english] == list(mini.events["date_shown"])
    assert any(e["date"].endswith("(Tag unbekannt)") or "Dez." in e["date"] for e in german)
    assert not any("unknown" in e["date"] for e in german)
