"""Curation in /admin/: the tag vocabulary's counts and actions reach every shot; the shot
browser shows keyframes and saves a curator's edits."""
from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from cinematics.documents import Shot
from cinematics.models import ShotTag
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db
TAGS_URL = "/admin/cinematics/shottag/"
SHOTS_URL = "/admin/cinematics/shotrecord/"


@pytest.fixture
def curator(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def tagged(video, store):
    """Five shots: 'car-chase' on 1-2, 'carchase' on 3-4, 'chase' on 5, 'night' on all."""
    for numbers, tags in (((1, 2), ["car-chase", "night"]), ((3, 4), ["carchase", "night"]), ((5,), ["chase", "night"])):
        store(video_asset_id=video["asset_id"], manual_tags=tags,
              shots=[minimal_shot(n, n - 1.0, float(n)) for n in numbers])
    return video


def tags_of(number: int) -> list[str]:
    return Shot.objects.get(shot_number=number).tags


def test_the_vocabulary_counts_the_shots(curator, tagged):
    assert dict(ShotTag.objects.values_list("name", "shot_count")) == {"car-chase": 2, "carchase": 2, "chase": 1,
                                                                       "night": 5}
    page = curator.get(TAGS_URL).content.decode()
    assert "car-chase" in page and f'{SHOTS_URL}?tag=night">5</a>' in page


def test_merging_in_the_admin_updates_every_shot(curator, tagged):
    ids = [str(pk) for pk in ShotTag.objects.filter(name__in=["car-chase", "carchase", "chase"]).values_list("pk", flat=True)]
    ShotTag.objects.filter(name="carchase").update(approved=True)
    step = curator.post(TAGS_URL, {"action": "merge", ACTION_CHECKBOX_NAME: ids})
    assert step.status_code == 200 and b'name="apply"' in step.content and b"Merge tags" in step.content
    done = curator.post(TAGS_URL, {"action": "merge", ACTION_CHECKBOX_NAME: ids, "apply": "yes", "name": "Chase"},
                        follow=True)
    assert b"Merged car-chase, carchase, chase into chase on 4 shots" in done.content  # shot 5 had it already
    assert [tags_of(n) for n in range(1, 6)] == [["chase", "night"]] * 5
    assert dict(ShotTag.objects.values_list("name", "shot_count")) == {"chase": 5, "night": 5}
    assert ShotTag.objects.get(name="chase").approved  # one merged tag was approved
    assert Shot.objects(tags="carchase").count() == 0


def test_merged_tags_change_what_suggestions_match(curator, tagged, suggest):
    ids = [str(pk) for pk in ShotTag.objects.filter(name__in=["car-chase", "carchase"]).values_list("pk", flat=True)]
    curator.post(TAGS_URL, {"action": "merge", ACTION_CHECKBOX_NAME: ids, "apply": "yes", "name": "pursuit"})
    answer = suggest(scene_description="x", desired_tags=["pursuit"], limit=5)
    matched = {s["shot_number"] for s in answer["suggested_shots"] if s["score_components"]["tags"]["score"] == 1}
    assert matched == {1, 2, 3, 4}


def test_renaming_through_the_action_and_the_change_form(curator, tagged):
    night = ShotTag.objects.get(name="night")
    curator.post(TAGS_URL, {"action": "rename", ACTION_CHECKBOX_NAME: [str(night.pk)], "apply": "yes", "name": "Dusk"})
    assert all("dusk" in s.tags and "night" not in s.tags for s in Shot.objects)
    chase = ShotTag.objects.get(name="chase")
    response = curator.post(f"{TAGS_URL}{chase.pk}/change/", {"name": "Foot Chase", "approved": "on"})
    assert response.status_code == 302
    assert tags_of(5) == ["foot chase", "dusk"]
    assert ShotTag.objects.get(name="foot chase").approved


def test_approving_and_deleting_tags(curator, tagged):
    pk = str(ShotTag.objects.get(name="chase").pk)
    curator.post(TAGS_URL, {"action": "approve", ACTION_CHECKBOX_NAME: [pk]})
    assert ShotTag.objects.get(name="chase").approved
    curator.post(TAGS_URL, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [pk], "post": "yes"})
    assert not ShotTag.objects.filter(name="chase").exists() and tags_of(5) == ["night"]


def test_the_shot_browser_shows_keyframes_and_filters(curator, video, analysed, store):
    store(video_asset_id=video["asset_id"], shots=analysed, scene_context="An astronaut", manual_tags=["space"])
    index = curator.get("/admin/").content.decode()
    assert SHOTS_URL in index and TAGS_URL in index
    page = curator.get(SHOTS_URL).content.decode()
    assert page.count('class="keyframe"') == len(analysed) and 'id="changelist-filter"' in page
    assert "film.mp4 #1" in page and "/files/" in page
    assert curator.get(SHOTS_URL, {"tag": "nothing"}).content.decode().count('class="keyframe"') == 0
    tone = analysed[0]["emotional_tone"]
    expected = sum(a["emotional_tone"] == tone for a in analysed)
    assert curator.get(SHOTS_URL, {"emotional_tone": tone}).content.decode().count('class="keyframe"') == expected


def test_a_curator_edits_a_shot(curator, video, analysed, store):
    shot_id = store(video_asset_id=video["asset_id"], shots=analysed, manual_tags=["space"])["shot_ids"][0]
    url = f"{SHOTS_URL}{shot_id}/change/"
    form = curator.get(url).content.decode()
    assert 'class="keyframe-large"' in form and "Technical notes" in form and 'name="tags"' in form
    response = curator.post(url, {"tags": "space, Hero Moment", "emotional_tone": "somber", "genre": "Sci Fi",
                                  "scene_context": "The astronaut looks back at Earth"})
    assert response.status_code == 302 and response["Location"] == SHOTS_URL
    shot = Shot.objects.get(id=shot_id)
    assert shot.tags == ["space", "hero moment"] and shot.genre == "sci_fi"
    assert (shot.emotional_tone, shot.tone_overridden) == ("somber", True)
    assert ShotTag.objects.get(name="hero moment").shot_count == 1
    bad = curator.post(url, {"tags": "", "emotional_tone": "not-a-tone", "genre": "", "scene_context": ""})
    assert bad.status_code == 200 and b"errornote" in bad.content


def test_the_admin_pages_need_a_staff_login(client, tagged):
    for url in (TAGS_URL, SHOTS_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_rename_first_asks_for_the_new_name_on_an_admin_page(curator, tagged):
    """Choosing "rename" on tags shows the admin's intermediate page (breadcrumbs back to the
    vocabulary, the tags and their counts, a name field) before anything changes."""
    night = ShotTag.objects.get(name="night")
    page = curator.post(TAGS_URL, {"action": "rename", ACTION_CHECKBOX_NAME: [str(night.pk)]})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="breadcrumbs"' in html and TAGS_URL in html
    assert "night (5 shots" in html and 'name="name"' in html
    assert ShotTag.objects.get(pk=night.pk).name == "night"  # nothing renamed yet
