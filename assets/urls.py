from django.urls import path

from . import apis

urlpatterns = [
    path("upload-media", apis.AssetUploadApi.as_view(), name="upload-media"),
    path("media", apis.AssetListApi.as_view(), name="media-list"),
    path("media/<str:asset_id>", apis.AssetDetailApi.as_view(), name="media-detail"),
]
