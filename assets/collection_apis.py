"""Thin views: collections (/api/v1/collections), bulk tag edits and the picker."""
from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.limits import batch_check
from dinov3site.api.inputs import validated

from . import collection_serializers as s
from .collection_services import (
    assets_tags_edit,
    collection_assets_add,
    collection_assets_remove,
    collection_create,
    collection_delete,
    collection_get,
    collection_list,
    collection_update,
)
from .selectors import asset_picker


def _user(request) -> str:
    return request.user.get_username() if request.user and request.user.is_authenticated else ""


class CollectionListApi(APIView):
    @extend_schema(operation_id="collections_list", responses=inline_serializer("CollectionList", {"collections": s.CollectionSerializer(many=True)}), tags=["collections"], summary="Every collection")
    def get(self, request):
        return Response({"collections": s.CollectionSerializer(collection_list(), many=True).data})

    @extend_schema(request=s.CollectionInput, responses={201: s.CollectionSerializer}, tags=["collections"],
                   summary="Create a collection (optionally with assets)")
    def post(self, request):
        data = validated(s.CollectionInput, request.data)
        made = collection_create(name=data["name"], description=data["description"],
                                 asset_ids=batch_check(data["asset_ids"], limit=settings.MAX_BATCH_SIZE),
                                 created_by=_user(request))
        return Response(s.CollectionSerializer(made).data, status=201)


class CollectionDetailApi(APIView):
    @extend_schema(responses=s.CollectionSerializer, tags=["collections"], summary="One collection")
    def get(self, request, collection_id):
        return Response(s.CollectionSerializer(collection_get(collection_id=collection_id)).data)

    @extend_schema(request=s.CollectionPatchInput, responses=s.CollectionSerializer, tags=["collections"],
                   summary="Rename or describe a collection")
    def patch(self, request, collection_id):
        data = validated(s.CollectionPatchInput, request.data)
        found = collection_update(collection=collection_get(collection_id=collection_id), **data)
        return Response(s.CollectionSerializer(found).data)

    @extend_schema(responses=inline_serializer("CollectionDeleted", {"collection_id": serializers.CharField(),
                                                                     "deleted": serializers.BooleanField()}),
                   tags=["collections"], summary="Delete a collection (its assets stay in the library)")
    def delete(self, request, collection_id):
        return Response(collection_delete(collection=collection_get(collection_id=collection_id)))


class CollectionAssetsApi(APIView):
    @extend_schema(request=s.CollectionAssetsInput, responses=s.CollectionSerializer, tags=["collections"],
                   summary="Add assets to a collection")
    def post(self, request, collection_id):
        data = validated(s.CollectionAssetsInput, request.data)
        found = collection_assets_add(collection=collection_get(collection_id=collection_id),
                                      asset_ids=batch_check(data["asset_ids"], limit=settings.MAX_BATCH_SIZE))
        return Response(s.CollectionSerializer(found).data)

    @extend_schema(request=s.CollectionAssetsInput, responses=s.CollectionSerializer, tags=["collections"],
                   summary="Take assets out of a collection")
    def delete(self, request, collection_id):
        data = validated(s.CollectionAssetsInput, request.data)
        found = collection_assets_remove(collection=collection_get(collection_id=collection_id),
                                         asset_ids=batch_check(data["asset_ids"], limit=settings.MAX_BATCH_SIZE))
        return Response(s.CollectionSerializer(found).data)


class MediaTagsApi(APIView):
    @extend_schema(request=s.TagsEditInput, responses=inline_serializer("TagsEdited", {
        "asset_ids": serializers.ListField(child=serializers.CharField()),
        "added": serializers.ListField(child=serializers.CharField()),
        "removed": serializers.ListField(child=serializers.CharField()),
        "updated": serializers.IntegerField()}), tags=["media"], summary="Add or remove tags on many assets")
    def post(self, request):
        data = validated(s.TagsEditInput, request.data)
        asset_ids = batch_check(data["asset_ids"], limit=settings.MAX_BATCH_SIZE)
        return Response(assets_tags_edit(asset_ids=asset_ids, add=data["add"], remove=data["remove"]))


class MediaPickerApi(APIView):
    @extend_schema(parameters=[s.PickerQuery], responses=inline_serializer("PickerResults", {"results": s.PickerItemSerializer(many=True)}), tags=["media"],
                   summary="A few assets whose name or tags start with or contain q, for type-ahead pickers")
    def get(self, request):
        query = validated(s.PickerQuery, request.query_params)
        found = asset_picker(q=query["q"], kind=query["kind"], limit=query["limit"])
        return Response({"results": s.PickerItemSerializer(found, many=True).data})
