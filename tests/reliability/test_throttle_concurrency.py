"""Rate limits under 20 concurrent clients against a real gunicorn (2 processes x 4 threads)
sharing the limit through a real redis-server; a forged X-Forwarded-For gets no new bucket.

The limit is 300 per hour: the test lasts seconds, so every request falls in one window (or
straddles a boundary where the sliding window still counts the previous hour almost fully), and
the admitted count must be the limit, within 5 %.
"""
import random
import threading

import pytest
import redis as redis_lib
import requests

from tests.reliability.live import Gunicorn

pytestmark = pytest.mark.servers
LIMIT, CLIENTS, REQUESTS_EACH = 300, 20, 30


@pytest.fixture
def server(redis_server):
    url = redis_server.url.rsplit("/", 1)[0] + "/8"
    redis_lib.Redis.from_url(url).flushdb()
    with Gunicorn("tests.reliability.live_settings", env={"REDIS_URL": url, "THROTTLE_RATE": f"{LIMIT}/hour"},
                  workers=2, threads=4) as live:
        yield live
    redis_lib.Redis.from_url(url).flushdb()


def hammer(base_url: str, forge: bool) -> dict:
    counts = {"admitted": 0, "limited": 0, "other": 0, "retry_after": set()}
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client():
        session = requests.Session()
        barrier.wait()
        for _ in range(REQUESTS_EACH):
            headers = {"X-Forwarded-For": f"10.{random.randrange(256)}.{random.randrange(256)}.7"} if forge else {}
            response = session.get(f"{base_url}/api/v1/config", headers=headers, timeout=30)
            with lock:
                if response.status_code == 200:
                    counts["admitted"] += 1
                elif response.status_code == 429:
                    counts["limited"] += 1
                    assert response.json()["error"]["code"] == "RATE_LIMITED"
                    counts["retry_after"].add(response.headers.get("Retry-After"))
                else:
                    counts["other"] += 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


@pytest.mark.parametrize("forge", [False, True], ids=["one-address", "forged-x-forwarded-for"])
def test_twenty_concurrent_clients_get_the_limit_and_no_more(server, forge):
    counts = hammer(server.url, forge)
    print(f"\n{CLIENTS} clients x {REQUESTS_EACH}, limit {LIMIT}: {counts}")

    assert counts["other"] == 0, counts
    assert counts["admitted"] + counts["limited"] == CLIENTS * REQUESTS_EACH
    assert LIMIT * 0.95 <= counts["admitted"] <= LIMIT * 1.05, counts
    assert None not in counts["retry_after"]
