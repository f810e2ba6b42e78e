"""The simulator's delivery log shows where it delivers, never the receiver's secret path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.sim.redact import shown_error, shown_url


def test_the_path_after_the_first_segment_is_hidden() -> None:
    url = "http://127.0.0.1:41407/tpsdesk/hooks/63oqsV6TrSASw3rwdY3q9EYQxSVCfUb2"
    assert shown_url(url) == "http://127.0.0.1:41407/tpsdesk/…"
    assert shown_url("https://user:pw@hooks.example/x?token=s3cret#f") == "https://hooks.example/x/…"
    assert shown_url("https://hooks.example/") == "https://hooks.example"
    assert shown_url("http://[::1]:80/a/b") == "http://[::1]:80/a/…"
    assert shown_url("http://[::1/") == "(a malformed URL)"
    assert shown_error(f"InvalidURL {url}", url) == "InvalidURL http://127.0.0.1:41407/tpsdesk/…"


@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#"), min_size=16, max_size=40))
def test_a_secret_path_part_never_shows(secret: str) -> None:
    url = f"https://hooks.example:8443/tpsdesk/hooks/{secret}"
    assert secret not in shown_url(url)
