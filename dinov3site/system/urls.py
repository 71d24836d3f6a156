from django.urls import path

from . import apis

urlpatterns = [
    path("", apis.ApiIndexApi.as_view(), name="api-index"),
    path("health", apis.HealthApi.as_view(), name="health"),
    path("config", apis.ConfigApi.as_view(), name="config"),
    path("config/similarity-threshold", apis.SimilarityThresholdApi.as_view(), name="config-similarity-threshold"),
    path("config/quality-threshold", apis.QualityThresholdApi.as_view(), name="config-quality-threshold"),
    path("metrics", apis.MetricsApi.as_view(), name="metrics"),
    path("stats", apis.StatsApi.as_view(), name="stats"),
]
