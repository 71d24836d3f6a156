"""The map as a place to look and act: thumbnails on hover, zoom, lasso and its actions, labels
that never overlap, keyframes only when asked."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import screenshot

NAMES = ("astronaut", "coffee", "chelsea", "rocket", "camera", "hubble_deep_field", "retina", "coins")


def _boxes_overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and \
        b["y"] < a["y"] + a["height"]


def test_hover_zoom_lasso_and_collect_on_the_map(signed_in, make_image, model):
    from analysis.features.services import features_for
    from assets.documents import Asset, Collection

    page = signed_in
    assets = [make_image(name, filename=f"{name}_render_with_a_long_name.jpg", tags=[name[:3]]) for name in NAMES]
    keyframe = make_image("astronaut", filename="frame_0001.jpg")
    Asset.objects(id=keyframe.id).update_one(set__source_asset_id=assets[0].id)
    features_for(assets=assets + [Asset.objects.get(id=keyframe.id)])
    page.goto("/map")
    dots = page.locator("#map circle")
    expect(dots).to_have_count(len(NAMES))  # the keyframe stays hidden
    page.get_by_label(re.compile("Keyframes")).check()
    expect(dots).to_have_count(len(NAMES) + 1)
    page.get_by_label(re.compile("Keyframes")).uncheck()

    # No two labels overlap on screen.
    labels = [page.locator("#map text").nth(i).bounding_box() for i in range(page.locator("#map text").count())]
    assert labels, "some dots are named"
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])

    # Hovering a dot shows its thumbnail.
    dots.first.hover()
    expect(page.locator("#map-tip")).to_be_visible()
    expect(page.locator("#map-tip img")).to_have_attribute("src", re.compile("/files/"))
    expect(page.locator("#map-tip")).to_contain_text("_render_with_a_long_name.jpg")

    # Zoom in with the button: the view narrows and dots keep their size on screen.
    before = dots.first.bounding_box()["width"]
    page.get_by_role("button", name="Zoom in").click()
    assert page.locator("#map").get_attribute("viewBox") != "0 0 1000 600"
    assert abs(dots.first.bounding_box()["width"] - before) < 2
    page.get_by_role("button", name="Reset").click()
    expect(page.locator("#map")).to_have_attribute("viewBox", "0 0 1000 600")

    # Lasso around the whole map selects every visible dot; the selection goes into a collection.
    page.get_by_role("button", name="Lasso").click()
    box = page.locator("#map").bounding_box()
    corners = [(0.01, 0.01), (0.99, 0.01), (0.99, 0.99), (0.01, 0.99), (0.01, 0.02)]
    page.mouse.move(box["x"] + box["width"] * corners[0][0], box["y"] + box["height"] * corners[0][1])
    page.mouse.down()
    for fx, fy in corners[1:]:
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=5)
    page.mouse.up()
    expect(page.locator("#map-selection-count")).to_have_text(f"{len(NAMES)} selected")
    expect(page.locator("#map circle.picked")).to_have_count(len(NAMES))
    screenshot(page, "map-lasso")
    page.once("dialog", lambda dialog: dialog.accept("Look-alikes"))
    page.get_by_role("button", name="Add to collection").click()
    expect(page.locator("#map-message")).to_contain_text(f"Added {len(NAMES)} to Look-alikes")
    made = Collection.objects.get(name="Look-alikes")
    assert sorted(made.asset_ids) == sorted(a.id for a in assets)

    # The collection's map dims everything else.
    page.goto(f"/map?collection={made.id}")
    expect(page.locator("#map circle[opacity]")).to_have_count(0)
