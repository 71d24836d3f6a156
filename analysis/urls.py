"""The analysis API under /api/v1: each path names its view class in the part's apis.py, which
calls one service or selector of the same part (features, similarity, search, quality)."""
from django.urls import path

from .features import apis as features
from .quality import apis as quality
from .search import apis as search
from .similarity import apis as similarity

urlpatterns = [
    path("extract-features", features.FeaturesExtractApi.as_view(), name="extract-features"),
    path("batch-extract-features", features.FeaturesBatchExtractApi.as_view(), name="batch-extract-features"),
    path("extract-missing-features", features.ExtractMissingFeaturesApi.as_view(), name="extract-missing-features"),
    path("quality-scores", quality.QualityScoresApi.as_view(), name="quality-scores"),
    path("preprocess-image", features.PreprocessImageApi.as_view(), name="preprocess-image"),
    path("model-info", features.ModelInfoApi.as_view(), name="model-info"),
    path("calculate-similarity", similarity.CalculateSimilarityApi.as_view(), name="calculate-similarity"),
    path("find-best-match", similarity.FindBestMatchApi.as_view(), name="find-best-match"),
    path("validate-consistency", similarity.ValidateConsistencyApi.as_view(), name="validate-consistency"),
    path("batch-similarity", similarity.BatchSimilarityApi.as_view(), name="batch-similarity"),
    path("character-matching", similarity.CharacterMatchingApi.as_view(), name="character-matching"),
    path("group-by-character", similarity.GroupByCharacterApi.as_view(), name="group-by-character"),
    path("validate-shot-consistency", similarity.ValidateShotConsistencyApi.as_view(),
         name="validate-shot-consistency"),
    path("reference-enforcement", similarity.ReferenceEnforcementApi.as_view(), name="reference-enforcement"),
    path("semantic-search", search.SemanticSearchApi.as_view(), name="semantic-search"),
    path("anomaly-detection", similarity.AnomalyDetectionApi.as_view(), name="anomaly-detection"),
    path("feature-clustering", similarity.FeatureClusteringApi.as_view(), name="feature-clustering"),
    path("near-duplicates", search.NearDuplicatesApi.as_view(), name="near-duplicates"),
    path("similarity-heatmap", similarity.SimilarityHeatmapApi.as_view(), name="similarity-heatmap"),
    path("calibrate-threshold", similarity.CalibrateThresholdApi.as_view(), name="calibrate-threshold"),
    path("analyze-quality", quality.AnalyzeQualityApi.as_view(), name="analyze-quality"),
    path("analyze-image-metrics", quality.AnalyzeImageMetricsApi.as_view(), name="analyze-image-metrics"),
    path("batch-quality-check", quality.BatchQualityCheckApi.as_view(), name="batch-quality-check"),
    path("analyze-image-composition", quality.AnalyzeImageCompositionApi.as_view(), name="analyze-image-composition"),
]
