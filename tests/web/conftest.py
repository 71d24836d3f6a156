"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)
against pytest-django's live server; screenshots of each page go to test-output/screenshots/."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PASSWORD = "a-long-test-password-9"


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test. Playwright's sync API keeps an event loop in the test thread while
    it runs, which makes Django refuse ORM calls from that thread (fixtures, database teardown);
    they are synchronous and safe, so the guard is lifted for this test only (never process-wide:
    it would leak into other tests and into `check --deploy`)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artist(django_user_model):
    return django_user_model.objects.create_user("artist", email="artist@example.org", password=PASSWORD)


@pytest.fixture
def page(browser, live_server, media_root):
    """A fresh browser tab (own cookies) on a laptop-sized screen; JS errors fail the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def wait_until(tab, expression: str, *, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it is true. Playwright's wait_for_function evaluates its
    predicate with eval(), which the pages' Content-Security-Policy (no 'unsafe-eval') refuses."""
    deadline = time.monotonic() + timeout
    while not tab.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {expression}")
        tab.wait_for_timeout(100)


def sign_in(tab, username: str = "artist", password: str = PASSWORD) -> None:
    tab.goto("/accounts/login/")
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/")


@pytest.fixture
def signed_in(page, artist):
    sign_in(page)
    return page


def screenshot(tab, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def make_image(media_root):
    """Store an image through the same service the upload endpoint uses; returns the asset."""
    from assets.services import asset_create
    from tests.media import image_bytes

    def _make(name: str = "astronaut", filename: str | None = None, tags: list[str] | None = None,
              size: tuple[int, int] = (256, 256), fmt: str = "JPEG"):
        path = media_root.parent / f"src-{name}-{len(os.listdir(media_root.parent))}.{fmt.lower()}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_bytes(fmt, name, size))
        return asset_create(path=path, filename=filename or f"{name}.jpg", tags=tags or [])

    return _make
