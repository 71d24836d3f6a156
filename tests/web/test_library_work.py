"""The library as a studio uses it every day, in a real browser: long names, sorting, selecting
with bulk actions, collections, the lightbox, editing an asset, shortcuts, the jobs panel."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import screenshot, wait_until

LONG_NAME = ("hero_turnaround_" + "very_long_descriptive_segment_" * 7 + "final.jpg")[:235]


def test_a_235_character_name_never_widens_the_pages(signed_in, make_image):
    page = signed_in
    asset = make_image("astronaut", filename=LONG_NAME)
    assert len(asset.filename) == 235
    for path in ("/", f"/assets/{asset.id}"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{path} is {width} px wide"
    expect(page.locator("h1")).to_have_text(LONG_NAME)


def test_sort_by_name_size_and_quality(signed_in, make_image):
    from analysis.quality.services import quality_score_keep

    page = signed_in
    small = make_image("coffee", filename="b_small.jpg", size=(64, 64))
    big = make_image("astronaut", filename="c_big.jpg", size=(512, 512))
    mid = make_image("rocket", filename="a_mid.jpg", size=(200, 200))
    for asset, score in ((small, 40), (big, 90), (mid, 70)):
        quality_score_keep(asset_id=asset.id, score=score)
    names = page.locator("#asset-grid .cell .name")
    page.goto("/?sort=name")
    expect(names).to_have_text(["a_mid.jpg", "b_small.jpg", "c_big.jpg"])
    page.locator("#sort").select_option("size")
    page.get_by_role("button", name="Filter").click()
    expect(names).to_have_text(["c_big.jpg", "a_mid.jpg", "b_small.jpg"])
    page.locator("#sort").select_option("quality")
    page.get_by_role("button", name="Filter").click()
    expect(names).to_have_text(["c_big.jpg", "a_mid.jpg", "b_small.jpg"])
    expect(page.locator("#asset-grid .cell").first).to_contain_text("Q 90")


def test_select_with_shift_click_tag_collect_and_delete_with_undo(signed_in, make_image):
    from assets.documents import Asset, Collection

    page = signed_in
    made = [make_image(name, filename=f"{name}.jpg") for name in ("astronaut", "coffee", "rocket", "camera")]
    page.goto("/")
    cells = page.locator("#asset-grid .cell")
    expect(cells).to_have_count(4)
    expect(page.locator("#selection-bar")).to_be_hidden()
    cells.nth(0).locator(".pick").click()
    cells.nth(2).locator(".pick").click(modifiers=["Shift"])
    expect(page.locator("#selection-count")).to_have_text("3 selected")
    expect(page.locator("#asset-grid .cell.selected")).to_have_count(3)
    screenshot(page, "library-selection")

    # Add tags to the three.
    page.get_by_role("button", name="Add tags").click()
    page.locator("#bulk-tags").fill("approved, ep3")
    page.locator("#bulk-ok").click()
    expect(page.locator("#selection-message")).to_contain_text("Tagged 3 assets")
    page.wait_for_load_state("load")
    expect(page.locator("#asset-grid .badge.tag", has_text="#approved")).to_have_count(3)
    assert sorted(a.filename for a in Asset.objects(tags="approved")) == ["camera.jpg", "coffee.jpg", "rocket.jpg"]

    # Select all on the page, put them in a new collection.
    page.get_by_role("checkbox", name="Select astronaut.jpg").click()
    page.get_by_role("button", name="Select all on page").click()
    expect(page.locator("#selection-count")).to_have_text("4 selected")
    page.get_by_role("button", name="Add to collection").click()
    page.locator("#bulk-collection").select_option("")
    page.locator("#bulk-new-name").fill("Episode 3 props")
    page.locator("#bulk-ok").click()
    expect(page.locator("#selection-message")).to_contain_text("Added 4 assets to Episode 3 props")
    assert Collection.objects.get(name="Episode 3 props").asset_ids.__len__() == 4

    # Delete two, undo, then delete one for real.
    page.get_by_role("button", name="Clear").click()
    cells.nth(0).locator(".pick").click()
    cells.nth(1).locator(".pick").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.locator("#bulk-title")).to_have_text("Delete 2 assets?")
    page.locator("#bulk-ok").click()
    expect(page.locator("#undo-toast")).to_contain_text("Deleting 2 assets")
    expect(page.locator("#asset-grid .cell:visible")).to_have_count(2)
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#asset-grid .cell:visible")).to_have_count(4)
    expect(page.locator("#selection-message")).to_have_text("Nothing was deleted.")
    assert Asset.objects.count() == 4
    page.get_by_role("button", name="Clear").click()
    cells.nth(3).locator(".pick").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.locator("#bulk-ok").click()
    expect(page.locator("#selection-message")).to_have_text("Deleted 1 asset.", timeout=15_000)
    assert Asset.objects.count() == 3 and Asset.objects(id=made[0].id).count() == 0
    assert len(Collection.objects.get(name="Episode 3 props").asset_ids) == 3


def test_the_lightbox_steps_through_the_page_with_arrow_keys(signed_in, make_image):
    page = signed_in
    for name in ("astronaut", "coffee", "rocket"):
        make_image(name, filename=f"{name}.jpg")
    page.goto("/")
    page.locator("#asset-grid .cell a.thumb").first.focus()
    page.keyboard.press(" ")
    lightbox = page.locator("#lightbox")
    expect(lightbox).to_be_visible()
    expect(page.locator("#lightbox-position")).to_have_text("1 of 3")
    expect(page.locator("#lightbox-name")).to_have_text("rocket.jpg")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#lightbox-name")).to_have_text("coffee.jpg")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#lightbox-name")).to_have_text("astronaut.jpg")
    wait_until(page, "document.getElementById('lightbox-image').naturalWidth > 0")
    screenshot(page, "library-lightbox")
    page.keyboard.press("Escape")
    expect(lightbox).to_be_hidden()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    expect(page.locator("#shortcuts")).to_contain_text("Select all on this page")


def test_edit_an_asset_step_to_the_next_zoom_and_download(signed_in, make_image):
    from assets.documents import Asset

    page = signed_in
    older = make_image("coffee", filename="older.jpg")
    newer = make_image("astronaut", filename="newer.jpg", size=(900, 900))
    page.goto(f"/assets/{newer.id}")
    page.get_by_role("button", name="Edit tags and description").click()
    page.get_by_label("Tags", exact=True).fill("Hero, front")
    page.get_by_label("Description").fill("Turnaround, front view")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#edit-message")).to_have_text("Saved.")
    expect(page.locator("#asset-tags")).to_have_text("#hero#front")
    expect(page.locator("#asset-description")).to_have_text("Turnaround, front view")
    stored = Asset.objects.get(id=newer.id)
    assert (stored.tags, stored.description) == (["hero", "front"], "Turnaround, front view")
    # Zoom shows the full-size pixels.
    page.locator("#asset-image").click()
    expect(page.locator("#zoom-frame")).to_have_class(re.compile("zoomed"))
    assert page.locator("#asset-image").evaluate("img => img.getBoundingClientRect().width") >= 899
    # Download the original bytes.
    href = page.locator("#download-original").get_attribute("href")
    with open(_stored_path(newer), "rb") as original:
        assert page.request.get(href).body() == original.read()
    # The right arrow goes to the next (older) asset, the left arrow back.
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(older.id))
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(newer.id))


def _stored_path(asset):
    from assets.storage import default_storage

    return default_storage().path(asset.stored_name)


def test_collections_feed_compare_character_check_and_the_matrix(signed_in, make_image, model):
    from assets.collection_services import collection_create

    page = signed_in
    ids = [make_image(name, filename=f"{name}.jpg").id for name in ("astronaut", "coffee", "rocket")]
    make_image("camera", filename="outsider.jpg")
    collection = collection_create(name="Hero sheet", asset_ids=ids)
    page.goto("/collections")
    expect(page.locator("#collection-cards .collection-card")).to_have_count(1)
    expect(page.locator("#collection-cards")).to_contain_text("3 assets")
    screenshot(page, "collections")
    page.get_by_role("link", name=re.compile("Hero sheet")).click()
    expect(page.locator("#asset-grid .cell")).to_have_count(3)

    page.get_by_role("link", name="Similarity matrix").click()
    cells = page.locator("#matrix a.matrix-cell")
    expect(cells).to_have_count(6)
    expect(page.locator("#matrix-status")).to_contain_text("3 images")
    screenshot(page, "similarity-matrix")
    cells.first.click()
    expect(page).to_have_url(re.compile(r"/compare\?a=.*&b="))
    expect(page.locator("#pick-a")).to_have_value(ids[0])

    page.goto(f"/character-check?collection={collection.id}")
    expect(page.locator("#reference")).to_have_value(ids[0])
    expect(page.locator("#render-picker .thumb")).to_have_count(2)
    expect(page.locator("#render-picker")).not_to_contain_text("outsider.jpg")


def test_pickers_search_by_name_with_thumbnails(signed_in, make_image, no_model):
    page = signed_in
    for index in range(30):
        make_image("coffee", filename=f"prop_{index:02d}.jpg")
    target = make_image("astronaut", filename="hero_front.jpg")
    page.goto("/compare")
    assert page.locator("select").count() == 0  # no dropdown of every file
    box = page.get_by_role("combobox", name=re.compile("Compared with"))
    box.fill("hero_fr")
    option = page.get_by_role("option", name=re.compile("hero_front.jpg"))
    expect(option).to_have_count(1)
    expect(option.locator("img")).to_have_attribute("src", re.compile("/files/"))
    box.press("Enter")
    expect(page.locator("#pick-b")).to_have_value(target.id)
    expect(page.locator("#preview-b")).to_have_attribute("src", re.compile("/files/"))
    expect(page).to_have_url(re.compile(f"b={target.id}"))


def test_extract_everything_missing_is_a_job_the_panel_follows(signed_in, make_image, model):
    from assets.documents import Asset

    page = signed_in
    for name in ("astronaut", "coffee", "rocket"):
        make_image(name)
    page.goto("/")
    button = page.get_by_role("button", name="Extract features for everything missing (3)")
    button.click()
    expect(page.locator("#extract-missing-message")).to_contain_text("Jobs panel")
    panel = page.locator("#jobs-panel")
    expect(panel).to_be_visible()
    job = panel.locator(".job").first
    expect(job).to_contain_text("Extract missing features")
    expect(job).to_have_attribute("data-status", "succeeded", timeout=60_000)
    expect(job).to_contain_text("3 extracted")
    assert Asset.objects(features=None).count() == 0
    screenshot(page, "jobs-panel")
    # The panel and its jobs survive a reload.
    page.reload()
    expect(page.locator("#jobs-panel .job").first).to_contain_text("Extract missing features")
    page.get_by_role("button", name="Close").click()
    page.reload()
    expect(panel).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("Extract features for everything missing"))).to_have_count(0)


def test_quality_histogram_filters_the_library(signed_in, make_image):
    from analysis.quality.services import quality_score_keep

    page = signed_in
    for index, score in enumerate((15, 18, 55, 92)):
        quality_score_keep(asset_id=make_image("coffee", filename=f"render_{score}.jpg").id, score=score)
    make_image("rocket", filename="unscored.jpg")
    page.goto("/quality")
    expect(page.locator("#quality-summary")).to_contain_text("4 images scored, 1 not yet")
    bins = page.locator(".histogram .bin")
    expect(bins).to_have_count(10)
    expect(bins.nth(1)).to_have_attribute("data-count", "2")
    screenshot(page, "quality-histogram")
    bins.nth(1).click()
    expect(page.locator("#asset-grid .cell .name")).to_have_text(["render_18.jpg", "render_15.jpg"])
    expect(page.locator("#quality-filter")).to_contain_text("Quality 10–20")
