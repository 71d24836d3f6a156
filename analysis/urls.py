from django.urls import path

from . import apis, library_apis

urlpatterns = [
    path("extract-features", apis.FeaturesExtractApi.as_view(), name="extract-features"),
    path("batch-extract-features", apis.FeaturesBatchExtractApi.as_view(), name="batch-extract-features"),
    path("extract-missing-features", library_apis.ExtractMissingFeaturesApi.as_view(), name="extract-missing-features"),
    path("quality-scores", library_apis.QualityScoresApi.as_view(), name="quality-scores"),
    path("preprocess-image", apis.PreprocessImageApi.as_view(), name="preprocess-image"),
    path("model-info", apis.ModelInfoApi.as_view(), name="model-info"),
]

from . import similarity_apis as sim  # noqa: E402

urlpatterns += [
    path("calculate-similarity", sim.CalculateSimilarityApi.as_view(), name="calculate-similarity"),
    path("find-best-match", sim.FindBestMatchApi.as_view(), name="find-best-match"),
    path("validate-consistency", sim.ValidateConsistencyApi.as_view(), name="validate-consistency"),
    path("batch-similarity", sim.BatchSimilarityApi.as_view(), name="batch-similarity"),
    path("character-matching", sim.CharacterMatchingApi.as_view(), name="character-matching"),
    path("group-by-character", sim.GroupByCharacterApi.as_view(), name="group-by-character"),
    path("validate-shot-consistency", sim.ValidateShotConsistencyApi.as_view(), name="validate-shot-consistency"),
    path("reference-enforcement", sim.ReferenceEnforcementApi.as_view(), name="reference-enforcement"),
    path("semantic-search", sim.SemanticSearchApi.as_view(), name="semantic-search"),
    path("anomaly-detection", sim.AnomalyDetectionApi.as_view(), name="anomaly-detection"),
    path("feature-clustering", sim.FeatureClusteringApi.as_view(), name="feature-clustering"),
    path("near-duplicates", sim.NearDuplicatesApi.as_view(), name="near-duplicates"),
    path("similarity-heatmap", sim.SimilarityHeatmapApi.as_view(), name="similarity-heatmap"),
    path("calibrate-threshold", sim.CalibrateThresholdApi.as_view(), name="calibrate-threshold"),
]

from . import quality_apis as qa  # noqa: E402

urlpatterns += [
    path("analyze-quality", qa.AnalyzeQualityApi.as_view(), name="analyze-quality"),
    path("analyze-image-metrics", qa.AnalyzeImageMetricsApi.as_view(), name="analyze-image-metrics"),
    path("batch-quality-check", qa.BatchQualityCheckApi.as_view(), name="batch-quality-check"),
    path("analyze-image-composition", qa.AnalyzeImageCompositionApi.as_view(), name="analyze-image-composition"),
]
