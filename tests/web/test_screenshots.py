"""Every page at 1440 px and 390 px, light and dark: nothing is wider than the screen, and a
screenshot of each (viewport-sized, 256-colour PNG) is written to test-output/screenshots/, or to
SCREENSHOTS_DIR when set (the README's gallery is made with SCREENSHOTS_DIR=docs/screenshots)."""
from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from tests.web.conftest import SCREENSHOTS, sign_in
from tests.web.test_video_pages import clip  # noqa: F401 - fixture

SIZES = {"1440": {"width": 1440, "height": 900}, "390": {"width": 390, "height": 844}}
LONG = "hero_turnaround_front_three_quarter_final_approved_by_the_art_director_after_review_" * 2 + "v12.png"


def _save(tab, name: str) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    tab.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def test_every_page_fits_phone_and_desktop_in_light_and_dark(browser, live_server, artist, make_image, model,
                                                             clip, media_root):  # noqa: F811
    from analysis.quality.services import quality_score_keep
    from analysis.features.services import features_for
    from assets.collection_services import collection_create
    from assets.services import asset_create
    from cinematics.services import shots_store
    from video.services import video_shots_analyze

    names = [("astronaut", "hero"), ("coffee", "prop"), ("chelsea", "creature"), ("rocket", "prop"),
             ("camera", "hero"), ("retina", "fx"), ("coins", "prop"), ("hubble_deep_field", "fx")]
    images = [make_image(name, filename=f"{name}_render_v3.jpg", tags=[tag, "ep3"]) for name, tag in names]
    images.append(make_image("astronaut", filename=LONG, tags=["hero"]))
    for index, asset in enumerate(images):
        quality_score_keep(asset_id=asset.id, score=35 + index * 7)
    features_for(assets=images)
    video = asset_create(path=clip, filename="chase_sequence.mp4", tags=["chase"])
    analysed = video_shots_analyze(asset=video, threshold=0.3, extract_keyframes=True)
    shots_store(video_asset_id=video.id, shots=analysed["shot_analyses"], scene_context="A chase through the market")
    collection = collection_create(name="Hero turnaround", asset_ids=[a.id for a in images[:5]])
    pages = {
        "library": "/", "asset": f"/assets/{images[-1].id}", "video": f"/videos/{video.id}", "upload": "/upload",
        "compare": f"/compare?a={images[0].id}&b={images[4].id}", "character-check": f"/character-check?collection={collection.id}",
        "map": "/map", "shots": "/shots", "collections": "/collections", "collection": f"/collections/{collection.id}",
        "similarity-matrix": f"/similarity-matrix?collection={collection.id}", "quality": "/quality",
    }
    too_wide = []
    for scheme in ("light", "dark"):
        for size, viewport in SIZES.items():
            context = browser.new_context(base_url=live_server.url, viewport=viewport, color_scheme=scheme)
            tab = context.new_page()
            tab.set_default_timeout(30_000)
            sign_in(tab)
            for name, path in pages.items():
                tab.goto(path)
                tab.wait_for_load_state("networkidle")
                if name == "similarity-matrix":
                    tab.wait_for_selector("#matrix a.matrix-cell")
                width = tab.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    too_wide.append(f"{name} at {size} px ({scheme}) is {width} px wide")
                _save(tab, f"{name}-{size}-{scheme}")
            context.close()
    assert not too_wide, too_wide
