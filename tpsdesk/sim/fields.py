"""Django REST Framework field behaviour, reproduced where clients can see it.

The real server validates with DRF serializers, so a client sees DRF's
conversions and messages (``"30"`` is a valid integer, ``true`` is not, ...).
The simulator mirrors them instead of being stricter or looser than the real
thing.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .errors import ApiError

# DRF IntegerField strips a trailing ".0" before int(): 30.0 and "30.0" are 30.
_RE_DECIMAL = re.compile(r"\.0*\s*$")
_MAX_STRING_LENGTH = 1000

REQUIRED = "This field is required."
NOT_NULL = "This field may not be null."
INVALID_INT = "A valid integer is required."
BLANK = "This field may not be blank."

# DRF BooleanField's accepted values (1 also stands for True, 0 for False and 0.0).
_TRUE = {"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1", 1}
_FALSE = {"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0", 0}


class FieldError(Exception):
    """One field's message; collected by the caller into ``{"field": [msg]}``."""


def integer(value: Any, *, min_value: int | None = None) -> int:
    if value is None:
        raise FieldError(NOT_NULL)
    if isinstance(value, str) and len(value) > _MAX_STRING_LENGTH:
        raise FieldError("String value too large.")
    try:
        # str() first, exactly like DRF: this is why bools ("True") are rejected
        # and why 30.5 fails while 30.0 passes.
        number = int(_RE_DECIMAL.sub("", str(value)))
    except (ValueError, TypeError):
        raise FieldError(INVALID_INT) from None
    if min_value is not None and number < min_value:
        raise FieldError(f"Ensure this value is greater than or equal to {min_value}.")
    return number


def boolean(value: Any) -> bool:
    if value is None:
        raise FieldError(NOT_NULL)
    try:
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    except TypeError:  # unhashable (list, dict)
        pass
    raise FieldError("Must be a valid boolean.")


def char(value: Any, *, max_length: int | None = None, allow_blank: bool = False) -> str:
    if value is None:
        raise FieldError(NOT_NULL)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FieldError("Not a valid string.")
    text = str(value).strip()
    if not text and not allow_blank:
        raise FieldError(BLANK)
    if max_length is not None and len(text) > max_length:
        raise FieldError(f"Ensure this field has no more than {max_length} characters.")
    return text


def choice(value: Any, choices: tuple[str, ...]) -> str:
    if isinstance(value, str) and value in choices:
        return value
    raise FieldError(f'"{value}" is not a valid choice.')


def url(value: Any) -> str:
    text = char(value, max_length=200)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FieldError("Enter a valid URL.")
    return text


def expect_dict(data: Any) -> dict[str, Any]:
    """DRF answers a JSON array/string body with this non-field error."""
    if isinstance(data, dict):
        return data
    kind = type(data).__name__
    raise ApiError(400, {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]})
