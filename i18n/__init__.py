"""The map's words in the newsroom's language: one gettext catalogue per language, read with Babel.

``i18n/catalogues/<language>.po`` holds every word the exports and the standalone map show,
keyed by ``msgctxt`` ("status.closed", "legend.title"...) with the English text as ``msgid``
beside its translation, so a native speaker reviews one file in any PO editor (README.md
beside this file says what to check). Nothing here is translated in code: dates, numbers,
lists and plural rules come from CLDR through Babel, country names from CLDR
(``i18n.names``), place names from the gazetteer (``i18n.names.place_name``).

Pure and typed; never imports streamlit. Values are inserted as they are: the caller escapes
for its context (HTML, Markdown, matplotlib), as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
DEFAULT_LANGUAGE = "en"
# CLDR's order of plural categories: a catalogue's msgstr[i] follows it (as babel.plural.to_gettext does).
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as in ?lang= and the catalogue's file name: "zh-Hant"
    locale: str  # Babel's (CLDR's) identifier: "zh_Hant"
    script: str  # "latin", or the CJK font to draw it with: "sc", "tc", "jp", "kr" (exports.fonts)

    @property
    def babel(self) -> Locale:
        return _locale(self.locale)

    @property
    def name(self) -> str:
        """The language's name in itself, from CLDR: "Nederlands", "中文（繁體）"."""
        return self.babel.get_display_name(self.babel) or self.code


# The languages of the newsrooms most likely to use the map (issue 18). Portuguese is CLDR's
# "pt" (Brazilian usage); Portugal's differs in places and would be "pt-PT".
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "en", "latin"),
        Language("zh-Hans", "zh_Hans", "sc"),
        Language("zh-Hant", "zh_Hant", "tc"),
        Language("nl", "nl", "latin"),
        Language("de", "de", "latin"),
        Language("fr", "fr", "latin"),
        Language("it", "it", "latin"),
        Language("es", "es", "latin"),
        Language("pt", "pt", "latin"),
        Language("ja", "ja", "jp"),
        Language("ko", "ko", "kr"),
    )
}

# Tags a reader or a browser may send, folded to the catalogue they mean.
_ALIASES = {
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hant-hk": "zh-Hant",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class MissingTranslation(KeyError):
    """A key that the English catalogue does not have: a programming error, never a reader's."""


@cache
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


def language_of(tag: object) -> str:
    """The supported language a tag asks for ("de-AT" -> "de", "zh-TW" -> "zh-Hant"), else English.

    For ``?lang=`` in links and the standalone file: anything unknown falls back to English
    rather than failing, since a link may outlive a language being offered.
    """
    if not isinstance(tag, str) or not tag.strip():
        return DEFAULT_LANGUAGE
    folded = tag.strip().replace("_", "-").lower()
    if folded in _ALIASES:
        return _ALIASES[folded]
    for code in LANGUAGES:
        if folded == code.lower():
            return code
    for code in LANGUAGES:
        if folded.startswith(code.lower() + "-"):
            return code
    return DEFAULT_LANGUAGE


def catalogue_path(lang: str) -> Path:
    return CATALOGUE_DIR / f"{lang}.po"


@cache
def read_catalogue(lang: str) -> Catalog:
    """The catalogue of ``lang`` as Babel reads it (cached per process: the files ship with the code)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    with catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=LANGUAGES[lang].locale, charset="utf-8")


@cache
def _messages(lang: str) -> dict[str, tuple[str, ...]]:
    """key (msgctxt) -> its translated forms (one, or one per CLDR plural category); fuzzy and
    empty translations count as missing, so the English text shows instead."""
    out: dict[str, tuple[str, ...]] = {}
    for message in read_catalogue(lang):
        if not message.id or message.context is None or message.fuzzy:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(forms):
            out[message.context] = tuple(forms)
    return out


def keys() -> list[str]:
    """Every key, in the English catalogue's order."""
    return list(_messages(DEFAULT_LANGUAGE))


def plural_categories(lang: str) -> tuple[str, ...]:
    """CLDR's plural categories for ``lang`` in catalogue order: ("one", "other"), ("other",)..."""
    tags = LANGUAGES[lang].babel.plural_form.tags
    return tuple(t for t in PLURAL_ORDER if t in tags or t == "other")


def plural_index(lang: str, count: float) -> int:
    """Which msgstr[i] of a plural entry ``count`` takes in ``lang`` (CLDR's rule, through Babel)."""
    category = LANGUAGES[lang].babel.plural_form(count)
    return plural_categories(lang).index(category)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def format_number(value: float, lang: str) -> str:
    """A number as ``lang`` writes it: 1,234 (en), 1.234 (de), 1 234 (fr)."""
    return format_decimal(value, locale=LANGUAGES[lang].babel)


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled from ``values``.

    A plural entry chooses its form by ``count`` (CLDR's rule for the language); whole
    numbers are written the language's way. A key missing from ``lang`` (the tests forbid it)
    falls back to English; a key missing from English raises MissingTranslation.
    """
    lang = lang if lang in LANGUAGES else language_of(lang)
    english = _messages(DEFAULT_LANGUAGE)
    if key not in english:
        raise MissingTranslation(key)
    chosen_lang = lang if key in _messages(lang) else DEFAULT_LANGUAGE
    forms = _messages(chosen_lang)[key]
    if len(forms) > 1:
        count = values.get("count")
        if not isinstance(count, int | float) or isinstance(count, bool):
            raise TypeError(f"{key} has plural forms: pass count=<number>")
        text = forms[min(plural_index(chosen_lang, count), len(forms) - 1)]
    else:
        text = forms[0]
    shown = {
        name: format_number(v, chosen_lang) if isinstance(v, int) and not isinstance(v, bool) else str(v)
        for name, v in values.items()
    }
    # Only our own {name} placeholders are replaced: braces in a value or a translation stay as written.
    return _PLACEHOLDER.sub(lambda m: shown.get(m.group(1), m.group(0)), text)


def plural_forms(key: str, lang: str) -> dict[str, str]:
    """A plural entry's templates by CLDR category ({"one": "{count} Station", "other": "{count}
    Stationen"}), placeholders unfilled: for the browser, which picks one with Intl.PluralRules."""
    lang = lang if key in _messages(lang) else DEFAULT_LANGUAGE
    forms = _messages(lang).get(key, ())
    if len(forms) < 2 and len(plural_categories(lang)) > 1:
        raise TypeError(f"{key} is not a plural entry")
    return dict(zip(plural_categories(lang), forms, strict=False))


def translations(key: str) -> Mapping[str, str]:
    """``key`` in every language (the singular form of a plural entry): for search, where a reader
    may type a bureau or a status in any of them."""
    return {lang: _messages(lang).get(key, _messages(DEFAULT_LANGUAGE)[key])[0] for lang in LANGUAGES}


def format_partial_day(text: str, lang: str) -> str:
    """A partial date (loaders.dates) in ``lang``, as precise as it is known: "5. Dez. 2022",
    "Nov. 2022 (Tag unbekannt)", "2022 (Monat unbekannt)"; English as loaders.dates.display_date
    writes it. Text that is not a partial date is returned as is."""
    from loaders.dates import display_date, parse_partial_date

    if lang == DEFAULT_LANGUAGE:
        return display_date(text)
    try:
        parsed = parse_partial_date(text)
    except ValueError:
        return "" if text is None else str(text)
    locale = LANGUAGES[lang].babel
    if parsed.precision == "year":
        return translate("date.year_only", lang, year=str(parsed.start.year))
    if parsed.precision == "month":
        return translate("date.month_only", lang, month=format_skeleton("yMMM", parsed.start, locale=locale))
    return format_skeleton("yMMMd", parsed.start, locale=locale)


def format_day(day: date, lang: str) -> str:
    """A date in the language's own long form, from CLDR: "23. November 2026", "2026年11月23日"."""
    return format_date(day, format="long", locale=LANGUAGES[lang].babel)


def join_list(items: Iterable[str], lang: str) -> str:
    """ "a, b and c" as the language joins a list (CLDR's list patterns): "a、b和c" in Chinese."""
    return format_list(list(items), style="standard", locale=LANGUAGES[lang].babel)


def status_key(status: str) -> str:
    return f"status.{status}"


def event_key(event_type: str) -> str:
    return f"event.{event_type}"


def actor_key(actor_kind: str) -> str:
    return f"actor.{actor_kind}"


def bureau_key(bureau: str) -> str:
    return f"bureau.{bureau.lower()}"


def status_mix_text(statuses: Iterable[str], lang: str) -> str:
    """loaders.aggregate.status_mix in ``lang``: "3 Stationen (alle geschlossen)", with CLDR's plural
    rules and list pattern."""
    keys = list(statuses)
    if not keys:
        return translate("status_mix.none", lang)
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    n = len(keys)
    stations = translate("count.stations", lang, count=n)
    if len(counts) == 1:
        phrase = translate(f"{status_key(keys[0])}.phrase", lang)
        return translate("status_mix.one" if n == 1 else "status_mix.all", lang, stations=stations, status=phrase)
    from loaders.vocab import STATUS_RANK

    ordered = sorted(counts, key=lambda k: -STATUS_RANK[k])
    parts = join_list(
        [
            translate("status_mix.part", lang, count=counts[k], status=translate(f"{status_key(k)}.phrase", lang))
            for k in ordered
        ],
        lang,
    )
    return translate("status_mix.several", lang, stations=stations, parts=parts)


def vocabulary_keys() -> dict[str, list[str]]:
    """The keys every controlled word of loaders.vocab needs (a new status, event type, actor kind
    or bureau without its translations fails tests/unit/test_i18n.py)."""
    from loaders.vocab import ACTOR_KINDS, BUREAUS, EVENT_TYPES, ORIGINS, SOURCE_KINDS, STATUSES

    return {
        "statuses": [k for s in STATUSES for k in (status_key(s.key), f"{status_key(s.key)}.phrase")],
        "event types": [event_key(t) for t in EVENT_TYPES],
        "actor kinds": [actor_key(a) for a in ACTOR_KINDS],
        "bureaus": [bureau_key(b) for b in BUREAUS],
        "origins": [f"origin.{o}" for o in ORIGINS],
        "source kinds": [f"source_kind.{k}" for k in SOURCE_KINDS],
    }
