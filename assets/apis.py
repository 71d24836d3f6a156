"""Thin views for media: parse, call one service or selector, serialize."""
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.accounts.permissions import actor_of, require
from dinov3site.accounts.roles import EDIT
from dinov3site.api.inputs import validated
from dinov3site.api.pagination import PagePagination

from .selectors import asset_get, asset_list
from .serializers import (
    AssetDeletedSerializer,
    AssetDetailSerializer,
    AssetListQuerySerializer,
    AssetSerializer,
    UploadInputSerializer,
)
from .collection_serializers import AssetPatchInput
from .collection_services import asset_details_edit
from .ranges import ranged_response
from .services import asset_create, asset_delete
from .storage import content_type_for, default_storage, file_token_resolve


class AssetUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]
    throttle_scope = "upload"
    error_statuses = (413,)

    @extend_schema(request={"multipart/form-data": UploadInputSerializer}, responses={200: AssetSerializer},
                   tags=["media"], summary="Upload an image or an MP4 video",
                   description="Answers 200 (not 201) with the stored asset: existing clients test for 200.")
    def post(self, request):
        data = validated(UploadInputSerializer, request.data)
        upload = data["file"]
        asset = asset_create(
            path=upload.temporary_file_path(), filename=upload.name,
            tags=data.get("tags"), description=data.get("description", ""), created_by=actor_of(request).name,
        )
        return Response(AssetSerializer(asset, context={"request": request}).data)


class AssetListApi(APIView):
    pagination_class = PagePagination

    @extend_schema(parameters=[AssetListQuerySerializer], responses=AssetSerializer(many=True), tags=["media"],
                   summary="List assets (filters: kind, tag, q, status)")
    def get(self, request):
        filters = validated(AssetListQuerySerializer, request.query_params)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(asset_list(**filters), request, view=self)
        return paginator.get_paginated_response(AssetSerializer(page, many=True, context={"request": request}).data)


class AssetDetailApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("include_features", bool, description="Include the feature vector.")],
        responses=AssetDetailSerializer, tags=["media"], summary="Asset metadata and feature summary",
    )
    def get(self, request, asset_id):
        include = request.query_params.get("include_features", "").lower() in {"1", "true", "yes"}
        asset = asset_get(asset_id=asset_id)
        return Response(AssetDetailSerializer(asset, context={"request": request, "include_features": include}).data)

    @extend_schema(request=AssetPatchInput, responses=AssetSerializer, tags=["media"],
                   summary="Edit an asset's tags and description")
    def patch(self, request, asset_id):
        data = validated(AssetPatchInput, request.data)
        asset = asset_get(asset_id=asset_id)
        require(actor_of(request), EDIT, owner=asset.created_by, what=f"(editing {asset.filename})")
        asset = asset_details_edit(asset=asset, **data)
        return Response(AssetSerializer(asset, context={"request": request}).data)

    @extend_schema(responses={200: AssetDeletedSerializer}, tags=["media"],
                   summary="Delete an asset and everything derived from it")
    def delete(self, request, asset_id):
        return Response(asset_delete(asset=asset_get(asset_id=asset_id), actor=actor_of(request), request=request))


def stored_file_view(request, token: str):
    """Serve a stored file behind a signed, expiring URL (local storage only), honouring Range
    requests so video players can seek."""
    name = file_token_resolve(token)
    storage = default_storage()
    if name is None or not storage.exists(name):
        raise Http404("Unknown or expired file link.")
    response = ranged_response(storage.open(name, "rb"), size=storage.size(name), content_type=content_type_for(name),
                               range_header=request.headers.get("Range"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
