from django.urls import path

from . import apis

urlpatterns = [
    path("store-shot-data", apis.ShotsStoreApi.as_view(), name="store-shot-data"),
    path("suggest-shots", apis.ShotsSuggestApi.as_view(), name="suggest-shots"),
    path("shot-library", apis.ShotLibraryApi.as_view(), name="shot-library"),
    path("shot-library/export", apis.ShotLibraryExportApi.as_view(), name="shot-library-export"),
]
