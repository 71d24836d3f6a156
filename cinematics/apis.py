"""Thin views for the shot library: store, suggest, list, export."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from assets.selectors import asset_get
from assets.serializers import absolute
from dinov3site.accounts.permissions import actor_of
from dinov3site.api.downloads import FileFormatNegotiation, file_download
from dinov3site.api.inputs import request_input, validated
from dinov3site.api.pagination import PagePagination
from core.timing import timed
from dinov3site.jobs.apis import now_or_job
from dinov3site.jobs.serializers import JobSerializer

from . import serializers as s
from .exports import library_export
from .selectors import shot_links, shot_list
from .services import shots_store
from .suggestions import shots_suggest
from .tasks import shots_store_task


class ShotsStoreApi(APIView):
    error_statuses = (404,)  # unknown video or keyframe; the model is optional here
    @extend_schema(request=s.StoreShotsInput, responses={200: s.StoreShotsOutput, 202: JobSerializer},
                   tags=["cinematics"],
                   summary="Store analysed shots (analyze-video-shots' shot_analyses as they are); same shot again updates it")
    def post(self, request):
        data = validated(s.StoreShotsInput, request_input(request), paths=True)
        data["created_by"] = actor_of(request).name
        run_async = data.pop("async")
        if run_async:
            # Checked now, so a wrong id is a 404 here rather than a failed job later.
            asset_get(asset_id=data["video_asset_id"], kind="video", field="video_asset_id")
        return now_or_job(run_async=run_async, run=lambda: timed(shots_store, **data),
                          kind="cinematics.store_shots", params=data, total=len(data["shots"]),
                          task=shots_store_task, created_by=data["created_by"])


class ShotsSuggestApi(APIView):
    error_statuses = (404, 503)  # the reference image: unknown, or the model is needed to compare it
    @extend_schema(request=s.SuggestShotsInput, responses={200: s.SuggestShotsOutput}, tags=["cinematics"],
                   summary="Reference shots for a scene: meaning, tone, genre, tags and (optionally) a reference image")
    def post(self, request):
        result = timed(shots_suggest, **validated(s.SuggestShotsInput, request_input(request)))
        for shot in result["suggested_shots"]:
            shot["thumbnail_url"] = absolute(shot["thumbnail_url"])
            shot["keyframe_url"] = absolute(shot["keyframe_url"])
        return Response(result)


class ShotLibraryApi(APIView):
    pagination_class = PagePagination

    @extend_schema(parameters=[s.LibraryQuerySerializer], responses=s.LibraryShotSerializer(many=True),
                   tags=["cinematics"], summary="Browse stored shots (filters, pagination, thumbnail URLs)")
    def get(self, request):
        filters = validated(s.LibraryQuerySerializer, request.query_params)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(shot_list(**filters), request, view=self)
        context = {"request": request, "links": shot_links(page)}
        return paginator.get_paginated_response(s.LibraryShotSerializer(page, many=True, context=context).data)


class ShotLibraryExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(parameters=[s.ExportQuerySerializer], tags=["cinematics"],
                   summary="The filtered library as a file an editor opens: CSV, CMX 3600 EDL, OpenTimelineIO, JSON",
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, one row per shot"),
                              (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT,
                                                                         description="JSON, or otio_json for format=otio"),
                              (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="CMX 3600 EDL")})
    def get(self, request):
        query = validated(s.ExportQuerySerializer, request.query_params)
        content, content_type, filename = library_export(absolute=absolute, **query)
        return file_download(content, content_type=content_type, filename=filename)
