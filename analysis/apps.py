"""App config: the analysis app's wiring, all here.

The vector index follows every new vector (a features listener) and every deleted asset (an
asset-delete hook); a deleted asset's cached vector is forgotten with it.
"""
from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self) -> None:
        from assets.services import asset_delete_hook_register

        from .features.services import features_forget_cached, features_listener_register
        from .search.index import index_on_delete, index_on_features
        from .search.text_stores import asset_text_on_delete

        asset_delete_hook_register(features_forget_cached)
        features_listener_register(index_on_features)
        asset_delete_hook_register(index_on_delete)
        asset_delete_hook_register(asset_text_on_delete)
