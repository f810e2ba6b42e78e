"""Start-up precedence (flags > env > saved profile) and the QSettings store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tpsdesk.accounts import flow
from tpsdesk.accounts.profiles import (
    DEFAULT_BASE_URL,
    ORG_ID_RULE,
    InvalidOrgId,
    Profile,
    check_org_id,
    is_valid_org_id,
    resolve_start,
    unique_name,
)
from tpsdesk.shell.config import load_config
from tpsdesk.shell.settings import AppSettings

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


UNSAFE = ["a/b", "../x", "org?x=1", "org#f", "org id", "org%2F", "ü", "org\n", ".", ""]


@pytest.mark.parametrize("org", UNSAFE)
def test_an_unsafe_org_id_is_refused_everywhere_a_profile_is_made(org: str) -> None:
    assert not is_valid_org_id(org)
    with pytest.raises(InvalidOrgId) as caught:
        check_org_id(org)
    assert str(caught.value) == ORG_ID_RULE  # a fixed message: it never quotes what was typed
    assert flow.describe_sign_in_error(caught.value) == ORG_ID_RULE
    if org:
        with pytest.raises(InvalidOrgId):
            Profile("p", org)
        with pytest.raises(InvalidOrgId):
            resolve_start(SAVED, org_id=org)  # --org / TPSDESK_ORG
        with pytest.raises(InvalidOrgId):
            resolve_start(SAVED, profile_name="Physics", org_id=org)


def test_safe_org_ids() -> None:
    for org in ("4xu8ay", "org-phy", "ORG_2", "a"):
        assert check_org_id(org) == org and Profile("p", org).org_id == org
    assert Profile("", "").org_id == ""  # not chosen yet: the sign-in form asks


def test_a_hand_edited_profile_with_an_unsafe_org_is_ignored(tmp_path: Path) -> None:
    settings = AppSettings.at(tmp_path / "tpsdesk.ini")
    settings.save_profile(SAVED[0])
    raw = QSettings(str(tmp_path / "tpsdesk.ini"), QSettings.Format.IniFormat)
    raw.beginWriteArray("profiles", 2)
    raw.setArrayIndex(1)
    for key, value in (("name", "Evil"), ("org_id", "x/../../admin"), ("base_url", "https://a.example")):
        raw.setValue(key, value)
    raw.endArray()
    raw.sync()
    assert AppSettings.at(tmp_path / "tpsdesk.ini").profiles() == [SAVED[0]]
