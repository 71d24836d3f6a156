"""Request and response shapes of the quality endpoints (docs/api.md's field names)."""
from rest_framework import serializers

from dinov3site.api.inputs import AssetIdListField, AsyncOptionMixin

USES = ["web", "hd", "4k", "print"]


class QualityInput(serializers.Serializer):
    asset_id = serializers.CharField(max_length=100)
    intended_use = serializers.ChoiceField(choices=USES, default="web",
                                           help_text="Resolution is judged against this use.")


class CompositionInput(serializers.Serializer):
    asset_id = serializers.CharField(max_length=100)


class BatchQualityInput(AsyncOptionMixin, serializers.Serializer):
    asset_ids = AssetIdListField()
    quality_threshold = serializers.FloatField(required=False, allow_null=True, min_value=0, max_value=100,
                                               help_text="0–1 (or percent); defaults to config quality_threshold.")
    intended_use = serializers.ChoiceField(choices=USES, default="web")


class QualityScoresInput(serializers.Serializer):
    asset_ids = AssetIdListField()


class TechnicalMetrics(serializers.Serializer):
    sharpness = serializers.FloatField()
    contrast = serializers.FloatField()
    brightness = serializers.FloatField()
    noise_level = serializers.FloatField(help_text="Lower is better.")


class QualityOutput(serializers.Serializer):
    asset_id = serializers.CharField()
    quality_score = serializers.FloatField(help_text="0–100")
    quality_grade = serializers.ChoiceField(choices=["excellent", "high", "medium", "low", "poor"])
    technical_metrics = TechnicalMetrics()
    recommendations = serializers.ListField(child=serializers.CharField())
    detailed_metrics = serializers.DictField()
    passed = serializers.BooleanField()
    quality_threshold = serializers.FloatField()
    processing_time = serializers.FloatField()
