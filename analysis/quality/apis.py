"""Thin views for quality and composition."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.api.inputs import AssetIdListField, AsyncOptionMixin, batch_check, request_input, validated
from dinov3site.api.timing import timed
from dinov3site.jobs.apis import job_accepted
from dinov3site.jobs.serializers import JobSerializer
from dinov3site.accounts.permissions import actor_of
from dinov3site.jobs.services import job_submit

from . import quality_services as services
from .similarity_serializers import GenericReport

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


class AnalyzeQualityApi(APIView):
    @extend_schema(request=QualityInput, responses=QualityOutput, tags=["quality"],
                   summary="Quality score, grade, technical metrics and specific recommendations")
    def post(self, request):
        return Response(timed(services.quality_analyze, **validated(QualityInput, request_input(request))))


class AnalyzeImageMetricsApi(APIView):
    @extend_schema(request=QualityInput, responses=GenericReport, tags=["quality"],
                   summary="Detailed metrics: sharpness, exposure and clipping, dynamic range, colour, noise, "
                           "resolution, composition, overall rating")
    def post(self, request):
        return Response(timed(services.image_metrics_analyze, **validated(QualityInput, request_input(request))))


class AnalyzeImageCompositionApi(APIView):
    @extend_schema(request=CompositionInput, responses=GenericReport, tags=["quality"],
                   summary="Framing estimate, rule of thirds, balance, horizon tilt and subject position")
    def post(self, request):
        return Response(timed(services.composition_analyze, **validated(CompositionInput, request_input(request))))


class BatchQualityCheckApi(APIView):
    throttle_scope = "batch"

    @extend_schema(request=BatchQualityInput, responses={200: GenericReport, 202: JobSerializer}, tags=["quality"],
                   summary="Pass/fail against the quality threshold for many assets (a job with async)")
    def post(self, request):
        data = validated(BatchQualityInput, request_input(request))
        run_async = data.pop("async")
        batch_check(data["asset_ids"])
        if run_async:  # never a job the client did not ask for
            from .tasks import quality_batch_task

            job = job_submit(kind="quality.batch_check", params=data, total=len(data["asset_ids"]),
                             task=quality_batch_task, created_by=actor_of(request).name)
            return job_accepted(job)
        return Response(timed(services.quality_batch_check, **data))
