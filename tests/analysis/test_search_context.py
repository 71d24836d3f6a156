"""What other apps add to an asset's searchable text: the provider registry text search asks."""
from analysis.search import context


def test_every_provider_is_asked_and_what_they_say_is_joined(monkeypatch):
    monkeypatch.setattr(context, "_providers", [])
    context.search_context_provider_register(lambda *, asset_id: f"scene of {asset_id}")
    context.search_context_provider_register(lambda *, asset_id: "")

    assert context.search_context_for(asset_id="a1") == "scene of a1"


def test_a_provider_registered_twice_is_asked_once(monkeypatch):
    monkeypatch.setattr(context, "_providers", [])

    def provider(*, asset_id):
        return "night"

    context.search_context_provider_register(provider)
    context.search_context_provider_register(provider)

    assert context.search_context_for(asset_id="a1") == "night"


def test_without_providers_an_asset_has_no_added_context(monkeypatch):
    monkeypatch.setattr(context, "_providers", [])

    assert context.search_context_for(asset_id="a1") == ""


def test_the_shot_library_registers_its_shot_context_when_the_apps_are_ready():
    from cinematics.selectors import shot_context_for_asset

    assert shot_context_for_asset in context._providers
