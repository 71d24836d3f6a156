"""A video's shots and the shot library, in a real browser: analyse, look, export, store, search."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import screenshot

# Three shots: a cut into a pan, a fade into a zoom (the video app's own test script).
SCRIPT = [("astronaut", "static", "cut", 0), ("coffee", "pan_left", "cut", 0), ("rocket", "zoom_in", "fade", 4)]


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    from video.engine.synthetic import ShotSpec, write_video

    path = tmp_path_factory.mktemp("web-video") / "chase.mp4"
    specs = [ShotSpec(photo, movement, frames=20, transition=transition, transition_frames=frames)
             for photo, movement, transition, frames in SCRIPT]
    write_video(path, specs, size=(160, 120), fps=10.0)
    return path


@pytest.fixture
def video(clip, media_root):
    from assets.services import asset_create

    return asset_create(path=clip, filename="chase.mp4", tags=["chase"])


def _analysed_shots(video_id: str) -> int:
    from video.documents import VideoShotAnalysis

    return VideoShotAnalysis.objects(video_asset_id=video_id).first().total_shots


def test_analyse_a_video_then_see_its_shots_export_and_store_them(signed_in, video, no_model):
    page = signed_in
    page.goto(f"/assets/{video.id}")
    expect(page.locator("video")).to_have_attribute("src", re.compile("/files/"))
    page.get_by_role("link", name="Shots of this video").click()
    expect(page.locator("#analysis-summary")).to_contain_text("Not analysed yet")
    expect(page.locator("#shots")).to_have_count(0)

    page.get_by_role("button", name="Analyse shots").click()
    strip = page.locator("#shot-strip .shot")
    expect(strip.first).to_be_visible(timeout=60_000)
    total = _analysed_shots(video.id)
    assert total >= 2
    expect(strip).to_have_count(total)
    expect(page.locator("#timeline .segment")).to_have_count(total)
    expect(page.locator("#analysis-summary")).to_contain_text(f"{total} shots")
    # Every shot shows its keyframe and its movement, framing and tone.
    for index in range(total):
        card = strip.nth(index)
        expect(card.locator("img")).to_have_js_property("complete", True)
        assert card.locator("img").evaluate("img => img.naturalWidth") > 0
        expect(card.locator(".badge[title='Camera movement']")).not_to_be_empty()
        expect(card.locator(".badge[title='Framing']")).not_to_be_empty()
        expect(card.locator(".badge[title='Tone (an estimate)']")).not_to_be_empty()
    expect(page.locator("#shot-strip")).to_contain_text("pan")
    strip.nth(1).click()
    expect(strip.nth(1)).to_have_class(re.compile("current"))
    screenshot(page, "15-video-shots")

    # The export links download the shot list (the session opens the API).
    href = page.get_by_role("link", name="CSV").get_attribute("href")
    download = page.request.get(href)
    assert download.status == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert len(download.text().strip().splitlines()) == total + 1

    # Store the shots in the library with a scene description, then open them there.
    page.get_by_label("Scene context", exact=False).first.fill("A chase through the night market")
    page.get_by_label("Tags", exact=True).fill("chase, night")
    page.get_by_label("Genre").fill("thriller")
    page.get_by_role("button", name=re.compile("Store .* in the library")).click()
    expect(page.locator("#store-message")).to_contain_text(f"Stored {total} shot")
    page.get_by_role("link", name="Open them in the shot library").click()
    cards = page.locator("#shot-cards .shot")
    expect(cards).to_have_count(total)
    expect(page.locator("#library-count")).to_have_text(f"{total} shots")
    expect(cards.first).to_contain_text("chase.mp4")
    expect(cards.first).to_contain_text("night market")


def test_search_the_shot_library_by_filters_and_scene_description(signed_in, video, no_model):
    from cinematics.services import shots_store
    from video.selectors import video_shot_analysis_get
    from video.services import video_shots_analyze

    page = signed_in
    video_shots_analyze(asset=video, threshold=0.3, extract_keyframes=True)
    shots = video_shot_analysis_get(asset=video).shots
    shots_store(video_asset_id=video.id, shots=shots, scene_context="A chase through the night market",
                manual_tags=["chase", "night"], genre="thriller")
    movements = sorted({shot["movement_type"] for shot in shots})
    page.goto("/shots")
    cards = page.locator("#shot-cards .shot")
    expect(cards).to_have_count(len(shots))
    # A filter narrows the cards to the shots with that movement.
    page.locator("#filter-form select[name=movement_type]").select_option(movements[0])
    page.get_by_role("button", name="Show shots").click()
    expected = sum(shot["movement_type"] == movements[0] for shot in shots)
    expect(cards).to_have_count(expected)
    expect(page).to_have_url(re.compile(f"movement_type={movements[0]}"))
    expect(page.locator("#library-exports a")).to_have_count(4)
    # A scene description gets ranked suggestions with their reasons.
    page.get_by_label("Scene description").fill("a chase at night in a crowded market")
    page.get_by_role("button", name="Suggest shots").click()
    suggestions = page.locator("#suggestion-cards .shot")
    expect(suggestions.first).to_be_visible()
    expect(suggestions.first.locator(".rank")).to_contain_text("#1")
    expect(suggestions.first).to_contain_text("match")
    screenshot(page, "16-shot-library")
    # Clearing the filters shows every shot again.
    page.get_by_role("button", name="Clear").click()
    expect(cards).to_have_count(len(shots))


def test_empty_shot_library_says_how_to_fill_it(signed_in):
    signed_in.goto("/shots")
    expect(signed_in.locator("#empty-library")).to_contain_text("Analyse shots")
    screenshot(signed_in, "17-shot-library-empty")


def test_the_page_analyses_as_a_job_and_follows_it(signed_in, video, no_model):
    # The page asks for a job ("async": true): the API answers 202, the page polls it to the end.
    page = signed_in
    page.goto(f"/videos/{video.id}")
    with page.expect_response(lambda r: "/api/v1/jobs/" in r.url and r.status == 200):
        page.get_by_role("button", name="Analyse shots").click()
    strip = page.locator("#shot-strip .shot")
    expect(strip.first).to_be_visible(timeout=60_000)
    expect(strip).to_have_count(_analysed_shots(video.id))
