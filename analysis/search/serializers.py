"""Request and response shapes of the search endpoints: semantic-search and near-duplicates (docs/api.md's field names)."""
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


class SearchHit(serializers.Serializer):
    rank = serializers.IntegerField()
    asset_id = serializers.CharField()
    filename = serializers.CharField()
    kind = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField(help_text="Cosine similarity to the query.")
    thumbnail_url = serializers.CharField(allow_null=True)
    similarity_percentage = serializers.FloatField()


class SemanticSearchOutput(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["image->image", "text->metadata"])
    query_asset_id = serializers.CharField(required=False, help_text="With query_asset_id (image->image).")
    query_text = serializers.CharField(required=False, help_text="With query_text (text->metadata).")
    searched = serializers.IntegerField(help_text="How many assets were searched.")
    note = serializers.CharField(required=False, help_text="How text is matched (text->metadata).")
    results = SearchHit(many=True)
    processing_time = serializers.FloatField()


class DuplicateGroup(serializers.Serializer):
    asset_ids = serializers.ListField(child=serializers.CharField())
    size = serializers.IntegerField()
    cohesion = serializers.FloatField(help_text="Mean cosine within the group.")
    min_similarity = serializers.FloatField()
    representative = serializers.CharField(help_text="The medoid's id.")
    group_id = serializers.IntegerField()
    checksum_identical = serializers.BooleanField(help_text="True when every file in the group is byte-identical.")


class NearDuplicatesOutput(serializers.Serializer):
    threshold = serializers.FloatField()
    searched = serializers.IntegerField()
    total_groups = serializers.IntegerField()
    groups = DuplicateGroup(many=True)
    processing_time = serializers.FloatField()
