"""Request ids without a system call each, and metrics series looked up once per label set."""

from __future__ import annotations

import re

from channels.http.middleware import Metrics, request_ids


def test_request_ids_are_unique_32_hex_digits_per_process() -> None:
    ids = request_ids()
    seen = [next(ids) for _ in range(1000)]
    assert len(set(seen)) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in seen)
    assert next(request_ids())[:16] != seen[0][:16]  # another process (or app) has another prefix


def test_metrics_count_and_time_each_response() -> None:
    m = Metrics()
    m.observe("GET", "/api/v1/me", 200, 0.003)
    m.observe("GET", "/api/v1/me", 200, 0.030)
    m.observe("GET", "/api/v1/me", 401, 0.001)
    get = m.registry.get_sample_value
    assert get("http_requests_total", {"method": "GET", "route": "/api/v1/me", "status": "200"}) == 2
    assert get("http_requests_total", {"method": "GET", "route": "/api/v1/me", "status": "401"}) == 1
    assert get("http_request_duration_seconds_count", {"method": "GET", "route": "/api/v1/me"}) == 3
    assert get("http_request_duration_seconds_bucket", {"method": "GET", "route": "/api/v1/me", "le": "0.005"}) == 2
