"""Thin views for comparisons, character checks, analytics and the threshold calibration.

Each view validates its body, runs one service of ``analysis.similarity.services`` timed
(``processing_time``) and answers the service's dict.
"""
import base64

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.accounts.permissions import actor_of
from dinov3site.api.inputs import request_input, validated
from core.timing import timed

from . import serializers as s
from . import services


class CalculateSimilarityApi(APIView):
    needs_model = True

    @extend_schema(request=s.PairInput, responses=s.ScoresOutput, tags=["similarity"],
                   summary="Cosine similarity of two assets")
    def post(self, request):
        data = validated(s.PairInput, request_input(request))
        return Response(timed(services.similarity_calculate, **data))


class ValidateConsistencyApi(APIView):
    needs_model = True

    @extend_schema(request=s.ConsistencyInput, responses=s.ConsistencyOutput, tags=["similarity"],
                   summary="Same character? Verdict, confidence and explanation against the similarity threshold")
    def post(self, request):
        data = validated(s.ConsistencyInput, request_input(request))
        return Response(timed(services.consistency_validate, **data))


class FindBestMatchApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.BestMatchInput, responses=s.BestMatchOutput, tags=["similarity"],
                   summary="Rank candidates against a reference")
    def post(self, request):
        data = validated(s.BestMatchInput, request_input(request))
        return Response(timed(services.best_match_find, **data))


class BatchSimilarityApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.BatchSimilarityInput, responses=s.BatchSimilarityOutput, tags=["similarity"],
                   summary="Similarity matrix")
    def post(self, request):
        data = validated(s.BatchSimilarityInput, request_input(request))
        return Response(timed(services.similarity_batch, **data))


class CharacterMatchingApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.CharacterMatchingInput, responses=s.CharacterMatchingOutput, tags=["similarity"],
                   summary="Each test asset against a character reference: score, same_character, confidence; "
                           "summary")
    def post(self, request):
        data = validated(s.CharacterMatchingInput, request_input(request))
        return Response(timed(services.characters_match, **data))


class ValidateShotConsistencyApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.ShotConsistencyInput, responses=s.ShotConsistencyOutput, tags=["similarity"],
                   summary="Per-shot report against a character reference, overall verdict, the shots that break it")
    def post(self, request):
        data = validated(s.ShotConsistencyInput, request_input(request))
        return Response(timed(services.shot_consistency_validate, **data))


class ReferenceEnforcementApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.ReferenceEnforcementInput, responses=s.ReferenceEnforcementOutput, tags=["similarity"],
                   summary="Compliance of generated assets with a master reference: keep or regenerate")
    def post(self, request):
        data = validated(s.ReferenceEnforcementInput, request_input(request))
        return Response(timed(services.reference_enforce, **data))


class GroupByCharacterApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.GroupInput, responses=s.GroupOutput, tags=["similarity"],
                   summary="Group assets by character (deterministic), with each group's cohesion and "
                           "representative")
    def post(self, request):
        data = validated(s.GroupInput, request_input(request))
        return Response(timed(services.characters_group, **data))


class FeatureClusteringApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.ClusteringInput, responses=s.ClusteringOutput, tags=["analytics"],
                   summary="Cluster assets (k-means or agglomerative; automatic k by silhouette)")
    def post(self, request):
        data = validated(s.ClusteringInput, request_input(request))
        return Response(timed(services.features_cluster, **data))


class AnomalyDetectionApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.AnomalyInput, responses=s.AnomalyOutput, tags=["analytics"],
                   summary="Score test assets against a reference set (kNN distance z-score)")
    def post(self, request):
        data = validated(s.AnomalyInput, request_input(request))
        return Response(timed(services.anomalies_detect, **data))


class CalibrateThresholdApi(APIView):
    needs_model = True

    @extend_schema(request=s.CalibrationInput, responses=s.CalibrationOutput, tags=["similarity"],
                   summary="Find the threshold that best separates labelled same/different pairs (optionally apply it)")
    def post(self, request):
        data = validated(s.CalibrationInput, request_input(request))
        data["actor"] = actor_of(request)  # the service may change configuration: it audits who did
        return Response(timed(services.threshold_calibrate, **data))


class SimilarityHeatmapApi(APIView):
    needs_model = True

    @extend_schema(request=s.HeatmapInput, responses=s.HeatmapOutput, tags=["similarity"],
                   summary="Where the test image departs from the reference (DINOv3 patch tokens)")
    def post(self, request):
        data = validated(s.HeatmapInput, request_input(request))
        result = timed(services.heatmap_render, **data)
        png = result.pop("png")
        result["heatmap_png"] = "data:image/png;base64," + base64.b64encode(png).decode()
        return Response(result)
