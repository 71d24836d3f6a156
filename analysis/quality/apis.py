"""Thin views for quality and composition, and keeping the library's quality scores."""
from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.tasks import quality_batch_task, quality_scores_task
from core.limits import batch_check
from core.timing import timed
from dinov3site.accounts.permissions import actor_of
from dinov3site.api.inputs import request_input, validated
from dinov3site.jobs.apis import job_accepted, now_or_job
from dinov3site.jobs.serializers import JobSerializer
from dinov3site.jobs.services import job_submit

from . import services
from .serializers import (BatchQualityInput, BatchQualityOutput, CompositionInput, CompositionOutput, ImageMetricsOutput,
                          QualityInput, QualityOutput, QualityScoresInput)


class AnalyzeQualityApi(APIView):
    @extend_schema(request=QualityInput, responses=QualityOutput, tags=["quality"],
                   summary="Quality score, grade, technical metrics and specific recommendations")
    def post(self, request):
        return Response(timed(services.quality_analyze, **validated(QualityInput, request_input(request))))


class AnalyzeImageMetricsApi(APIView):
    @extend_schema(request=QualityInput, responses=ImageMetricsOutput, tags=["quality"],
                   summary="Detailed metrics: sharpness, exposure and clipping, dynamic range, colour, noise, "
                           "resolution, composition, overall rating")
    def post(self, request):
        return Response(timed(services.image_metrics_analyze, **validated(QualityInput, request_input(request))))


class AnalyzeImageCompositionApi(APIView):
    @extend_schema(request=CompositionInput, responses=CompositionOutput, tags=["quality"],
                   summary="Framing estimate, rule of thirds, balance, horizon tilt and subject position")
    def post(self, request):
        return Response(timed(services.composition_analyze, **validated(CompositionInput, request_input(request))))


class BatchQualityCheckApi(APIView):
    throttle_scope = "batch"

    @extend_schema(request=BatchQualityInput, responses={200: BatchQualityOutput, 202: JobSerializer}, tags=["quality"],
                   summary="Pass/fail against the quality threshold for many assets (a job with async)")
    def post(self, request):
        data = validated(BatchQualityInput, request_input(request))
        run_async = data.pop("async")
        batch_check(data["asset_ids"], limit=settings.MAX_BATCH_SIZE)
        return now_or_job(run_async=run_async, run=lambda: timed(services.quality_batch_check, **data),
                          kind="quality.batch_check", params=data, total=len(data["asset_ids"]),
                          task=quality_batch_task, created_by=actor_of(request).name)


class QualityScoresApi(APIView):
    throttle_scope = "batch"

    @extend_schema(request=QualityScoresInput, responses={202: JobSerializer}, tags=["quality"],
                   summary="Measure and keep the quality score of many images (a job)")
    def post(self, request):
        ids = batch_check(validated(QualityScoresInput, request.data)["asset_ids"], limit=settings.MAX_BATCH_SIZE)
        job = job_submit(kind="quality.scores", params={"asset_ids": ids}, total=len(ids), task=quality_scores_task)
        return job_accepted(job)
