"""Compare, character check and the library map, in a real browser, with and without the model."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import screenshot


def test_compare_two_images_shows_verdict_score_and_heatmap(signed_in, make_image, model):
    page = signed_in
    reference = make_image("astronaut", filename="hero_front.jpg")
    other = make_image("coffee", filename="hero_side.jpg")
    page.goto(f"/compare?a={reference.id}&b={other.id}")
    expect(page.locator("#pick-a")).to_have_value(reference.id)
    expect(page.locator("#pick-b")).to_have_value(other.id)
    page.get_by_role("button", name="Compare", exact=True).click()
    result = page.locator("#compare-result")
    expect(result).to_be_visible()
    expect(page.locator("#verdict")).to_have_text(re.compile(r"^(Same character|Not the same character)$"))
    expect(page.locator("#score")).to_have_text(re.compile(r"^\d+\.\d%$"))
    expect(page.locator("#confidence")).to_contain_text("confidence")
    expect(page.locator("#explanation")).not_to_be_empty()
    expect(page.locator("#numbers")).to_contain_text("Cosine similarity")
    heatmap = page.locator("#heatmap")
    expect(heatmap).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    expect(heatmap).to_have_js_property("complete", True)
    assert heatmap.evaluate("img => img.naturalWidth") > 0
    expect(page.locator("#heatmap-caption")).to_contain_text("changed")
    screenshot(page, "07-compare")


def test_compare_without_the_model_says_what_to_do(signed_in, make_image, no_model):
    page = signed_in
    make_image("astronaut")
    make_image("coffee")
    page.goto("/compare")
    expect(page.locator("#model-banner")).to_contain_text("not loaded")
    expect(page.get_by_role("button", name="Compare", exact=True)).to_be_disabled()
    # The pickers and previews still work.
    expect(page.locator("#preview-a")).to_have_attribute("src", re.compile("/files/"))
    screenshot(page, "08-compare-no-model")


def test_compare_with_an_empty_library_says_how_to_upload(signed_in):
    signed_in.goto("/compare")
    expect(signed_in.locator("#no-images")).to_contain_text("Upload page")


def test_character_check_sorts_renders_failures_first(signed_in, make_image, model):
    from dinov3site.config.services import config_set

    page = signed_in
    # A strict threshold: only the resized copy of the reference passes.
    config_set(name="similarity_threshold", value=0.99)
    reference = make_image("astronaut", filename="hero_sheet.jpg")
    make_image("astronaut", filename="hero_render_01.jpg", size=(240, 240))
    make_image("coffee", filename="render_02.jpg")
    make_image("rocket", filename="render_03.jpg")
    page.goto(f"/character-check?reference={reference.id}")
    expect(page.locator("#reference")).to_have_value(reference.id)
    page.get_by_role("button", name="Select all").click()
    expect(page.locator("#selected-count")).to_have_text("3 selected")
    page.get_by_role("button", name="Check these renders").click()
    rows = page.locator("#check-rows .result")
    expect(rows).to_have_count(3)
    expect(page.locator("#check-summary")).to_contain_text("of 3 renders")
    scores = [float(text.rstrip("%")) for text in page.locator("#check-rows .result .score").all_inner_texts()]
    assert scores == sorted(scores)
    expect(page.locator("#check-summary")).to_contain_text("1 of 3 renders show the same character")
    # The two failures come first, the resized copy of the reference (the best score) last.
    expect(page.locator("#check-rows .result.fail")).to_have_count(2)
    assert "fail" in rows.nth(0).get_attribute("class") and "fail" in rows.nth(1).get_attribute("class")
    expect(rows.last).to_contain_text("hero_render_01.jpg")
    expect(rows.last).to_contain_text("matches")
    screenshot(page, "09-character-check")


def test_character_check_needs_a_selection(signed_in, make_image, model):
    page = signed_in
    make_image("astronaut")
    make_image("coffee")
    page.goto("/character-check")
    page.get_by_role("button", name="Check these renders").click()
    expect(page.locator("#check-message")).to_contain_text("Select at least one render")


def test_map_places_assets_and_opens_one_on_click(signed_in, make_image, model):
    from analysis.features.services import features_for

    page = signed_in
    assets = [make_image(name, tags=[tag]) for name, tag in
              (("astronaut", "people"), ("coffee", "props"), ("chelsea", "animals"), ("rocket", "props"))]
    make_image("hubble_deep_field")  # no features yet: counted, not placed
    features_for(assets=assets)
    page.goto("/map")
    dots = page.locator("#map circle")
    expect(dots).to_have_count(4)
    expect(page.locator("#legend")).to_contain_text("#props")
    expect(page.get_by_text("1 other asset has no vector")).to_be_visible()
    colours_by_tag = {dots.nth(i).get_attribute("fill") for i in range(4)}
    assert len(colours_by_tag) == 3  # people, props, animals
    screenshot(page, "10-map")
    page.get_by_label("cluster").check()
    expect(page.locator("#legend")).to_contain_text("cluster 1")
    page.locator(f'#map circle[data-asset-id="{assets[1].id}"]').click()
    expect(page).to_have_url(re.compile(f"/assets/{assets[1].id}$"))


def test_map_without_features_says_how_to_get_them(signed_in, make_image, no_model):
    page = signed_in
    make_image("astronaut")
    page.goto("/map")
    expect(page.locator("#empty-map")).to_contain_text("Extract features now")
    expect(page.locator("#model-banner")).to_be_visible()
    screenshot(page, "11-map-empty")


def test_character_check_warns_when_the_threshold_was_never_calibrated(signed_in, make_image, no_model):
    page = signed_in
    make_image("astronaut")
    make_image("coffee")
    page.goto("/character-check")
    warning = page.locator("#calibration-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("No calibration has been done")
    expect(warning).to_contain_text("0.75")
    expect(page.locator("#calibration-plot")).to_have_count(0)


def test_character_check_plots_the_labelled_pairs_against_the_threshold(signed_in, make_image, model):
    from analysis.similarity.services import threshold_calibrate

    page = signed_in
    images = {name: make_image(name, filename=f"{name}.jpg") for name in ("astronaut", "coffee", "rocket", "chelsea")}
    copy = make_image("astronaut", filename="astronaut_again.jpg", size=(240, 240))
    pairs = [{"asset_id_1": images["astronaut"].id, "asset_id_2": copy.id, "same": True},
             {"asset_id_1": images["coffee"].id, "asset_id_2": images["coffee"].id, "same": True},
             {"asset_id_1": images["astronaut"].id, "asset_id_2": images["rocket"].id, "same": False},
             {"asset_id_1": images["coffee"].id, "asset_id_2": images["chelsea"].id, "same": False},
             {"asset_id_1": images["rocket"].id, "asset_id_2": images["chelsea"].id, "same": False}]
    report = threshold_calibrate(pairs=pairs, apply=True)

    page.goto("/character-check")
    expect(page.locator("#calibration-warning")).to_have_count(0)
    plot = page.locator("#calibration-plot")
    expect(plot).to_be_visible()
    # Two distributions (2 same pairs, 3 different) and the threshold in use, the calibrated one.
    assert sum(int(t.split()[0]) for t in plot.locator("rect.bar-same title").all_text_contents()) == 2
    assert sum(int(t.split()[0]) for t in plot.locator("rect.bar-different title").all_text_contents()) == 3
    expect(plot.locator("line.threshold-current")).to_have_count(1)
    expect(plot).to_contain_text(f"threshold {report['threshold']:.3f}")
    expect(page.locator("#calibration")).to_contain_text("2 pairs labelled the same character, 3 different")
    screenshot(page, "12-character-check-calibration")
