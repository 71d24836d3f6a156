"""What other apps add to an asset's searchable text (text->metadata search).

Apps above analysis (the shot library's scene contexts and shot tags) register a provider in
their ``AppConfig.ready()``; text search asks every provider and joins what they say. With no
provider registered an asset's text is its own name, tags and description.
"""
from __future__ import annotations

from typing import Callable

# A provider takes ``asset_id=`` and answers the text it knows about that asset ("" for none).
SearchContextProvider = Callable[..., str]
_providers: list[SearchContextProvider] = []


def search_context_provider_register(provider: SearchContextProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def search_context_for(*, asset_id: str) -> str:
    """Every provider's text about the asset, joined by a space (empty when none says anything)."""
    return " ".join(text for text in (provider(asset_id=asset_id) for provider in _providers) if text)
