from django.urls import path

from . import apis

urlpatterns = [
    path("extract-features", apis.FeaturesExtractApi.as_view(), name="extract-features"),
    path("batch-extract-features", apis.FeaturesBatchExtractApi.as_view(), name="batch-extract-features"),
    path("preprocess-image", apis.PreprocessImageApi.as_view(), name="preprocess-image"),
    path("model-info", apis.ModelInfoApi.as_view(), name="model-info"),
]
