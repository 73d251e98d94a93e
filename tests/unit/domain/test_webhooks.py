"""Which webhook URLs and event filters are taken, and which events a filter wants."""

from __future__ import annotations

import pytest

from domain.errors import Invalid
from domain.webhooks import check_event_types, check_url, wants


@pytest.mark.parametrize(
    "url", ["https://example.com/hook", "http://127.0.0.1:8080/x?y=1", "HTTPS://EXAMPLE.COM", "http://[::1]:9/h"]
)
def test_http_and_https_urls_are_taken(url: str) -> None:
    assert check_url(url) == url


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/", "http or https"),
        ("javascript:alert(1)", "http or https"),
        ("file:///etc/passwd", "http or https"),
        ("data:text/plain,hi", "http or https"),
        ("https:///path-only", "host"),
        ("https://u:p@example.com/", "credentials"),
        ("https://token@example.com/", "credentials"),
        ("https://example.com/#x", "fragment"),
        ("https://example.com:0/", "port 0"),
        ("https://example.com:99999/", "not a URL"),
        ("https://[::1/", "not a URL"),
        ("https://example.com/" + "a" * 2000, "at most"),
    ],
)
def test_other_urls_are_refused_saying_why(url: str, why: str) -> None:
    with pytest.raises(Invalid) as refused:
        check_url(url)
    assert refused.value.details[0]["field"] == "url" and why in refused.value.message


def test_event_filters_are_known_types_or_families() -> None:
    assert check_event_types(["set.*", "pr.set", "set.*"]) == ["pr.set", "set.*"]
    assert check_event_types([]) == []
    for bad in (["set.exploded"], ["nothing.*"], ["*"], ["ping"], ["a"] * 21):
        with pytest.raises(Invalid):
            check_event_types(bad)


def test_a_filter_wants_its_types_and_families() -> None:
    assert wants([], "metric.logged")
    assert wants(["set.*"], "set.deleted") and not wants(["set.*"], "workout.started")
    assert wants(["pr.set"], "pr.set") and not wants(["pr.set"], "set.logged")
