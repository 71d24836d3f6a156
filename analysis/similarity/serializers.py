"""Request and response shapes of the comparison endpoints (docs/api.md's field names)."""
from rest_framework import serializers

from dinov3site.api.inputs import AliasedFieldsMixin, AssetIdListField

ID = dict(max_length=100)


class ThresholdField(serializers.FloatField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("min_value", -1.0)
        kwargs.setdefault("max_value", 1.0)
        kwargs.setdefault("help_text", "Cosine threshold 0–1; defaults to config similarity_threshold.")
        super().__init__(**kwargs)


class PairInput(serializers.Serializer):
    asset_id_1 = serializers.CharField(**ID)
    asset_id_2 = serializers.CharField(**ID)


class ConsistencyInput(AliasedFieldsMixin, PairInput):
    aliases = {"reference_asset_id": "asset_id_1", "test_asset_id": "asset_id_2"}
    threshold = ThresholdField()


class ScoresOutput(serializers.Serializer):
    asset_id_1 = serializers.CharField()
    asset_id_2 = serializers.CharField()
    similarity_percentage = serializers.FloatField()
    cosine_similarity = serializers.FloatField()
    euclidean_distance = serializers.FloatField()
    processing_time = serializers.FloatField()


class ConsistencyOutput(serializers.Serializer):
    asset_id_1 = serializers.CharField()
    asset_id_2 = serializers.CharField()
    same_character = serializers.BooleanField()
    similarity_score = serializers.FloatField()
    confidence_level = serializers.ChoiceField(choices=["high", "medium", "low"])
    explanation = serializers.CharField()
    cosine_similarity = serializers.FloatField()
    euclidean_distance = serializers.FloatField()
    threshold = serializers.FloatField()
    processing_time = serializers.FloatField()


class BestMatchInput(serializers.Serializer):
    reference_asset_id = serializers.CharField(**ID)
    candidate_asset_ids = AssetIdListField()


class MatchRow(serializers.Serializer):
    asset_id = serializers.CharField()
    filename = serializers.CharField()
    rank = serializers.IntegerField()
    similarity_percentage = serializers.FloatField()
    cosine_similarity = serializers.FloatField()
    euclidean_distance = serializers.FloatField()


class BestMatchOutput(serializers.Serializer):
    reference_asset_id = serializers.CharField()
    candidates_processed = serializers.IntegerField()
    best_match = MatchRow()
    ranked_results = MatchRow(many=True)
    processing_time = serializers.FloatField()


class BatchSimilarityInput(serializers.Serializer):
    asset_ids = AssetIdListField()
    comparison_type = serializers.ChoiceField(choices=["all_pairs", "reference_vs_all"], default="all_pairs",
                                              help_text="reference_vs_all: the first id is the reference.")


class BatchSimilarityOutput(serializers.Serializer):
    similarity_matrix = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()),
                                              help_text="Cosine similarities; one row for reference_vs_all.")
    asset_ids = serializers.ListField(child=serializers.CharField())
    comparison_type = serializers.CharField()
    processing_time = serializers.FloatField()


class CharacterMatchingInput(AliasedFieldsMixin, serializers.Serializer):
    aliases = {"confidence_threshold": "threshold"}
    reference_asset_id = serializers.CharField(**ID)
    test_asset_ids = AssetIdListField()
    threshold = ThresholdField()


class ShotConsistencyInput(AliasedFieldsMixin, serializers.Serializer):
    aliases = {"character_reference_id": "character_reference_asset_id"}
    character_reference_asset_id = serializers.CharField(**ID)
    shot_asset_ids = AssetIdListField()
    threshold = ThresholdField()


class ReferenceEnforcementInput(AliasedFieldsMixin, serializers.Serializer):
    aliases = {"master_reference_id": "master_reference_asset_id"}
    master_reference_asset_id = serializers.CharField(**ID)
    generated_asset_ids = AssetIdListField()
    minimum = ThresholdField(help_text="Minimum compliance as a cosine 0–1; defaults to similarity_threshold.")


class GroupInput(serializers.Serializer):
    asset_ids = AssetIdListField()
    threshold = ThresholdField()


class ClusteringInput(serializers.Serializer):
    asset_ids = AssetIdListField()
    n_clusters = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                          help_text="Leave out for automatic (best silhouette, 2–10).")
    method = serializers.ChoiceField(choices=["kmeans", "agglomerative"], default="kmeans")


class AnomalyInput(AliasedFieldsMixin, serializers.Serializer):
    aliases = {"anomaly_threshold": "threshold"}
    reference_asset_ids = AssetIdListField()
    test_asset_ids = AssetIdListField()
    threshold = serializers.FloatField(required=False, allow_null=True, min_value=0.1, max_value=50,
                                       help_text="z-score; defaults to config anomaly_threshold (3).")


class HeatmapInput(serializers.Serializer):
    reference_asset_id = serializers.CharField(**ID)
    test_asset_id = serializers.CharField(**ID)


class HeatmapOutput(serializers.Serializer):
    reference_asset_id = serializers.CharField()
    test_asset_id = serializers.CharField()
    cosine_similarity = serializers.FloatField()
    mean_difference = serializers.FloatField()
    max_difference = serializers.FloatField()
    changed_fraction = serializers.FloatField()
    grid = serializers.ListField(child=serializers.IntegerField())
    heatmap_png = serializers.CharField(help_text="data: URL of the test image with the difference overlaid.")
    processing_time = serializers.FloatField()


class LabelledPair(PairInput):
    same = serializers.BooleanField(help_text="True when both show the same character.")


class CalibrationInput(serializers.Serializer):
    pairs = LabelledPair(many=True, allow_empty=False)
    apply = serializers.BooleanField(default=False, help_text="Store the found threshold in the configuration.")


class MatchReportRow(serializers.Serializer):
    asset_id = serializers.CharField()
    filename = serializers.CharField()
    same_character = serializers.BooleanField()
    similarity_score = serializers.FloatField(help_text="0–100")
    confidence_level = serializers.ChoiceField(choices=["high", "medium", "low"])
    explanation = serializers.CharField()
    cosine_similarity = serializers.FloatField()
    euclidean_distance = serializers.FloatField()
    threshold = serializers.FloatField()


class MatchSummary(serializers.Serializer):
    total = serializers.IntegerField()
    matching = serializers.IntegerField()
    failing_count = serializers.IntegerField()
    match_rate = serializers.FloatField(help_text="Percent.")
    mean_similarity_score = serializers.FloatField()
    min_similarity_score = serializers.FloatField()
    max_similarity_score = serializers.FloatField()
    all_consistent = serializers.BooleanField()
    failing = serializers.ListField(child=serializers.CharField(), help_text="Failing ids, weakest first.")
    threshold = serializers.FloatField()


class CharacterMatchingOutput(serializers.Serializer):
    reference_asset_id = serializers.CharField()
    results = MatchReportRow(many=True)
    summary = MatchSummary()
    processing_time = serializers.FloatField()


class BreakingShot(serializers.Serializer):
    asset_id = serializers.CharField()
    filename = serializers.CharField()
    similarity_score = serializers.FloatField()


class ShotConsistencyOutput(serializers.Serializer):
    character_reference_asset_id = serializers.CharField()
    overall_verdict = serializers.ChoiceField(choices=["consistent", "mostly_consistent", "inconsistent"])
    consistent = serializers.BooleanField()
    shot_reports = MatchReportRow(many=True)
    breaking_shots = BreakingShot(many=True, help_text="Weakest first.")
    summary = MatchSummary()
    processing_time = serializers.FloatField()


class ComplianceRow(serializers.Serializer):
    asset_id = serializers.CharField()
    filename = serializers.CharField()
    compliance_score = serializers.FloatField(help_text="0–100")
    cosine_similarity = serializers.FloatField()
    passed = serializers.BooleanField()
    recommendation = serializers.ChoiceField(choices=["keep", "regenerate"])
    reason = serializers.CharField()


class ComplianceSummary(serializers.Serializer):
    total = serializers.IntegerField()
    keep = serializers.IntegerField()
    regenerate = serializers.IntegerField()
    compliance_rate = serializers.FloatField(help_text="Percent.")


class ReferenceEnforcementOutput(serializers.Serializer):
    master_reference_asset_id = serializers.CharField()
    minimum_compliance = serializers.FloatField(help_text="0–100")
    results = ComplianceRow(many=True)
    summary = ComplianceSummary()
    processing_time = serializers.FloatField()


class AssetGroup(serializers.Serializer):
    asset_ids = serializers.ListField(child=serializers.CharField())
    size = serializers.IntegerField()
    cohesion = serializers.FloatField(help_text="Mean cosine within the group.")
    min_similarity = serializers.FloatField()
    representative = serializers.CharField(help_text="The medoid's id.")
    group_id = serializers.IntegerField()


class GroupOutput(serializers.Serializer):
    threshold = serializers.FloatField()
    total_groups = serializers.IntegerField()
    groups = AssetGroup(many=True)
    method = serializers.CharField()
    processing_time = serializers.FloatField()


class AssetCluster(serializers.Serializer):
    asset_ids = serializers.ListField(child=serializers.CharField())
    size = serializers.IntegerField()
    cohesion = serializers.FloatField(help_text="Mean cosine within the cluster.")
    min_similarity = serializers.FloatField()
    representative = serializers.CharField(help_text="The medoid's id.")
    cluster_id = serializers.IntegerField()


class ClusteringOutput(serializers.Serializer):
    method = serializers.ChoiceField(choices=["kmeans", "agglomerative"])
    automatic = serializers.BooleanField(help_text="True when n_clusters was left out.")
    n_clusters = serializers.IntegerField()
    silhouette = serializers.FloatField(allow_null=True)
    structure = serializers.ChoiceField(choices=["strong", "weak", "none"], allow_null=True,
                                        help_text="What the silhouette says (null without one).")
    clusters = AssetCluster(many=True)
    assignments = serializers.DictField(child=serializers.IntegerField(), help_text="asset_id -> cluster_id")
    processing_time = serializers.FloatField()


class AnomalyRow(serializers.Serializer):
    asset_id = serializers.CharField()
    anomaly_score = serializers.FloatField(help_text="z-score of the kNN distance.")
    is_anomaly = serializers.BooleanField()
    knn_similarity = serializers.FloatField()
    nearest_similarity = serializers.FloatField()
    nearest_reference = serializers.CharField()
    percentile = serializers.FloatField()


class AnomalyOutput(serializers.Serializer):
    method = serializers.CharField()
    k = serializers.IntegerField()
    threshold = serializers.FloatField()
    reference_mean_distance = serializers.FloatField()
    reference_std_distance = serializers.FloatField()
    results = AnomalyRow(many=True)
    method_description = serializers.CharField()
    processing_time = serializers.FloatField()


class CalibrationOutput(serializers.Serializer):
    threshold = serializers.FloatField()
    precision = serializers.FloatField()
    recall = serializers.FloatField()
    f1 = serializers.FloatField()
    accuracy = serializers.FloatField()
    true_positives = serializers.IntegerField()
    false_positives = serializers.IntegerField()
    false_negatives = serializers.IntegerField()
    true_negatives = serializers.IntegerField()
    separable = serializers.BooleanField()
    n_pairs = serializers.IntegerField()
    n_same = serializers.IntegerField()
    n_different = serializers.IntegerField()
    applied = serializers.BooleanField(required=False, help_text="Only with apply.")
    config = serializers.DictField(required=False, help_text="The configuration after applying (only with apply).")
    calibration_id = serializers.CharField()
    processing_time = serializers.FloatField()
