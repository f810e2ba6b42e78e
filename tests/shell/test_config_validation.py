"""Every flag and environment variable goes through the same checks (issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.domain.checks import check_refresh_interval, check_token, check_zone, token_problem
from tpsdesk.domain.server import check_base_url
from tpsdesk.shell.config import ConfigError, check_profile_choice, load_config

ROOT = Path(__file__).resolve().parents[2]
TOKEN_ENV = {"TPSDESK_TOKEN": "t"}

BAD: list[tuple[list[str], dict[str, str], str]] = [
    (["--base-url", "http://localhost:abc/"], {}, "port"),
    (["--base-url", "http://127.0.0.1:99999"], {}, "port"),
    (["--base-url", "https://app.example:0"], {}, "port"),
    (["--base-url", "ftp://files.example/"], {}, "http"),
    (["--base-url", "https://user:pw@app.example"], {}, "password"),
    (["--base-url", "https://app.example/\n"], {}, "control"),
    (["--refresh", "inf"], {}, "refresh"),
    (["--refresh", "1e12"], {}, "refresh"),
    (["--refresh", "-5"], {}, "refresh"),
    (["--refresh", "nan"], {}, "refresh"),
    (["--refresh", "soon"], {}, "refresh"),
    (["--refresh", "4"], {}, r"--refresh must be 0 \(off\) or at least 5 seconds"),  # was raised to 5 silently
    (["--refresh", "0.5"], {}, r"--refresh must be 0 \(off\) or at least 5 seconds"),
    (["--server-tz", ""], {}, "--server-tz: .*time zone"),  # was the default, silently
    (["--server-tz", "Nowhere/City"], {}, "time zone"),
    (["--server-tz", "America"], {}, "time zone"),
    (["--server-tz", "../../etc/passwd"], {}, "time zone"),
    (["--webhook-port", "70000"], {}, "0 to 65535"),
    (["--webhook-port", "-1"], {}, "0 to 65535"),
    (["--webhook-port", "http"], {}, "0 to 65535"),
    (["--webhook-host", "a b"], {}, "host"),
    (["--demo-streams", "lots"], {}, "demo-streams"),
    ([], {"TPSDESK_BASE_URL": "http://localhost:abc/"}, "TPSDESK_BASE_URL"),
    ([], {"TPSDESK_ORG": "../admin"}, "TPSDESK_ORG"),
    ([], {"TPSDESK_SERVER_TZ": "Nowhere/City"}, "TPSDESK_SERVER_TZ"),
    ([], {"TPSDESK_TOKEN": "abc\ndef"}, "line break"),
    ([], {"TPSDESK_TOKEN": "abc\x00def"}, "TPSDESK_TOKEN"),
]


@pytest.mark.parametrize(("argv", "env", "message"), BAD, ids=[" ".join(a) or next(iter(e)) for a, e, _ in BAD])
def test_a_bad_flag_or_environment_value_is_a_config_error(argv: list[str], env: dict[str, str], message: str
                                                          ) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_config([*([] if "TPSDESK_ORG" in env else ["--org", "o"]), *argv], env={**TOKEN_ENV, **env})
    assert "\n" not in str(caught.value)
    assert "abc\ndef" not in str(caught.value) and "def" not in str(caught.value).split("TPSDESK_TOKEN")[-1][:8]


def test_demo_validates_the_same_flags() -> None:
    with pytest.raises(ConfigError, match="refresh"):
        load_config(["--demo", "--refresh", "nan"], env={})


def test_good_values_still_pass() -> None:
    config = load_config(["--org", "o", "--refresh", "0", "--base-url", "http://localhost:8765/",
                          "--webhook-port", "0"], env={"TPSDESK_TOKEN": "  tok-1 \n"})
    assert (config.refresh_interval_s, config.base_url, config.token) == (0.0, "http://localhost:8765", "tok-1")


@given(st.text(max_size=40))
def test_checks_either_pass_or_say_why_in_one_line(text: str) -> None:
    for check in (check_base_url, check_zone, check_refresh_interval, check_token):
        try:
            check(text)
        except ValueError as exc:
            assert "\n" not in str(exc) and "\r" not in str(exc)


def test_token_problems_name_the_cause_without_quoting_the_token() -> None:
    assert token_problem("abc\ndef") == "the token is malformed (it contains a line break)"
    assert token_problem("good-token_123") is None
    assert "secret" not in (token_problem("secret with space") or "")


# The real entry point, over one value of each kind (every value is checked in-process above).
CLI_BAD = [
    ["--base-url", "http://localhost:abc/"], ["--base-url", "http://127.0.0.1:99999"],
    ["--refresh", "inf"], ["--refresh", "nan"], ["--refresh", "4"], ["--server-tz", "Nowhere/City"],
    ["--server-tz", ""], ["--no-such-flag"],
]


@pytest.mark.parametrize("argv", CLI_BAD, ids=[" ".join(a) for a in CLI_BAD])
def test_the_real_entry_point_exits_2_with_one_line_and_no_traceback(argv: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "TPSDESK_TOKEN": "t",
           "TPSDESK_ORG": "o", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tpsdesk", *argv], env=env, capture_output=True, text=True,
                          timeout=30, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("tpsdesk: "), done.stderr


def test_the_real_entry_point_with_a_bad_token_in_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "TPSDESK_TOKEN": "ab\ncd",
           "TPSDESK_ORG": "o", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tpsdesk"], env=env, capture_output=True, text=True,
                          timeout=30, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == "tpsdesk: TPSDESK_TOKEN: the token is malformed (it contains a line break)."


def test_qt_options_are_passed_to_qt_and_checked() -> None:
    config = load_config(["--demo", "-platform", "offscreen", "-reverse", "-style=Fusion"], env={})
    assert config.qt_args == ("-platform", "offscreen", "-reverse", "-style=Fusion")
    assert load_config(["--demo"], env={}).qt_args == ()


@pytest.mark.parametrize("argv", [["--demo", "-platform"], ["--demo", "-platform", "--refresh"], ["--demo", "-bogus"]])
def test_a_bad_qt_option_is_a_config_error(argv: list[str]) -> None:
    with pytest.raises(ConfigError):
        load_config(argv, env={})


def test_refresh_intervals_in_range_are_kept_as_given() -> None:
    assert [check_refresh_interval(v) for v in ("0", "5", "7.5", "86400")] == [0.0, 5.0, 7.5, 86400.0]


def test_an_unknown_profile_lists_the_saved_ones() -> None:
    config = load_config(["--profile", "nosuch"], env={})
    with pytest.raises(ConfigError) as caught:
        check_profile_choice(config, ["work", "home"])
    assert str(caught.value) == ("--profile: there is no saved profile named “nosuch”; "
                                 "the saved profiles are “home”, “work”.")
    with pytest.raises(ConfigError, match="no saved profiles yet"):
        check_profile_choice(config, [])
    check_profile_choice(load_config(["--profile", "work"], env={}), ["work", "home"])  # a saved one opens
    # Naming a new profile together with its organization creates it (scripts do this).
    check_profile_choice(load_config(["--profile", "new", "--org", "o"], env={}), ["work"])
    check_profile_choice(load_config(["--demo", "--profile", "x"], env={}), [])


def test_the_real_entry_point_says_when_there_is_no_profile_at_all(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    env = {k: v for k, v in env.items() if not k.startswith("TPSDESK_")}
    done = subprocess.run([sys.executable, "-m", "tpsdesk", "--profile", "nosuch"], env=env, capture_output=True,
                          text=True, timeout=30, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("tpsdesk: --profile: there is no saved profile named “nosuch”")
    assert "no saved profiles yet" in done.stderr
