"""Input and output shapes of collections, bulk tag edits, asset edits and the picker."""
from rest_framework import serializers

from dinov3site.api.inputs import AssetIdListField

from .storage import media_url


class CollectionInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    asset_ids = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list,
                                      max_length=100_000)


class CollectionPatchInput(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CollectionAssetsInput(serializers.Serializer):
    asset_ids = AssetIdListField()


class CollectionSerializer(serializers.Serializer):
    collection_id = serializers.CharField(source="id")
    name = serializers.CharField()
    description = serializers.CharField()
    asset_ids = serializers.ListField(child=serializers.CharField())
    size = serializers.SerializerMethodField()
    created_by = serializers.CharField()
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_size(self, collection) -> int:
        return len(collection.asset_ids or [])

    def get_url(self, collection) -> str:
        return f"/collections/{collection.id}"


class TagsEditInput(serializers.Serializer):
    asset_ids = AssetIdListField()
    add = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list, max_length=50)
    remove = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list,
                                   max_length=50)


class AssetPatchInput(serializers.Serializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=50)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class PickerQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    kind = serializers.ChoiceField(choices=["image", "video"], required=False, allow_null=True, default=None)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=12)


class PickerItemSerializer(serializers.Serializer):
    asset_id = serializers.CharField(source="id")
    filename = serializers.CharField()
    kind = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    thumbnail_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_thumbnail_url(self, asset) -> str | None:
        return media_url(asset.thumbnail_name)

    def get_url(self, asset) -> str | None:
        return media_url(asset.stored_name)
