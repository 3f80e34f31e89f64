"""Field types of the source format: how the text staff typed becomes typed values.

The loader hands every scalar over as text. Each type here says which text it accepts, how it
converts it, and what its JSON Schema is. The JSON Schema describes the same file as a YAML 1.2
editor sees it (`41.5` is a number there, `2024-25` is a string), so the editor and
`plansite check` agree on what is valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REF_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*:)?[a-z0-9]+(?:-[a-z0-9]+)*$"
NUMBER_PATTERN = r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"
COUNT_PATTERN = r"^[0-9]+$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SCHOOL_YEAR_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
URL_PATTERN = r"^https?://[^\s]+$"
MAX_SLUG_LENGTH = 64


def describe_kind(value: object) -> str:
    """How a value looks to a person who wrote it in YAML."""
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f'"{value}"'


def _scalar(expected: str, convert: Callable[[str], Any] | None = None) -> BeforeValidator:
    """Refuse a list or mapping where a single value belongs, then convert the text."""

    def check(value: object) -> object:
        if isinstance(value, dict | list):
            raise PydanticCustomError(
                "plansite_type",
                "expected {expected}, found {found}",
                {"expected": expected, "found": describe_kind(value)},
            )
        if convert is not None and isinstance(value, str):
            return convert(value)
        return value

    return BeforeValidator(check)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError(
            "plansite_value", "text is blank; write the text, or leave the key out"
        )
    return value


def _matching(pattern: str, what: str, example: str) -> Any:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(
                "plansite_value",
                '"{value}" is not {what}; write it like {example}',
                {"value": value, "what": what, "example": example},
            )
        return value

    return check


def _check_slug_length(value: str) -> str:
    if len(value) > MAX_SLUG_LENGTH:
        raise PydanticCustomError(
            "plansite_value",
            "id is {length} characters long; keep ids to {limit}",
            {"length": len(value), "limit": MAX_SLUG_LENGTH},
        )
    return value


def _parse_number(value: str) -> float:
    if not re.match(NUMBER_PATTERN, value):
        raise PydanticCustomError(
            "plansite_value",
            '"{value}" is not a number; write digits with an optional decimal point, '
            "without units, commas or percent signs (e.g. 41.5)",
            {"value": value},
        )
    return float(value)


def _parse_count(value: str) -> int:
    if not re.match(COUNT_PATTERN, value):
        raise PydanticCustomError(
            "plansite_value",
            '"{value}" is not a whole number; write digits only, e.g. 3',
            {"value": value},
        )
    return int(value)


_NOT_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2212"


def _dash_advice(value: str) -> str:
    if any(dash in value for dash in _NOT_HYPHENS):
        return "it contains a dash that is not a hyphen (often from a word processor); type an ordinary hyphen -"
    return ""


EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
"""Dates and school years outside these years are typing mistakes, not plans."""


def _check_year_range(value: str, year: int) -> None:
    if not EARLIEST_YEAR <= year < LATEST_YEAR:
        raise PydanticCustomError(
            "plansite_value",
            '"{value}" is outside the years a plan can cover; check the year',
            {"value": value},
        )


def _parse_date(value: str) -> dt.date:
    if re.match(DATE_PATTERN, value):
        _check_year_range(value, int(value[:4]))
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "plansite_value",
                '"{value}" is not a date that exists; check the month and day',
                {"value": value},
            ) from None
    how = _dash_advice(value) or "write it as YYYY-MM-DD, e.g. 2025-09-15"
    raise PydanticCustomError(
        "plansite_value", '"{value}" is not a date; {how}', {"value": value, "how": how}
    )


def _check_school_year(value: str) -> str:
    if re.match(SCHOOL_YEAR_PATTERN, value):
        start, end = int(value[:4]), int(value[5:])
        if (start + 1) % 100 == end:
            _check_year_range(value, start)
            return value
    how = _dash_advice(value) or (
        "write the year it starts and the last two digits of the year it ends, e.g. 2025-26"
    )
    raise PydanticCustomError(
        "plansite_value", '"{value}" is not a school year; {how}', {"value": value, "how": how}
    )


def _parse_flag(value: str) -> bool:
    if value not in ("true", "false"):
        raise PydanticCustomError(
            "plansite_value",
            '"{value}" is not true or false; write true or false',
            {"value": value},
        )
    return value == "true"


def _check_positive(value: int) -> int:
    if value < 1:
        raise PydanticCustomError("plansite_value", "numbering starts at 1; number the first one 1")
    return value


def _check_tier(value: int) -> int:
    if not 1 <= value <= 4:
        raise PydanticCustomError(
            "plansite_value",
            "ESSA evidence tiers are 1 to 4, not {value}; use 1 (strong), 2 (moderate), "
            "3 (promising) or 4 (demonstrates a rationale)",
            {"value": value},
        )
    return value


_STRING_LIKE = {"type": ["string", "number", "boolean"], "pattern": r"\S"}

Text = Annotated[
    str,
    _scalar("text"),
    AfterValidator(_not_blank),
    WithJsonSchema(_STRING_LIKE),
]
"""Short plain text: a title, a name, a role. Whatever was typed is kept as typed."""

Markdown = Annotated[
    str,
    _scalar("text"),
    AfterValidator(_not_blank),
    WithJsonSchema({**_STRING_LIKE, "contentMediaType": "text/markdown"}),
]
"""Longer text, written in Markdown (paragraphs, lists, emphasis, links)."""

Slug = Annotated[
    str,
    _scalar("an id"),
    AfterValidator(
        _matching(
            SLUG_PATTERN, "a valid id", "early-literacy (lowercase letters, digits and hyphens)"
        )
    ),
    AfterValidator(_check_slug_length),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG_LENGTH},
                {"type": "integer", "minimum": 0},
            ]
        }
    ),
]
"""An id: lowercase letters, digits and single hyphens, such as `early-literacy`."""

Ref = Annotated[
    str,
    _scalar("an id"),
    AfterValidator(
        _matching(
            REF_PATTERN,
            "a valid reference",
            "early-literacy, or district:early-literacy for another plan's item",
        )
    ),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": REF_PATTERN}, {"type": "integer", "minimum": 0}]}
    ),
]
"""A reference to an item: its id in the same plan, or `plan-id:item-id` in another plan."""

Number = Annotated[
    float,
    _scalar("a number", _parse_number),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]}),
]
"""A number such as `41.5` or `-3`, without units, commas or percent signs."""

Count = Annotated[
    int,
    _scalar("a whole number", _parse_count),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": COUNT_PATTERN}]}
    ),
]
"""A whole number, zero or more."""

Flag = Annotated[
    bool,
    _scalar("true or false", _parse_flag),
    WithJsonSchema({"type": "boolean"}),
]
"""A yes-or-no setting, written true or false."""

Ordinal = Annotated[
    int,
    _scalar("a whole number", _parse_count),
    AfterValidator(_check_positive),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": "^0*[1-9][0-9]*$"},
            ]
        }
    ),
]
"""A position in a sequence: 1, 2, 3..."""

Tier = Annotated[
    int,
    _scalar("an evidence tier", _parse_count),
    AfterValidator(_check_tier),
    WithJsonSchema({"anyOf": [{"enum": [1, 2, 3, 4]}, {"enum": ["1", "2", "3", "4"]}]}),
]
"""An ESSA evidence tier, 1 (strong) to 4 (demonstrates a rationale)."""

IsoDate = Annotated[
    dt.date,
    _scalar("a date", _parse_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "format": "date"}),
]
"""A calendar date written YYYY-MM-DD."""

SchoolYear = Annotated[
    str,
    _scalar("a school year"),
    AfterValidator(_check_school_year),
    WithJsonSchema({"type": "string", "pattern": SCHOOL_YEAR_PATTERN}),
]
"""A school year written as its first year and the last two digits of the next: `2025-26`."""

Url = Annotated[
    str,
    _scalar("a web address"),
    AfterValidator(
        _matching(URL_PATTERN, "a web address", "https://example.org/minutes/2024-06-18.pdf")
    ),
    WithJsonSchema({"type": "string", "pattern": URL_PATTERN}),
]
"""A full web address starting with https:// or http://."""


def school_year_start(year: str) -> int:
    """The calendar year a school year starts in: `2025-26` → 2025."""
    return int(year[:4])


def school_years(first: str, last: str) -> list[str]:
    """Every school year from first to last inclusive."""
    return [
        f"{y}-{(y + 1) % 100:02d}"
        for y in range(school_year_start(first), school_year_start(last) + 1)
    ]


class RefTo:
    """Marks a reference field with the kinds of item it may name (used by `resolve`)."""

    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds

    def __repr__(self) -> str:
        return f"RefTo{self.kinds}"
