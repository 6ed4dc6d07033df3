"""The languages Vigil ships, how each names itself, and which one a page or document uses.

The interface language of a request is, in order: the signed-in person's choice (their
profile), their institution's default language, the browser's Accept-Language (Django's
LocaleMiddleware), English. A document is written in the language chosen on its form,
whatever the interface language (docs/decisions/0020-languages.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info

SOURCE_LANGUAGE = "en"
# How each language names itself in a menu (Django's own list lowercases some and names
# Mongolian in English).
_LOCAL_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
    "mn": "Монгол",
    "id": "Bahasa Indonesia",
    "th": "ไทย",
    "fil": "Filipino",
    "ko": "한국어",
}


def shipped_languages() -> list[str]:
    """Every language of settings.LANGUAGES, English first."""
    return [code for code, _name in settings.LANGUAGES]


def is_shipped(code: str) -> bool:
    return code in shipped_languages()


def local_name(code: str) -> str:
    """The language's name in that language ("العربية", "ไทย"), as the switch shows it."""
    return _LOCAL_NAMES.get(code) or str(get_language_info(code)["name_local"])


def is_rtl(code: str) -> bool:
    return bool(get_language_info(code)["bidi"])


def local_choices(codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(code, name in that language) for form choices; every shipped language by default."""
    wanted = shipped_languages() if codes is None else [c for c in codes if is_shipped(c)]
    return [(code, local_name(code)) for code in wanted]


def unknown_languages(codes: Iterable[str]) -> list[str]:
    """The codes that are not shipped languages (for a clear error naming them)."""
    return [code for code in codes if not is_shipped(code)]


def document_language(chosen: str | None = None) -> str:
    """The language a document job writes in: the one chosen on its form, else the language
    of the request that started it."""
    if chosen and is_shipped(chosen):
        return chosen
    return translation.get_language() or SOURCE_LANGUAGE


# The vendored font stylesheet a page in the language loads (vigil/static/vendor/fonts/noto);
# pages in other languages load none of them.
_SCRIPT_STYLESHEETS = {
    "ar": "vendor/fonts/noto/arabic-page.css",
    "th": "vendor/fonts/noto/thai-page.css",
    "ko": "vendor/fonts/noto/korean-page.css",
    "ru": "vendor/fonts/noto/cyrillic-page.css",
    "mn": "vendor/fonts/noto/cyrillic-page.css",
}


def script_stylesheet(code: str) -> str:
    """The static path of the language's font stylesheet, or "" when it needs none."""
    return _SCRIPT_STYLESHEETS.get(code, "")
