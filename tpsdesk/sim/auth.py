"""Tokens, login and DRF ``TokenAuthentication`` header parsing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from . import fields
from .errors import ApiError, detail

NOT_PROVIDED = "Authentication credentials were not provided."
INVALID_TOKEN = "Invalid token."
BAD_LOGIN = "Unable to log in with provided credentials."


@dataclass
class TokenStore:
    org_id: str
    users: dict[str, str]
    max_tokens: int
    # token -> org; insertion order doubles as creation order.
    tokens: dict[str, str] = field(default_factory=dict)

    def add(self, token: str) -> None:
        self.tokens[token] = self.org_id

    def org_of(self, token: str) -> str | None:
        return self.tokens.get(token)

    def count(self, org_id: str) -> int:
        return sum(1 for org in self.tokens.values() if org == org_id)

    def login(self, data: dict[str, Any]) -> str:
        errors: dict[str, list[str]] = {}
        values: dict[str, str] = {}
        for name in ("username", "password", "organization_id"):
            if name not in data:
                errors[name] = [fields.REQUIRED]
                continue
            try:
                values[name] = fields.char(data[name])
            except fields.FieldError as exc:
                errors[name] = [str(exc)]
        if errors:
            raise ApiError(400, errors)
        user_ok = secrets.compare_digest(
            self.users.get(values["username"], "\0").encode(), values["password"].encode()
        )
        if not user_ok or values["organization_id"] != self.org_id:
            raise ApiError(400, {"non_field_errors": [BAD_LOGIN]})
        if self.count(self.org_id) >= self.max_tokens:
            raise ApiError(400, {"non_field_errors": [
                f"This organization already has the maximum of {self.max_tokens} API tokens. "
                "Log out (revoke) an unused token before creating a new one."
            ]})
        token = secrets.token_hex(20)  # DRF tokens are 40 hex characters
        self.add(token)
        return token

    def revoke(self, token: str) -> None:
        self.tokens.pop(token, None)

    def authenticate(self, header: str | None) -> str:
        """Return the token from an ``Authorization`` header or raise 401, as DRF does."""
        parts = (header or "").split()
        if not parts or parts[0].lower() != "token":
            raise _unauthorized(NOT_PROVIDED)
        if len(parts) == 1:
            raise _unauthorized("Invalid token header. No credentials provided.")
        if len(parts) > 2:
            raise _unauthorized("Invalid token header. Token string should not contain spaces.")
        if parts[1] not in self.tokens:
            raise _unauthorized(INVALID_TOKEN)
        return parts[1]


def _unauthorized(message: str) -> ApiError:
    err = detail(401, message)
    err.headers["WWW-Authenticate"] = "Token"  # DRF sends it, making this a 401 rather than a 403
    return err
