"""Which language a run of text is in: the outline's, or the one its script gives away."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

DEFAULT_LANGUAGE = "en-US"
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")
"""Language tags recapdeck accepts: language, optional script, region and variants."""

# The language a run in each script is taken to be in, unless the outline's language is
# written in that script (then the outline's language wins: "ja-JP" keeps Han as Japanese).
_SCRIPT_LANGUAGE = {
    "latin": "en-US",  # Latin letters in a deck written in another script: taken as English
    "han": "zh-CN",
    "kana": "ja-JP",
    "hangul": "ko-KR",
    "arabic": "ar-SA",
    "hebrew": "he-IL",
    "thai": "th-TH",
    "devanagari": "hi-IN",
    "cyrillic": "ru-RU",
    "greek": "el-GR",
}
_LANGUAGE_SCRIPTS = {
    "zh": {"han"},
    "ja": {"han", "kana"},
    "ko": {"hangul", "han"},
    "ar": {"arabic"},
    "fa": {"arabic"},
    "ur": {"arabic"},
    "he": {"hebrew"},
    "yi": {"hebrew"},
    "th": {"thai"},
    "hi": {"devanagari"},
    "mr": {"devanagari"},
    "ne": {"devanagari"},
    "ru": {"cyrillic"},
    "uk": {"cyrillic"},
    "bg": {"cyrillic"},
    "sr": {"cyrillic", "latin"},
    "be": {"cyrillic"},
    "mk": {"cyrillic"},
    "kk": {"cyrillic"},
    "el": {"greek"},
}
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NAME_SCRIPTS = (  # Unicode character name prefixes -> script
    ("CJK ", "han"),
    ("HIRAGANA", "kana"),
    ("KATAKANA", "kana"),
    ("HANGUL", "hangul"),
    ("ARABIC", "arabic"),
    ("HEBREW", "hebrew"),
    ("THAI", "thai"),
    ("DEVANAGARI", "devanagari"),
    ("CYRILLIC", "cyrillic"),
    ("GREEK", "greek"),
    ("LATIN", "latin"),
)
EAST_ASIAN = frozenset({"han", "kana", "hangul"})
COMPLEX = frozenset({"arabic", "hebrew", "thai", "devanagari"})


@dataclass(frozen=True)
class RunLanguage:
    """The language tags of one run: ``lang``, and ``alt_lang`` when a second one is there."""

    lang: str
    alt_lang: str | None = None
    script: str = "latin"
    """The run's main script: "latin", "han", "arabic"... ("latin" when it has no letters)."""

    @property
    def east_asian(self) -> bool:
        """Whether the run is Chinese, Japanese or Korean (DrawingML's ``ea`` font slot)."""
        return self.script in EAST_ASIAN

    @property
    def complex_script(self) -> bool:
        """Whether the run is in a complex script (DrawingML's ``cs`` slot: Arabic, Hebrew...)."""
        return self.script in COMPLEX


def script_of(char: str) -> str | None:
    """The script of a letter (see ``_NAME_SCRIPTS``), or None for anything else."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, script in _NAME_SCRIPTS:
        if name.startswith(prefix):
            return script
    return None


def language_scripts(language: str) -> set[str]:
    """The scripts ``language`` (a BCP 47 tag) is written in; Latin for those not listed."""
    return _LANGUAGE_SCRIPTS.get(language.split("-")[0].lower(), {"latin"})


def run_language(text: str, language: str = DEFAULT_LANGUAGE) -> RunLanguage:
    """The language of ``text`` in a deck in ``language``.

    Letters in the deck language's own scripts count for it; letters in another script
    (Chinese, Japanese kana, Korean, Arabic, Hebrew, Thai, Devanagari, Cyrillic, Greek) make the
    run that script's usual language when they are the majority of its letters, with the deck's
    language as ``alt_lang``. A run mixing both keeps the majority as ``lang`` and the other as
    ``alt_lang``. Han characters without kana are taken as Chinese unless the deck is Japanese
    or Korean: that guess is the one detection cannot make.
    """
    return _run_language(text, language)


@functools.lru_cache(maxsize=4096)
def _run_language(text: str, language: str) -> RunLanguage:
    own = language_scripts(language)
    counts: dict[str, int] = {}
    if text.isascii():  # most runs: any letter is Latin, and only which scripts occur matters
        if _ASCII_LETTER.search(text):
            counts["own" if "latin" in own else "latin"] = 1
    else:
        for char in text:
            script = script_of(char)
            if script is not None:
                key = "own" if script in own else script
                counts[key] = counts.get(key, 0) + 1
    if "han" in counts and "kana" in counts:  # Japanese: kanji and kana together
        counts["kana"] += counts.pop("han")
    if not counts:
        return RunLanguage(language, script=_main_script(own))
    ranked = sorted(counts, key=lambda k: -counts[k])
    main = ranked[0]
    if main == "own":
        other = ranked[1] if len(ranked) > 1 else None
        alt = _SCRIPT_LANGUAGE.get(other) if other else None
        return RunLanguage(language, alt, _main_script(own))
    lang = _SCRIPT_LANGUAGE.get(main, language)
    return RunLanguage(lang, language if language != lang else None, main)


def paragraph_is_rtl(text: str) -> bool:
    """Whether most strongly directional letters of ``text`` are right-to-left."""
    kinds = [unicodedata.bidirectional(c) for c in text]
    strong = [k for k in kinds if k in ("L", "R", "AL")]
    return bool(strong) and sum(k != "L" for k in strong) * 2 > len(strong)


def _main_script(scripts: set[str]) -> str:
    for script in ("han", "kana", "hangul", "arabic", "hebrew", "thai", "devanagari"):
        if script in scripts:
            return script
    return sorted(scripts)[0]
