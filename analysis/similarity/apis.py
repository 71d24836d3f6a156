"""Thin views for comparisons, character checks, analytics and search."""
import base64

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.accounts.permissions import actor_of
from dinov3site.api.inputs import request_input, validated
from dinov3site.api.timing import timed

from . import comparisons as c
from . import search
from . import similarity_serializers as s


def comparison_view(name: str, service, request_serializer, response_serializer=s.GenericReport, *,
                    summary: str, batch: bool = False, tag: str = "similarity", with_actor: bool = False):
    """An APIView that validates the body, runs ``service`` timed, and answers its dict."""

    class View(APIView):
        needs_model = True

        @extend_schema(request=request_serializer, responses=response_serializer, tags=[tag], summary=summary)
        def post(self, request):
            data = validated(request_serializer, request_input(request))
            if with_actor:  # the service may change configuration: it audits who did
                data["actor"] = actor_of(request)
            return Response(timed(service, **data))

    if batch:
        View.throttle_scope = "batch"
    View.__name__ = View.__qualname__ = name
    return View


CalculateSimilarityApi = comparison_view("CalculateSimilarityApi", c.similarity_calculate, s.PairInput, s.ScoresOutput,
                                         summary="Cosine similarity of two assets")
ValidateConsistencyApi = comparison_view(
    "ValidateConsistencyApi", c.consistency_validate, s.ConsistencyInput, s.ConsistencyOutput,
    summary="Same character? Verdict, confidence and explanation against the similarity threshold")
FindBestMatchApi = comparison_view("FindBestMatchApi", c.best_match_find, s.BestMatchInput, s.BestMatchOutput,
                                   summary="Rank candidates against a reference", batch=True)
BatchSimilarityApi = comparison_view("BatchSimilarityApi", c.similarity_batch, s.BatchSimilarityInput,
                                     s.BatchSimilarityOutput, summary="Similarity matrix", batch=True)
CharacterMatchingApi = comparison_view(
    "CharacterMatchingApi", c.characters_match, s.CharacterMatchingInput,
    summary="Each test asset against a character reference: score, same_character, confidence; summary",
    batch=True)
ValidateShotConsistencyApi = comparison_view(
    "ValidateShotConsistencyApi", c.shot_consistency_validate, s.ShotConsistencyInput,
    summary="Per-shot report against a character reference, overall verdict, the shots that break it",
    batch=True)
ReferenceEnforcementApi = comparison_view(
    "ReferenceEnforcementApi", c.reference_enforce, s.ReferenceEnforcementInput,
    summary="Compliance of generated assets with a master reference: keep or regenerate", batch=True)
GroupByCharacterApi = comparison_view(
    "GroupByCharacterApi", c.characters_group, s.GroupInput,
    summary="Group assets by character (deterministic), with each group's cohesion and representative", batch=True)
FeatureClusteringApi = comparison_view(
    "FeatureClusteringApi", c.features_cluster, s.ClusteringInput,
    summary="Cluster assets (k-means or agglomerative; automatic k by silhouette)", batch=True, tag="analytics")
AnomalyDetectionApi = comparison_view(
    "AnomalyDetectionApi", c.anomalies_detect, s.AnomalyInput,
    summary="Score test assets against a reference set (kNN distance z-score)", batch=True, tag="analytics")
SemanticSearchApi = comparison_view(
    "SemanticSearchApi", search.search_semantic, s.SemanticSearchInput,
    summary="Search by text (names, tags, descriptions, shot context) or by image (vector index)", tag="analytics")
SemanticSearchApi.needs_model = True
NearDuplicatesApi = comparison_view(
    "NearDuplicatesApi", search.near_duplicates_find, s.NearDuplicatesInput,
    summary="Groups of near-duplicate assets (in a list, or the whole library)", batch=True, tag="analytics")
CalibrateThresholdApi = comparison_view(
    "CalibrateThresholdApi", c.threshold_calibrate, s.CalibrationInput, with_actor=True,
    summary="Find the threshold that best separates labelled same/different pairs (optionally apply it)")


class SimilarityHeatmapApi(APIView):
    needs_model = True

    @extend_schema(request=s.HeatmapInput, responses=s.HeatmapOutput, tags=["similarity"],
                   summary="Where the test image departs from the reference (DINOv3 patch tokens)")
    def post(self, request):
        data = validated(s.HeatmapInput, request_input(request))
        result = timed(c.heatmap_render, **data)
        png = result.pop("png")
        result["heatmap_png"] = "data:image/png;base64," + base64.b64encode(png).decode()
        return Response(result)
