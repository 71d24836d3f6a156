from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self) -> None:
        from assets.services import asset_delete_hook_register

        from .index import index_on_delete, index_on_features
        from .services import features_listener_register
        from .text_stores import asset_text_on_delete

        features_listener_register(index_on_features)
        asset_delete_hook_register(index_on_delete)
        asset_delete_hook_register(asset_text_on_delete)
