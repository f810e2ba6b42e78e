"""Accounts without Qt: profiles, start-up precedence, the token vault and the sign-in flows."""

from .profiles import Profile, StartPlan, resolve_start
from .vault import TokenVault, VaultState

__all__ = ["Profile", "StartPlan", "TokenVault", "VaultState", "resolve_start"]
