import pytest

from tpsdesk.domain.server import DEFAULT_SERVER_TZ
from tpsdesk.shell.config import ConfigError, load_config


def test_demo_needs_no_account() -> None:
    config = load_config(["--demo"], env={})
    assert config.demo and config.server_tz_name == DEFAULT_SERVER_TZ


def test_flags_win_over_environment() -> None:
    env = {"TPSDESK_TOKEN": "t", "TPSDESK_ORG": "env-org", "TPSDESK_BASE_URL": "https://env.example.invalid",
           "TPSDESK_SERVER_TZ": "UTC"}
    config = load_config(["--org", "flag-org", "--base-url", "http://127.0.0.1:8765/", "--server-tz",
                          "Europe/Paris"], env=env)
    assert (config.org_id, config.base_url, config.server_tz_name) == (
        "flag-org", "http://127.0.0.1:8765", "Europe/Paris")
    from_env = load_config([], env=env)
    assert (from_env.org_id, from_env.base_url, from_env.server_tz_name) == (
        "env-org", "https://env.example.invalid", "UTC")


def test_token_is_not_in_repr() -> None:
    config = load_config(["--org", "o"], env={"TPSDESK_TOKEN": "very-secret-value"})
    assert "very-secret-value" not in repr(config)


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--org", "o", "--base-url", "http://192.0.2.10"], {"TPSDESK_TOKEN": "t"}, "https"),
        (["--org", "o", "--server-tz", "Mars/Olympus"], {"TPSDESK_TOKEN": "t"}, "time zone"),
        (["--demo", "--demo-streams", "20000"], {}, "10000"),
        (["--org", "../../admin"], {"TPSDESK_TOKEN": "t"}, "organization id"),
    ],
)
def test_bad_settings_say_how_to_fix(argv: list[str], env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(argv, env=env)


def test_refresh_interval_is_off_or_at_least_five_seconds() -> None:
    assert load_config(["--demo", "--refresh", "0"], env={}).refresh_interval_s == 0
    with pytest.raises(ConfigError, match="at least 5 seconds"):  # an error, never silently raised to 5
        load_config(["--demo", "--refresh", "0.001"], env={})
    assert load_config(["--demo", "--refresh", "60"], env={}).refresh_interval_s == 60.0
