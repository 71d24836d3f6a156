"""Shapes of the system endpoints (health fields of docs/api.md)."""
from rest_framework import serializers


class GpuSerializer(serializers.Serializer):
    available = serializers.BooleanField()
    device_name = serializers.CharField(allow_null=True)
    memory_total = serializers.IntegerField(help_text="MiB")
    memory_used = serializers.IntegerField(help_text="MiB")
    memory_free = serializers.IntegerField(help_text="MiB")


class ComponentSerializer(serializers.Serializer):
    connected = serializers.BooleanField()
    type = serializers.CharField()


class ModelStatusSerializer(serializers.Serializer):
    loaded = serializers.BooleanField()
    name = serializers.CharField(allow_null=True)
    device = serializers.CharField(allow_null=True)


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["healthy", "degraded", "unhealthy"])
    timestamp = serializers.CharField()
    version = serializers.CharField()
    gpu = GpuSerializer()
    model = ModelStatusSerializer()
    database = ComponentSerializer()
    cache = ComponentSerializer()
    storage = ComponentSerializer()
    queue = serializers.DictField()
    auth_required = serializers.BooleanField()
    uptime_seconds = serializers.FloatField()


class ThresholdInputSerializer(serializers.Serializer):
    threshold = serializers.FloatField(help_text="0–1; values above 1 are read as a percentage (75 -> 0.75).")


class ConfigSerializer(serializers.Serializer):
    thresholds = serializers.DictField(help_text="Each tunable with value, default, min, max and description.")
    similarity_threshold = serializers.FloatField()
    quality_threshold = serializers.FloatField()
    near_duplicate_threshold = serializers.FloatField()
    shot_detection_threshold = serializers.FloatField()
    anomaly_threshold = serializers.FloatField()
    updated_at = serializers.CharField(allow_null=True)


class StatsSerializer(serializers.Serializer):
    assets = serializers.DictField()
    processing_volumes = serializers.DictField()
    jobs = serializers.DictField()
    endpoints = serializers.DictField()
    uptime_seconds = serializers.FloatField()
    note = serializers.CharField()


class ApiIndexSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    api = serializers.URLField()
    docs = serializers.URLField(help_text="Swagger UI")
    redoc = serializers.URLField()
    schema = serializers.URLField(help_text="OpenAPI 3 (YAML; JSON with ?format=json)")
    openapi = serializers.URLField(help_text="The same schema as JSON")
    health = serializers.URLField()
    auth_required = serializers.BooleanField(help_text="Whether an API key is needed (API_AUTH_REQUIRED).")
