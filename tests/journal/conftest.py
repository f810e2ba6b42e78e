"""The journal's controller test uses tests/shell's ``world`` (a simulator, a keychain, controllers)."""

from tests.shell.conftest import world

__all__ = ["world"]
