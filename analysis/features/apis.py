"""Thin views for features (one asset, a batch, everything missing), preprocessing and the model description."""
from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from assets.selectors import asset_get
from core.limits import batch_check
from core.timing import Stopwatch
from core.vectors import vector_from_bytes
from dinov3site.api.inputs import request_input, validated
from dinov3site.jobs.apis import job_accepted, now_or_job
from dinov3site.jobs.serializers import JobSerializer
from dinov3site.accounts.permissions import actor_of

from analysis.tasks import features_extract_task, features_missing_task

from . import serializers as s
from .missing import features_missing_submit
from .selectors import model_describe
from .services import features_batch_extract, features_extract, preprocess_describe


class FeaturesExtractApi(APIView):
    needs_model = True

    @extend_schema(request=s.ExtractInputSerializer, responses=s.ExtractOutputSerializer, tags=["features"],
                   summary="Extract (or fetch cached) DINOv3 features of an image or video")
    def post(self, request):
        data = validated(s.ExtractInputSerializer, request_input(request))
        clock = Stopwatch()
        features, cached = features_extract(asset=asset_get(asset_id=data["asset_id"]), force=data["force"])
        return Response({
            "asset_id": str(data["asset_id"]).lower(),
            "features": vector_from_bytes(features.vector).astype(float).tolist(),
            "features_extracted": True,
            "features_timestamp": s.serializers.DateTimeField().to_representation(features.extracted_at),
            "processing_time": clock.seconds,
            "cached": cached,
            "model": features.model, "dim": features.dim, "preprocessing": features.preprocessing,
            "source": features.source,
        })


class FeaturesBatchExtractApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.BatchExtractInputSerializer,
                   responses={200: s.BatchExtractOutputSerializer, 202: JobSerializer}, tags=["features"],
                   summary="Extract features of many assets (a job with async)")
    def post(self, request):
        data = validated(s.BatchExtractInputSerializer, request_input(request))
        asset_ids = batch_check(data["asset_ids"], limit=settings.MAX_BATCH_SIZE)
        return now_or_job(run_async=data["async"],
                          run=lambda: features_batch_extract(asset_ids=asset_ids, force=data["force"]),
                          kind="features.batch_extract", params={"asset_ids": asset_ids, "force": data["force"]},
                          total=len(asset_ids), task=features_extract_task, created_by=actor_of(request).name)


class ExtractMissingFeaturesApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=None, responses={200: s.NothingMissingSerializer, 202: JobSerializer}, tags=["features"],
                   summary="Extract features for every asset that has none from the loaded model (a job)")
    def post(self, request):
        job, count = features_missing_submit(task=features_missing_task)
        if job is None:
            return Response({"missing": 0, "job": None})
        return job_accepted(job)


class PreprocessImageApi(APIView):
    needs_model = True

    @extend_schema(request=s.AssetInputSerializer, responses=s.PreprocessOutputSerializer, tags=["features"],
                   summary="The exact preprocessing applied to an image, with a preview of the model input")
    def post(self, request):
        data = validated(s.AssetInputSerializer, request_input(request))
        clock = Stopwatch()
        asset = asset_get(asset_id=data["asset_id"], kind="image")
        described = preprocess_describe(asset=asset)
        return Response({"asset_id": asset.id, **described, "processing_time": clock.seconds})


class ModelInfoApi(APIView):
    @extend_schema(responses=s.ModelInfoSerializer, tags=["system"],
                   summary="The configured DINOv3 model, its preprocessing and what it enables")
    def get(self, request):
        return Response(model_describe())
