"""Thin views for library-wide jobs: extract what is missing, keep quality scores."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.api.inputs import AssetIdListField, batch_check, validated
from dinov3site.jobs.apis import job_accepted
from dinov3site.jobs.serializers import JobSerializer
from dinov3site.jobs.services import job_submit

from .library_services import features_missing_submit
from .tasks import features_missing_task, quality_scores_task


class QualityScoresInput(serializers.Serializer):
    asset_ids = AssetIdListField()


class NothingMissingSerializer(serializers.Serializer):
    """The answer when every asset already has features from the loaded model."""

    missing = serializers.IntegerField()
    job = serializers.JSONField(allow_null=True)


class ExtractMissingFeaturesApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=None, responses={200: NothingMissingSerializer, 202: JobSerializer}, tags=["features"],
                   summary="Extract features for every asset that has none from the loaded model (a job)")
    def post(self, request):
        job, count = features_missing_submit(task=features_missing_task)
        if job is None:
            return Response({"missing": 0, "job": None})
        return job_accepted(job)


class QualityScoresApi(APIView):
    throttle_scope = "batch"

    @extend_schema(request=QualityScoresInput, responses={202: JobSerializer}, tags=["quality"],
                   summary="Measure and keep the quality score of many images (a job)")
    def post(self, request):
        ids = batch_check(validated(QualityScoresInput, request.data)["asset_ids"])
        job = job_submit(kind="quality.scores", params={"asset_ids": ids}, total=len(ids), task=quality_scores_task)
        return job_accepted(job)
