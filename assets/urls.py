from django.urls import path

from . import apis, collection_apis

urlpatterns = [
    path("upload-media", apis.AssetUploadApi.as_view(), name="upload-media"),
    path("media", apis.AssetListApi.as_view(), name="media-list"),
    path("media-picker", collection_apis.MediaPickerApi.as_view(), name="media-picker"),
    path("media-tags", collection_apis.MediaTagsApi.as_view(), name="media-tags"),
    path("media/<str:asset_id>", apis.AssetDetailApi.as_view(), name="media-detail"),
    path("collections", collection_apis.CollectionListApi.as_view(), name="collections"),
    path("collections/<str:collection_id>", collection_apis.CollectionDetailApi.as_view(), name="collection-detail"),
    path("collections/<str:collection_id>/assets", collection_apis.CollectionAssetsApi.as_view(),
         name="collection-assets"),
]
