"""Accounts without Qt: profiles, start-up precedence, the token vault and the sign-in flows."""

from typing import Any

from tpsdesk.accounts.profiles import Profile, StartPlan, resolve_start

__all__ = ["Profile", "StartPlan", "TokenVault", "VaultState", "resolve_start"]


def __getattr__(name: str) -> Any:
    # The vault on demand: ``shell.config`` reads profile rules before anything needs keyring.
    if name in ("TokenVault", "VaultState"):
        from tpsdesk.accounts import vault

        return getattr(vault, name)
    raise AttributeError(name)
