"""Thin views for search: semantic-search (text or image) and near-duplicates."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.api.inputs import request_input, validated
from core.timing import timed

from . import serializers as s
from . import services


class SemanticSearchApi(APIView):
    needs_model = True

    @extend_schema(request=s.SemanticSearchInput, responses=s.SemanticSearchOutput, tags=["analytics"],
                   summary="Search by text (names, tags, descriptions, shot context) or by image (vector index)")
    def post(self, request):
        data = validated(s.SemanticSearchInput, request_input(request))
        return Response(timed(services.search_semantic, **data))


class NearDuplicatesApi(APIView):
    needs_model = True
    throttle_scope = "batch"

    @extend_schema(request=s.NearDuplicatesInput, responses=s.NearDuplicatesOutput, tags=["analytics"],
                   summary="Groups of near-duplicate assets (in a list, or the whole library)")
    def post(self, request):
        data = validated(s.NearDuplicatesInput, request_input(request))
        return Response(timed(services.near_duplicates_find, **data))
