"""The error the pure world raises and the HTTP layer turns into a response.

Bodies follow Django REST Framework's shapes (``{"detail": ...}``,
``{"field": [...]}``, ``{"non_field_errors": [...]}``), which is what the real
server (a DRF application) answers.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def detail(status: int, message: str) -> ApiError:
    return ApiError(status, {"detail": message})


def not_found() -> ApiError:
    return detail(404, "Not found.")


def field_errors(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(400, dict(errors))


def non_field(message: str) -> ApiError:
    return ApiError(400, {"non_field_errors": [message]})
