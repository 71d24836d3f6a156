"""The map is projected once per change of the library's vectors; large libraries by a job."""
import pytest

pytestmark = pytest.mark.django_db


def test_a_large_map_is_drawn_by_a_job_once_then_served_from_the_cache(client, django_user_model, make_image, model,
                                                                        monkeypatch):
    from analysis.search import map_services
    from analysis.features.services import features_for
    from dinov3site.jobs.documents import Job

    monkeypatch.setattr(map_services, "INLINE_POINTS", 1)
    assets = [make_image(name) for name in ("astronaut", "coffee", "rocket")]
    features_for(assets=assets)
    django_user_model.objects.create_user("artist", password="a-long-test-password-9")
    client.login(username="artist", password="a-long-test-password-9")
    first = client.get("/map")
    assert first.status_code == 200 and len(first.context["map"]["points"]) == 3
    assert Job.objects(kind="analysis.library_map", status="succeeded").count() == 1  # eager: drawn in the job
    client.get("/map")
    assert Job.objects(kind="analysis.library_map").count() == 1  # the cache answered
    features_for(assets=[make_image("camera")])
    assert len(client.get("/map").context["map"]["points"]) == 4  # new vectors: drawn again
    assert Job.objects(kind="analysis.library_map").count() == 2
