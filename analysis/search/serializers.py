"""Request shapes of the search endpoints: semantic-search and near-duplicates (docs/api.md's field names)."""
from rest_framework import serializers

from dinov3site.api.inputs import AliasedFieldsMixin, AssetIdListField

ID = dict(max_length=100)


class SemanticSearchInput(AliasedFieldsMixin, serializers.Serializer):
    aliases = {"dataset_asset_ids": "asset_ids", "top_k": "limit"}
    query_text = serializers.CharField(required=False, allow_blank=False, max_length=1000)
    query_asset_id = serializers.CharField(required=False, **ID)
    asset_ids = AssetIdListField(required=False, help_text="Search only these; leave out for the whole library.")
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=100)


class NearDuplicatesInput(serializers.Serializer):
    asset_ids = AssetIdListField(required=False, help_text="Leave out for the whole library (via the index).")
    threshold = serializers.FloatField(required=False, allow_null=True, min_value=0.5, max_value=1.0)
