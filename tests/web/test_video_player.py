"""Playing a video as an editor does: seeking (HTTP ranges), a playable copy of an mp4v original,
the timeline and the keys, and choosing which shots to store with their own context and tags."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import screenshot, wait_until
from tests.web.test_video_pages import _analysed_shots, clip, video  # noqa: F401 - fixtures


@pytest.fixture
def file_url(make_image):
    from assets.storage import media_url

    asset = make_image("astronaut")
    return asset, media_url(asset.stored_name)


def test_stored_files_answer_byte_ranges_so_players_can_seek(client, file_url):
    asset, url = file_url
    whole = client.get(url)
    body = b"".join(whole.streaming_content)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert len(body) == asset.file_size == int(whole["Content-Length"])

    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{asset.file_size}"
    assert b"".join(part.streaming_content) == body[100:200]

    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == body[-50:]
    open_ended = client.get(url, HTTP_RANGE=f"bytes={asset.file_size - 10}-")
    assert b"".join(open_ended.streaming_content) == body[-10:]

    beyond = client.get(url, HTTP_RANGE=f"bytes={asset.file_size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{asset.file_size}"
    backwards = client.get(url, HTTP_RANGE="bytes=50-10")
    assert backwards.status_code == 416
    # Several ranges or nonsense: the whole file, as RFC 9110 allows.
    assert client.get(url, HTTP_RANGE="bytes=0-1,5-6").status_code == 200
    assert client.get(url, HTTP_RANGE="pages=1").status_code == 200


def test_an_mp4v_video_gets_a_playable_h264_copy_and_keeps_its_original(signed_in, video, no_model):
    from assets.documents import Asset
    from assets.storage import local_copy
    from video.playback import video_codec

    page = signed_in
    with page.expect_response(lambda r: r.url.endswith("/playback") and r.request.method == "POST"):
        page.goto(f"/videos/{video.id}")
    expect(page.locator("#playback-message")).to_contain_text("H.264 copy")
    stored = Asset.objects.get(id=video.id)
    assert stored.playback_status == "ready"
    with local_copy(stored.playback_name) as proxy, local_copy(stored.stored_name) as original:
        assert video_codec(proxy) == "h264" and video_codec(original) == "mpeg4"
    player = page.locator("#player")
    expect(player).to_have_attribute("data-playback-status", "ready")
    wait_until(page, "document.getElementById('player').readyState >= 1")
    assert player.evaluate("v => v.videoWidth") == 160
    # A second visit plays the copy at once, with no new job.
    page.reload()
    expect(page.locator("#playback-message")).to_be_hidden()
    expect(page.locator("#video-page")).to_have_attribute("data-playback", "ready")


def test_timeline_seeks_loops_a_shot_and_keys_step_frames(signed_in, video, no_model):
    from video.services import video_shots_analyze

    page = signed_in
    analysis = video_shots_analyze(asset=video, threshold=0.3, extract_keyframes=True)
    shots = analysis["shot_analyses"] if isinstance(analysis, dict) else analysis.shots
    assert len(shots) >= 2
    second = shots[1]
    page.goto(f"/videos/{video.id}")
    wait_until(page, "document.getElementById('player').getAttribute('data-playback-status') === 'ready'")
    wait_until(page, "document.getElementById('player').readyState >= 1")
    page.locator("#timeline .segment").nth(1).click()
    expect(page.locator("#loop-state")).to_contain_text(f"Looping shot {second['shot_id']}")
    expect(page.locator("#timeline .segment").nth(1)).to_have_class(re.compile("current"))
    expect(page.locator("#shot-strip .shot").nth(1)).to_have_class(re.compile("current"))
    now = page.locator("#player").evaluate("v => v.currentTime")
    assert second["start_time"] <= now < second["end_time"]

    page.keyboard.press("k")  # pause, then step one frame at a time
    page.locator("#player").evaluate("v => { v.pause(); v.currentTime = 1.05; }")
    expect(page.locator("#timecode")).to_contain_text("frame 10")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#timecode")).to_have_text(re.compile(r"00:00:01:01 +· +frame 11"))
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#timecode")).to_contain_text("frame 9")
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#timecode")).to_contain_text("frame 19")
    page.keyboard.press("Escape")
    expect(page.locator("#loop-state")).to_be_hidden()

    # Scrubbing: dragging along the timeline moves the playhead with the pointer.
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 10, steps=4)
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + 10, steps=4)
    page.mouse.up()
    assert page.locator("#player").evaluate("v => v.currentTime / v.duration") > 0.85
    expect(page.locator("#loop-state")).to_be_hidden()
    screenshot(page, "video-transport")


def test_store_only_the_chosen_shots_each_with_its_own_context_and_tags(signed_in, video, no_model):
    from cinematics.documents import Shot
    from video.services import video_shots_analyze

    page = signed_in
    video_shots_analyze(asset=video, threshold=0.3, extract_keyframes=True)
    total = _analysed_shots(video.id)
    page.goto(f"/videos/{video.id}")
    rows = page.locator("#shot-editor tbody tr")
    expect(rows).to_have_count(total)
    page.get_by_label("Store shot 1", exact=True).uncheck()
    expect(page.locator("#store-button")).to_have_text(f"Store {total - 1} shot{'s' if total - 1 != 1 else ''} in the library")
    page.get_by_label("Scene context", exact=False).first.fill("The market at night")
    page.get_by_label("Scene context of shot 2", exact=True).fill("The hero vaults a fruit stall")
    page.get_by_label("Tags of shot 2", exact=True).fill("stunt, fruit")
    page.get_by_role("button", name=re.compile("Store .* in the library")).click()
    expect(page.locator("#store-message")).to_contain_text(f"Stored {total - 1} shot")
    stored = {shot.shot_number: shot for shot in Shot.objects(video_asset_id=video.id)}
    assert sorted(stored) == list(range(2, total + 1))
    assert stored[2].scene_context == "The hero vaults a fruit stall"
    assert {"stunt", "fruit"} <= set(stored[2].tags)
    if total > 2:
        assert stored[3].scene_context == "The market at night"
    # "Store" ticks every shot; unticking it leaves nothing to store.
    page.get_by_label("Store every shot").check()
    expect(page.locator("#store-button")).to_have_text(f"Store {total} shots in the library")
    page.get_by_label("Store every shot").uncheck()
    expect(page.locator("#store-button")).to_be_disabled()
