"""Input and output shapes of the feature endpoints (docs/api.md's field names, plus extensions)."""
from rest_framework import serializers

from dinov3site.api.inputs import AssetIdListField, AsyncOptionMixin


class ExtractInputSerializer(serializers.Serializer):
    asset_id = serializers.CharField(max_length=100)
    force = serializers.BooleanField(required=False, default=False, help_text="Re-extract even if stored.")


class ExtractOutputSerializer(serializers.Serializer):
    asset_id = serializers.CharField()
    features = serializers.ListField(child=serializers.FloatField(), help_text="L2-normalised class token. "
                                     "For a video: the normalised mean of sampled frames' vectors.")
    features_extracted = serializers.BooleanField()
    features_timestamp = serializers.DateTimeField()
    processing_time = serializers.FloatField()
    cached = serializers.BooleanField()
    model = serializers.CharField()
    dim = serializers.IntegerField()
    preprocessing = serializers.CharField()
    source = serializers.CharField()


class BatchExtractInputSerializer(AsyncOptionMixin, serializers.Serializer):
    asset_ids = AssetIdListField()
    force = serializers.BooleanField(required=False, default=False)


class BatchExtractOutputSerializer(serializers.Serializer):
    results = serializers.ListField(child=serializers.DictField())
    summary = serializers.DictField()
    processing_time = serializers.FloatField()


class NothingMissingSerializer(serializers.Serializer):
    """The answer when every asset already has features from the loaded model."""

    missing = serializers.IntegerField()
    job = serializers.JSONField(allow_null=True)


class AssetInputSerializer(serializers.Serializer):
    asset_id = serializers.CharField(max_length=100)


class PreprocessOutputSerializer(serializers.Serializer):
    asset_id = serializers.CharField()
    model = serializers.CharField()
    version = serializers.CharField()
    original_size = serializers.DictField()
    resized_size = serializers.DictField()
    image_mean = serializers.ListField(child=serializers.FloatField())
    image_std = serializers.ListField(child=serializers.FloatField())
    tensor_shape = serializers.ListField(child=serializers.IntegerField())
    preview_png = serializers.CharField(help_text="data: URL of the model input as a PNG.")
    processing_time = serializers.FloatField()


class ModelInfoSerializer(serializers.Serializer):
    loaded = serializers.BooleanField()
    name = serializers.CharField()
    device = serializers.CharField(allow_null=True)
    dtype = serializers.CharField(allow_null=True)
    embedding_dim = serializers.IntegerField(allow_null=True)
    patch_size = serializers.IntegerField(allow_null=True)
    architecture = serializers.CharField(allow_null=True)
    preprocessing = serializers.DictField(allow_null=True)
    capabilities = serializers.DictField()
    instructions = serializers.CharField(allow_null=True)
