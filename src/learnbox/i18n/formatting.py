"""Dates and numbers for the learner's locale (Babel), e.g. "22 thg 11, 2026" or "80%"."""

from __future__ import annotations

from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from learnbox.i18n import current_language


def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse(language or current_language())
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def date_from_ms(ms: int, language: str | None = None, fmt: str = "medium") -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone()
    return format_date(moment.date(), format=fmt, locale=_locale(language))


def datetime_from_ms(ms: int, language: str | None = None, fmt: str = "short") -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone()
    return format_datetime(moment, format=fmt, locale=_locale(language))


def percent(fraction: float, language: str | None = None) -> str:
    return format_percent(fraction, locale=_locale(language))


def number(value: float, language: str | None = None) -> str:
    return format_decimal(value, locale=_locale(language))
