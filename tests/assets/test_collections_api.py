"""Collections, bulk tag edits, asset edits, the picker and the jobs list through /api/v1."""
import pytest

from tests.media import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(api, media_root):
    ids = []
    for name, tags in (("astronaut", "hero"), ("coffee", "prop"), ("rocket", "prop")):
        answer = api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", name), f"{name}.png"), "tags": tags},
                          format="multipart")
        assert answer.status_code == 200
        ids.append(answer.json()["asset_id"])
    return ids


def test_a_collection_is_made_filled_renamed_and_emptied(api, three):
    made = api.post("/api/v1/collections", {"name": "  Hero   turnaround ", "asset_ids": three[:1]}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert (body["name"], body["size"], body["asset_ids"]) == ("Hero turnaround", 1, three[:1])
    cid = body["collection_id"]
    added = api.post(f"/api/v1/collections/{cid}/assets", {"asset_ids": three}, format="json").json()
    assert added["size"] == 3  # no duplicates
    renamed = api.patch(f"/api/v1/collections/{cid}", {"name": "Hero v2"}, format="json").json()
    assert renamed["name"] == "Hero v2"
    removed = api.delete(f"/api/v1/collections/{cid}/assets", {"asset_ids": three[1:]}, format="json").json()
    assert removed["asset_ids"] == three[:1]
    listed = api.get("/api/v1/collections").json()["collections"]
    assert [c["name"] for c in listed] == ["Hero v2"]
    # Deleting an asset takes it out of the collection.
    api.delete(f"/api/v1/media/{three[0]}")
    assert api.get(f"/api/v1/collections/{cid}").json()["size"] == 0
    assert api.delete(f"/api/v1/collections/{cid}").json()["deleted"] is True
    assert api.get(f"/api/v1/collections/{cid}").status_code == 404


def test_collection_mistakes_answer_the_envelope(api, three):
    nameless = api.post("/api/v1/collections", {"name": "   "}, format="json")
    assert nameless.status_code == 400 and nameless.json()["error"]["code"] == "VALIDATION_ERROR"
    unknown = api.post("/api/v1/collections", {"name": "x", "asset_ids": ["nope"]}, format="json")
    assert unknown.status_code == 400 and unknown.json()["error"]["details"]["asset_ids"] == ["nope"]
    missing = api.get("/api/v1/collections/does-not-exist")
    assert missing.status_code == 404 and set(missing.json()["error"]) >= {"code", "message", "details", "timestamp"}
    empty = api.post("/api/v1/collections/does-not-exist/assets", {"asset_ids": []}, format="json")
    assert empty.status_code == 400


def test_tags_are_added_and_removed_on_many_assets_at_once(api, three):
    answer = api.post("/api/v1/media-tags", {"asset_ids": three, "add": ["Approved"], "remove": ["prop"]}, format="json")
    assert answer.status_code == 200 and answer.json()["updated"] == 3
    tags = [api.get(f"/api/v1/media/{i}").json()["tags"] for i in three]
    assert tags == [["hero", "approved"], ["approved"], ["approved"]]
    nothing = api.post("/api/v1/media-tags", {"asset_ids": three}, format="json")
    assert nothing.status_code == 400


def test_an_asset_tags_and_description_are_edited(api, three):
    answer = api.patch(f"/api/v1/media/{three[0]}", {"tags": ["Hero", "front"], "description": " Turnaround A "},
                       format="json")
    assert answer.status_code == 200
    assert (answer.json()["tags"], answer.json()["description"]) == (["hero", "front"], "Turnaround A")
    assert api.patch("/api/v1/media/nope", {"tags": []}, format="json").status_code == 404


def test_the_picker_answers_a_few_thumbnails_by_name_or_tag(api, three):
    found = api.get("/api/v1/media-picker", {"q": "coff"}).json()["results"]
    assert [r["filename"] for r in found] == ["coffee.png"] and found[0]["thumbnail_url"].startswith("/files/")
    by_tag = api.get("/api/v1/media-picker", {"q": "prop", "limit": 1}).json()["results"]
    assert len(by_tag) == 1
    assert api.get("/api/v1/media-picker", {"limit": 500}).status_code == 400


def test_quality_scores_are_kept_and_jobs_are_listed_newest_first(api, three):
    from assets.documents import Asset

    answer = api.post("/api/v1/quality-scores", {"asset_ids": three}, format="json")
    assert answer.status_code == 202
    job = api.get(answer.json()["status_url"]).json()
    assert job["status"] == "succeeded" and job["result"]["scored"] == 3
    assert all(0 <= Asset.objects.get(id=i).quality_score <= 100 for i in three)
    jobs = api.get("/api/v1/jobs").json()["jobs"]
    assert jobs[0]["job_id"] == job["job_id"] and jobs[0]["kind"] == "quality.scores"
    assert api.get("/api/v1/jobs", {"status": "running"}).json()["jobs"] == []
    assert api.get("/api/v1/jobs", {"status": "bogus"}).json()["error"]["code"] == "VALIDATION_ERROR"


def test_extracting_what_is_missing_needs_the_model(api, three, no_model):
    answer = api.post("/api/v1/extract-missing-features")
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "MODEL_NOT_LOADED"


def test_extracting_what_is_missing_runs_one_job_for_the_rest(api, three, model):
    from assets.documents import Asset

    api.post("/api/v1/extract-features", {"asset_id": three[0]}, format="json")
    answer = api.post("/api/v1/extract-missing-features")
    assert answer.status_code == 202
    job = api.get(answer.json()["status_url"]).json()
    assert job["status"] == "succeeded" and job["progress"]["total"] == 2 and job["result"]["extracted"] == 2
    assert Asset.objects(features=None).count() == 0
    assert api.post("/api/v1/extract-missing-features").json() == {"missing": 0, "job": None}
