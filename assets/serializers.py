"""Input and output shapes of the media endpoints (field names from docs/api.md)."""
from django.conf import settings
from rest_framework import serializers

from core.vectors import vector_from_bytes

from .storage import media_url


def absolute(url: str | None) -> str | None:
    """A link on this service, from the configured SITE_URL (never from the request's Host
    header, which a client chooses)."""
    if url and url.startswith("/"):
        return settings.SITE_URL + url
    return url


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPG, PNG, WEBP or MP4, identified by content.")
    tags = serializers.CharField(required=False, allow_blank=True, help_text="Comma-separated tags.")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class FeatureSummarySerializer(serializers.Serializer):
    model = serializers.CharField()
    dim = serializers.IntegerField()
    preprocessing = serializers.CharField()
    extracted_at = serializers.DateTimeField()
    source = serializers.CharField()
    frames = serializers.IntegerField()


class AssetSerializer(serializers.Serializer):
    asset_id = serializers.CharField(source="id")
    kind = serializers.CharField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    file_size = serializers.IntegerField()
    public_url = serializers.SerializerMethodField()
    media_url = serializers.SerializerMethodField(method_name="get_public_url", help_text=(
        "The same link as public_url (the name some existing clients read)."))
    thumbnail_url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()
    upload_timestamp = serializers.DateTimeField()
    processing_status = serializers.CharField()
    processing_time = serializers.FloatField()
    checksum_sha256 = serializers.CharField()
    duplicate_of = serializers.CharField(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    source_asset_id = serializers.CharField(allow_null=True)
    created_by = serializers.CharField(allow_null=True, help_text="Who uploaded it (or ran the analysis that made it).")

    def get_public_url(self, asset) -> str | None:
        return absolute(media_url(asset.stored_name))

    def get_thumbnail_url(self, asset) -> str | None:
        return absolute(media_url(asset.thumbnail_name))

    def to_representation(self, asset):
        data = super().to_representation(asset)
        # One link for both names: a signed local link is stamped each time it is made.
        data["media_url"] = data["public_url"]
        if asset.kind == "video":
            data.update(duration=asset.duration, fps=asset.fps, frame_count=asset.frame_count,
                        poster_url=absolute(media_url(asset.poster_name)))
        return data


class AssetDetailSerializer(AssetSerializer):
    features_extracted = serializers.SerializerMethodField()
    features = serializers.SerializerMethodField(help_text="Feature summary; the vector with include_features=true.")

    def get_features_extracted(self, asset) -> bool:
        return asset.features is not None

    def get_features(self, asset) -> dict | None:
        if asset.features is None:
            return None
        summary = FeatureSummarySerializer(asset.features).data
        if self.context.get("include_features"):
            summary["vector"] = vector_from_bytes(asset.features.vector).astype(float).tolist()
        return summary


class AssetListQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["image", "video"], required=False)
    tag = serializers.CharField(required=False)
    q = serializers.CharField(required=False, help_text="Text in the file name, description or a tag.")
    status = serializers.ChoiceField(choices=["uploaded", "processing", "processed", "failed"], required=False)
    include_keyframes = serializers.BooleanField(required=False, default=True)
    created_by = serializers.CharField(required=False, max_length=150, help_text="Only what this user uploaded.")


class AssetDeletedSerializer(serializers.Serializer):
    asset_id = serializers.CharField()
    deleted = serializers.BooleanField()
    stored_file = serializers.BooleanField()
    thumbnails = serializers.IntegerField()
    features = serializers.BooleanField()
    derived_keyframes = serializers.IntegerField()
    index_entry = serializers.BooleanField(required=False)
    shots = serializers.IntegerField(required=False)
