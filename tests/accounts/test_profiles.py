"""Start-up precedence (flags > env > saved profile) and the QSettings store."""

from __future__ import annotations

from pathlib import Path

from tpsdesk.accounts.profiles import DEFAULT_BASE_URL, Profile, resolve_start, unique_name
from tpsdesk.config import load_config
from tpsdesk.settings import AppSettings

SAVED = [Profile("Physics", "org-phy", "https://a.example", "UTC", "Physics Dept"),
         Profile("Maths", "org-math", "https://b.example", "Asia/Kolkata")]


def test_last_profile_is_opened_when_nothing_is_given() -> None:
    plan = resolve_start(SAVED, last_profile="Maths")
    assert plan.profile == SAVED[1] and plan.saved and plan.env_token == ""


def test_first_profile_when_last_is_unknown_and_none_without_profiles() -> None:
    assert resolve_start(SAVED, last_profile="gone").profile == SAVED[0]
    assert resolve_start([]).profile is None


def test_env_org_picks_its_saved_profile_and_env_values_beat_it() -> None:
    plan = resolve_start(SAVED, last_profile="Maths", org_id="org-phy", server_tz="Europe/Paris",
                         env_token="t0k")
    assert plan.profile is not None
    assert (plan.profile.name, plan.profile.base_url, plan.profile.server_tz) == ("Physics", "https://a.example",
                                                                                  "Europe/Paris")
    assert plan.env_token == "t0k"


def test_flag_base_url_beats_the_profile() -> None:
    plan = resolve_start(SAVED, profile_name="Physics", base_url="http://127.0.0.1:9")
    assert plan.profile is not None and plan.profile.base_url == "http://127.0.0.1:9"
    assert plan.profile.org_name == "Physics Dept"


def test_unknown_org_makes_an_unsaved_profile() -> None:
    plan = resolve_start(SAVED, org_id="org-new")
    assert plan.profile == Profile("org-new", "org-new") and not plan.saved
    assert plan.profile.base_url == DEFAULT_BASE_URL


def test_config_records_what_flags_and_env_gave() -> None:
    config = load_config(["--org", "o1"], env={"TPSDESK_TOKEN": "abc"})
    assert config.given == {"org", "token"} and config.org_id == "o1"
    bare = load_config([], env={})
    assert bare.given == frozenset() and bare.org_id == "" and bare.token == ""
    assert load_config(["--profile", "Physics"], env={}).profile == "Physics"
    assert load_config(["--demo"], env={}).demo


def test_unique_name() -> None:
    assert unique_name("Physics", ["Physics", "Physics (2)"]) == "Physics (3)"


def test_settings_round_trip(tmp_path: Path) -> None:
    settings = AppSettings.at(tmp_path / "tpsdesk.ini")
    for profile in SAVED:
        settings.save_profile(profile)
    settings.set_last_profile("Maths")
    again = AppSettings.at(tmp_path / "tpsdesk.ini")
    assert again.profiles() == SAVED and again.last_profile() == "Maths"
    again.save_profile(Profile("Maths", "org-math2"))
    assert [p.org_id for p in again.profiles()] == ["org-phy", "org-math2"]
    again.remove_profile("Maths")
    assert again.last_profile() is None and again.profile("Physics") == SAVED[0]
