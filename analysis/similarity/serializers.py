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


class GenericReport(serializers.Serializer):
    """Report bodies documented by their endpoint's description."""

    processing_time = serializers.FloatField()
