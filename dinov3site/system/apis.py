"""System endpoints: health, model-info, config, metrics, stats."""
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ValidationFailed
from dinov3site.accounts.permissions import actor_of
from dinov3site.api.inputs import request_input
from dinov3site.api.metrics import metrics_text
from dinov3site.config.services import config_describe, config_set

from .selectors import api_index, health_report, stats_report
from .serializers import (
    ApiIndexSerializer,
    ConfigSerializer,
    HealthSerializer,
    StatsSerializer,
    ThresholdInputSerializer,
)


class ApiIndexApi(APIView):
    public = True
    throttle_classes: list = []

    @extend_schema(responses=ApiIndexSerializer, tags=["system"],
                   summary="The API's name and version, and links to its docs, schema and health")
    def get(self, request):
        return Response(api_index())


class HealthApi(APIView):
    public = True
    throttle_classes: list = []

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer}, tags=["system"],
                   summary="Service, model, GPU, database, cache, storage and queue status")
    def get(self, request):
        report = health_report()
        return Response(report, status=503 if report["status"] == "unhealthy" else 200)


class ConfigApi(APIView):
    @extend_schema(responses=ConfigSerializer, tags=["system"], summary="Every tunable threshold")
    def get(self, request):
        return Response(config_describe())


def _threshold_set(request, *, name: str) -> Response:
    serializer = ThresholdInputSerializer(data=request_input(request))
    if not serializer.is_valid():
        raise ValidationFailed("threshold is required (0–1).", details=serializer.errors)
    return Response(config_set(name=name, value=serializer.validated_data["threshold"],
                               actor=actor_of(request), request=request))


class SimilarityThresholdApi(APIView):
    @extend_schema(request=ThresholdInputSerializer, responses=ConfigSerializer, tags=["system"],
                   summary="Set the same-character similarity threshold")
    def put(self, request):
        return _threshold_set(request, name="similarity_threshold")


class QualityThresholdApi(APIView):
    @extend_schema(request=ThresholdInputSerializer, responses=ConfigSerializer, tags=["system"],
                   summary="Set the quality pass threshold")
    def put(self, request):
        return _threshold_set(request, name="quality_threshold")


class PrometheusRenderer(BaseRenderer):
    media_type = "text/plain"
    format = "txt"


class MetricsApi(APIView):
    public = True
    throttle_classes: list = []
    renderer_classes = [PrometheusRenderer]

    @extend_schema(responses={(200, "text/plain"): OpenApiResponse(OpenApiTypes.STR)}, tags=["system"],
                   summary="Prometheus metrics (text exposition format)")
    def get(self, request):
        return HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")

    def finalize_response(self, request, response, *args, **kwargs):
        # The metrics are a plain HttpResponse; a DRF Response here is an error envelope
        # (405, 401, 429, ...), which the text renderer cannot render: answer it as JSON.
        if isinstance(response, Response):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class StatsApi(APIView):
    @extend_schema(responses=StatsSerializer, tags=["system"], summary="Processing volumes and response times")
    def get(self, request):
        return Response(stats_report())
