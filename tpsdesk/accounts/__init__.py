"""Accounts without Qt: profiles, start-up precedence, the token vault and the sign-in flows."""

from tpsdesk.accounts.profiles import Profile, StartPlan, resolve_start
from tpsdesk.accounts.vault import TokenVault, VaultState

__all__ = ["Profile", "StartPlan", "TokenVault", "VaultState", "resolve_start"]
