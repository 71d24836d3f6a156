from django.urls import path

from . import apis

urlpatterns = [
    path("analyze-video-shots", apis.AnalyzeVideoShotsApi.as_view(), name="analyze-video-shots"),
    path("videos/<str:video_asset_id>/playback", apis.VideoPlaybackApi.as_view(), name="video-playback"),
    path("videos/<str:video_asset_id>/shots/export", apis.VideoShotsExportApi.as_view(), name="video-shots-export"),
]
