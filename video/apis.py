"""Thin views for video shot analysis and its export."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from assets.selectors import asset_get
from dinov3site.api.downloads import FileFormatNegotiation, file_download
from dinov3site.api.inputs import request_input, validated
from dinov3site.jobs.apis import now_or_job
from dinov3site.jobs.serializers import JobSerializer
from dinov3site.accounts.permissions import actor_of
from dinov3site.config.services import config_value
from media.export import FORMATS

from . import serializers as s
from .playback_services import video_playback_prepare, video_playback_state
from .selectors import video_shots_export
from .services import video_shots_analyze
from .tasks import video_playback_task, video_shots_task

# A synchronous analysis stops after this long, well inside the web server's 600 s timeout;
# longer work is for `"async": true` (a job).
SYNC_DEADLINE_S = 300.0


class AnalyzeVideoShotsApi(APIView):
    # ASSET_NOT_FOUND for unknown ids and images; FILE_TOO_LARGE when the video is over the
    # limits (they may have been lowered since it was uploaded).
    error_statuses = (404, 413)

    @extend_schema(
        request=s.AnalyzeVideoShotsInput, responses={200: s.AnalyzeVideoShotsOutput, 202: JobSerializer},
        tags=["video"],
        summary="Shots of a video: boundaries (cut/fade/dissolve), camera movement, framing, tone estimate, "
                "keyframes with DINOv3 features",
        description="Answers 200 with the analysis (a 2-minute video takes about a minute on a CPU). With "
                    "`\"async\": true` it answers 202 with a job at once: poll `GET /api/v1/jobs/{job_id}` for "
                    "progress and the result. The latest "
                    "analysis is stored (re-analysing replaces it and its keyframes) for the export endpoint.")
    def post(self, request):
        data = validated(s.AnalyzeVideoShotsInput, request_input(request))
        actor = actor_of(request)
        asset = asset_get(asset_id=data["video_asset_id"], kind="video", field="video_asset_id")
        threshold = data.get("shot_detection_threshold")
        if threshold is None:
            threshold = config_value("shot_detection_threshold")
        return now_or_job(
            run_async=data["async"],
            run=lambda: video_shots_analyze(asset=asset, threshold=threshold,
                                            extract_keyframes=data["extract_keyframes"],
                                            deadline_s=SYNC_DEADLINE_S, created_by=actor.name),
            kind="video.shots_analyze", task=video_shots_task,
            params={"video_asset_id": asset.id, "threshold": threshold,
                    "extract_keyframes": data["extract_keyframes"], "created_by": actor.name},
            total=(asset.frame_count or 0) + 1, created_by=actor.name)


class VideoShotsExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=list(FORMATS), default="csv",
                                     description="csv, edl (CMX 3600), otio (OpenTimelineIO otio_json) or json")],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The shot list as CSV"),
                   (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="CMX 3600 EDL"),
                   (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT,
                                                              description="OpenTimelineIO or JSON")},
        tags=["video"],
        summary="Download the stored shot analysis as a file an editor opens (run analyze-video-shots first)")
    def get(self, request, video_asset_id: str):
        query = validated(s.ShotsExportQuery, request.query_params)
        asset = asset_get(asset_id=video_asset_id, kind="video", field="video_asset_id")
        content, content_type, filename = video_shots_export(asset=asset, fmt=query["format"])
        return file_download(content, content_type=content_type, filename=filename)


class VideoPlaybackApi(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["video"],
                   summary="What the browser should play for a video (the original or its H.264 proxy)")
    def get(self, request, video_asset_id):
        asset = asset_get(asset_id=video_asset_id, kind="video", field="video_asset_id")
        return Response(video_playback_state(asset=asset))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 202: JobSerializer}, tags=["video"],
                   summary="Make a browser-playable proxy when the original's codec needs one (a job)")
    def post(self, request, video_asset_id):
        asset = asset_get(asset_id=video_asset_id, kind="video", field="video_asset_id")
        state, job = video_playback_prepare(asset=asset, task=video_playback_task)
        if job is not None and job.status in ("pending", "running"):
            return Response({**state, "job": JobSerializer(job).data}, status=202,
                            headers={"Location": f"/api/v1/jobs/{job.id}"})
        if job is not None:  # it ran inside this request (no worker configured): the state changed
            asset.reload()
            state = {**video_playback_state(asset=asset), "job": JobSerializer(job).data}
        return Response(state)
