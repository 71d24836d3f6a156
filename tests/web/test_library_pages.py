"""Signing in, the library browser, uploads and the asset page, in a real browser."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.media import image_bytes
from tests.web.conftest import screenshot, sign_in


def test_pages_ask_for_sign_in_then_show_the_empty_library(page, artist):
    # Given a signed-out visitor, when they open the library, then they land on the sign-in page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_label("User name").fill("artist")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".notice.error")).to_contain_text("did not match")
    screenshot(page, "01-sign-in")
    # When they sign in properly, the empty library says how to upload.
    sign_in(page)
    empty = page.locator("#empty-library")
    expect(empty).to_contain_text("The library is empty")
    expect(empty.get_by_role("link", name="Upload page")).to_have_attribute("href", "/upload")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Character check")
    screenshot(page, "02-empty-library")
    # Signing out (a POST form with its CSRF token) ends the session.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/upload")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/upload$"))


def test_upload_two_images_and_a_fake_one_by_the_file_input(signed_in, tmp_path):
    page = signed_in
    files = []
    for name, content in (("astronaut.jpg", image_bytes("JPEG", "astronaut")),
                          ("coffee.png", image_bytes("PNG", "coffee")),
                          ("notes.jpg", b"These are meeting notes, not a picture.\n" * 20)):
        (tmp_path / name).write_bytes(content)
        files.append(str(tmp_path / name))
    page.goto("/upload")
    page.get_by_label("Tags").fill("hero, sheet")
    page.set_input_files("#file-input", files)
    rows = page.locator("#upload-list li")
    expect(rows).to_have_count(3)
    expect(page.locator("#upload-list li.done")).to_have_count(2)
    failed = page.locator('#upload-list li[data-filename="notes.jpg"]')
    expect(failed).to_have_class(re.compile("failed"))
    # The API's own message, in plain words, on the file's row.
    expect(failed).to_contain_text("The content is not a JPG, PNG, WEBP or MP4 file")
    expect(page.locator('#upload-list li[data-filename="astronaut.jpg"]')).to_contain_text("Uploaded")
    screenshot(page, "03-upload")

    # The new assets appear in the library, with their tags.
    page.get_by_role("link", name="See them in the library").click()
    cards = page.locator("#asset-grid .thumb")
    expect(cards).to_have_count(2)
    expect(page.locator("#asset-grid")).to_contain_text("#hero")
    screenshot(page, "04-library")

    # Filters: search by name, then by kind with nothing matching.
    page.get_by_label("Search").fill("coffee")
    page.get_by_role("button", name="Filter").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("coffee.png")
    page.goto("/?kind=video")
    expect(page.locator("#no-results")).to_contain_text("Nothing matches")


def test_asset_page_shows_quality_bars_and_says_the_model_is_missing(signed_in, make_image, no_model):
    page = signed_in
    asset = make_image("chelsea", tags=["cat"])
    page.goto(f"/assets/{asset.id}")
    expect(page.get_by_role("heading", name="chelsea.jpg")).to_be_visible()
    bars = page.locator("#quality .bar")
    expect(bars).to_have_count(4)
    for measure in ("sharpness", "contrast", "brightness", "noise_level"):
        fill = page.locator(f'#quality .bar[data-measure="{measure}"] .fill')
        width = fill.evaluate("node => node.getBoundingClientRect().width")
        assert width > 0, measure
    expect(page.locator("#quality .score")).to_contain_text("/ 100")
    # Without weights: the banner says what to do, extraction waits, the rest of the page works.
    expect(page.locator("#model-banner")).to_contain_text("not loaded")
    expect(page.locator("#model-banner details")).to_contain_text("DINOV3_MODEL_NAME")
    expect(page.locator("#extract-button")).to_be_disabled()
    expect(page.locator("#similar")).to_contain_text("Needs the DINOv3 model")
    expect(page.locator("img[alt='chelsea.jpg']")).to_have_js_property("complete", True)
    assert page.locator("img[alt='chelsea.jpg']").evaluate("img => img.naturalWidth") == 256
    screenshot(page, "05-asset-no-model")


def test_asset_page_extracts_features_and_lists_similar_assets(signed_in, make_image, model):
    page = signed_in
    asset = make_image("astronaut")
    make_image("coffee")
    make_image("rocket")
    page.goto(f"/assets/{asset.id}")
    expect(page.locator("#model-banner")).to_have_count(0)
    # The similar list runs a library search (extracting what is missing) and links each asset.
    expect(page.locator("#similar-grid .thumb")).to_have_count(2)
    expect(page.locator("#similar-grid")).to_contain_text("similar")
    expect(page.locator("#similar-grid img")).to_have_count(2)
    page.get_by_role("button", name=re.compile("Extract")).click()
    expect(page.locator("#features-message")).to_contain_text("up to date")
    expect(page.locator("#features-summary")).to_contain_text("dimensions")
    screenshot(page, "06-asset-with-model")


def test_deleting_from_the_asset_page_returns_to_the_library(signed_in, make_image):
    page = signed_in
    asset = make_image("rocket")
    page.goto(f"/assets/{asset.id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete this asset").click()
    expect(page.locator(".messages")).to_contain_text("Deleted rocket.jpg")
    expect(page.locator("#empty-library")).to_be_visible()


def test_files_dropped_on_the_drop_zone_upload(signed_in):
    import base64

    page = signed_in
    page.goto("/upload")
    png = base64.b64encode(image_bytes("PNG", "rocket")).decode()
    # A real drop event carrying a File, as the browser builds it when files are dragged in.
    transfer = page.evaluate_handle(
        """png => { const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
                    const transfer = new DataTransfer();
                    transfer.items.add(new File([bytes], "rocket.png", {type: "image/png"}));
                    return transfer; }""", png)
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    expect(page.locator('#upload-list li[data-filename="rocket.png"]')).to_have_class(re.compile("done"))
    page.goto("/")
    expect(page.locator("#asset-grid .thumb")).to_have_count(1)


def test_pages_fit_a_tablet_screen(browser, live_server, artist, make_image, no_model):
    asset = make_image("astronaut", tags=["hero"])
    context = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024},
                                  has_touch=True)
    page = context.new_page()
    try:
        sign_in(page)
        for path, name in (("/", "12-tablet-library"), (f"/assets/{asset.id}", "13-tablet-asset"),
                           ("/upload", "14-tablet-upload")):
            page.goto(path)
            # Nothing wider than the screen: no sideways scrolling on a tablet.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
            expect(page.get_by_role("link", name="Character check")).to_be_visible()
            screenshot(page, name)
    finally:
        context.close()


def test_an_upload_over_the_rate_limit_waits_and_goes_through(signed_in, tmp_path):
    page = signed_in
    refused = []

    def once_over_the_limit(route):
        # The first attempt meets the API's 429 answer; the retry reaches the real server.
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=429, headers={"Retry-After": "1", "Content-Type": "application/json"},
                          body='{"error": {"code": "RATE_LIMITED", "message": "Too many uploads."}}')
        else:
            route.continue_()

    page.route("**/api/v1/upload-media", once_over_the_limit)
    (tmp_path / "rocket.jpg").write_bytes(image_bytes("JPEG", "rocket"))
    page.goto("/upload")
    page.set_input_files("#file-input", [str(tmp_path / "rocket.jpg")])
    expect(page.locator("#upload-list li")).to_contain_text("upload rate limit")
    expect(page.locator("#upload-list li.done")).to_have_count(1)
    assert len(refused) == 1
