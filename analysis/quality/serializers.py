"""Request and response shapes of the quality endpoints (docs/api.md's field names)."""
from rest_framework import serializers

from analysis.engine.quality import GRADES, INTENDED_USES
from dinov3site.api.inputs import AssetIdListField, AsyncOptionMixin

GRADE_NAMES = [name for _, name in GRADES]  # best first, as the report grades

USES = list(INTENDED_USES)  # the uses the resolution measure knows


class QualityInput(serializers.Serializer):
    asset_id = serializers.CharField(max_length=100)
    intended_use = serializers.ChoiceField(choices=USES, default="web",
                                           help_text="Resolution is judged against this use.")


class CompositionInput(serializers.Serializer):
    asset_id = serializers.CharField(max_length=100)


class BatchQualityInput(AsyncOptionMixin, serializers.Serializer):
    asset_ids = AssetIdListField()
    quality_threshold = serializers.FloatField(required=False, allow_null=True, min_value=0, max_value=100,
                                               help_text="0–1 (or percent); defaults to config quality_threshold.")
    intended_use = serializers.ChoiceField(choices=USES, default="web")


class QualityScoresInput(serializers.Serializer):
    asset_ids = AssetIdListField()


class TechnicalMetrics(serializers.Serializer):
    sharpness = serializers.FloatField()
    contrast = serializers.FloatField()
    brightness = serializers.FloatField()
    noise_level = serializers.FloatField(help_text="Lower is better.")


class QualityOutput(serializers.Serializer):
    asset_id = serializers.CharField()
    quality_score = serializers.FloatField(help_text="0–100")
    quality_grade = serializers.ChoiceField(choices=GRADE_NAMES)
    technical_metrics = TechnicalMetrics()
    recommendations = serializers.ListField(child=serializers.CharField())
    detailed_metrics = serializers.DictField()
    passed = serializers.BooleanField()
    quality_threshold = serializers.FloatField()
    processing_time = serializers.FloatField()


def _score(**kwargs):
    return serializers.FloatField(help_text="0–1, higher is better.", **kwargs)


class SharpnessMetric(serializers.Serializer):
    value = _score()
    edge_width_px = serializers.FloatField(allow_null=True)
    edge_width_output_px = serializers.FloatField(allow_null=True)
    edge_blocks = serializers.IntegerField()


class ExposureMetric(serializers.Serializer):
    value = _score()
    brightness = serializers.FloatField(help_text="Mean luma 0–1.")
    ev_offset = serializers.FloatField()
    clipped_highlights = serializers.FloatField(help_text="Fraction of pixels.")
    clipped_shadows = serializers.FloatField(help_text="Fraction of pixels.")


class ContrastMetric(serializers.Serializer):
    value = _score()
    rms = serializers.FloatField()
    rms_encoded = serializers.FloatField()
    tone_range_1_99 = serializers.ListField(child=serializers.FloatField(), help_text="1st and 99th percentile luma.")


class DynamicRangeMetric(serializers.Serializer):
    value = _score()
    stops = serializers.FloatField()


class ColourfulnessMetric(serializers.Serializer):
    value = _score()
    hasler_m = serializers.FloatField()
    label = serializers.CharField()


class NoiseMetric(serializers.Serializer):
    noise_level = serializers.FloatField(help_text="0–1, lower is better.")
    sigma_grey_levels = serializers.FloatField(allow_null=True)
    sigma_full_span = serializers.FloatField(allow_null=True)


class BlockinessMetric(serializers.Serializer):
    value = serializers.FloatField(help_text="0–1, lower is better.")
    grid_step_ratio = serializers.FloatField(allow_null=True)


class ResolutionMetric(serializers.Serializer):
    value = _score()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    intended_use = serializers.ChoiceField(choices=USES)
    target = serializers.CharField(help_text="WIDTHxHEIGHT of the intended use.")
    upscale = serializers.FloatField(allow_null=True, help_text="The enlargement the intended use needs (1 when none).")


class EffectiveResolutionMetric(serializers.Serializer):
    value = _score()
    ratio = serializers.FloatField()
    effective_width = serializers.IntegerField()
    effective_height = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    factor_x = serializers.FloatField()
    factor_y = serializers.FloatField()
    method = serializers.CharField(allow_null=True)
    measured = serializers.BooleanField()
    upscaled = serializers.BooleanField()
    axes = serializers.DictField(required=False, help_text="Per-axis measurements (only when measured).")


class OverallRating(serializers.Serializer):
    quality_score = serializers.FloatField(help_text="0–100")
    quality_grade = serializers.ChoiceField(choices=GRADE_NAMES)


class ImageInfo(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    mode = serializers.CharField()
    bit_depth = serializers.IntegerField()
    greyscale = serializers.BooleanField()
    has_alpha = serializers.BooleanField()


class ImageMetricsOutput(serializers.Serializer):
    asset_id = serializers.CharField()
    sharpness = SharpnessMetric()
    exposure = ExposureMetric()
    contrast = ContrastMetric()
    dynamic_range = DynamicRangeMetric()
    colourfulness = ColourfulnessMetric()
    noise = NoiseMetric()
    blockiness = BlockinessMetric()
    resolution = ResolutionMetric()
    effective_resolution = EffectiveResolutionMetric()
    composition_score = _score()
    overall_rating = OverallRating()
    recommendations = serializers.ListField(child=serializers.CharField())
    image = ImageInfo()
    notes = serializers.ListField(child=serializers.CharField())
    processing_time = serializers.FloatField()


class SubjectPosition(serializers.Serializer):
    x = serializers.FloatField()
    y = serializers.FloatField()
    bbox = serializers.ListField(child=serializers.FloatField(), help_text="x0, y0, x1, y1 as fractions.")
    area_fraction = serializers.FloatField()
    placement = serializers.CharField()


class RuleOfThirds(serializers.Serializer):
    score = _score()
    nearest_power_point = serializers.ListField(child=serializers.FloatField())
    distance = serializers.FloatField()
    centre_score = serializers.FloatField()
    placement = serializers.CharField()


class Balance(serializers.Serializer):
    left_weight = serializers.FloatField()
    right_weight = serializers.FloatField()
    top_weight = serializers.FloatField()
    bottom_weight = serializers.FloatField()
    horizontal = serializers.FloatField()
    vertical = serializers.FloatField()
    centre_of_mass = serializers.ListField(child=serializers.FloatField())


class Horizon(serializers.Serializer):
    detected = serializers.BooleanField()
    tilt_degrees = serializers.FloatField(allow_null=True)
    position_y = serializers.FloatField(allow_null=True)
    confidence = serializers.FloatField()


class FaceBox(serializers.Serializer):
    x = serializers.FloatField()
    y = serializers.FloatField()
    width = serializers.FloatField()
    height = serializers.FloatField()


class Framing(serializers.Serializer):
    shot_size = serializers.CharField()
    basis = serializers.ChoiceField(choices=["face", "subject_size"])
    confidence = serializers.CharField(required=False, help_text="Only when based on a face.")
    explanation = serializers.CharField()
    faces = FaceBox(many=True)


class CameraAngle(serializers.Serializer):
    estimate = serializers.CharField()
    basis = serializers.CharField()


class CompositionOutput(serializers.Serializer):
    asset_id = serializers.CharField()
    used_dinov3_patch_tokens = serializers.BooleanField()
    subject_position = SubjectPosition()
    saliency_source = serializers.CharField()
    rule_of_thirds = RuleOfThirds()
    balance = Balance()
    horizon = Horizon()
    framing = Framing()
    camera_angle = CameraAngle()
    composition_score = _score()
    basis = serializers.CharField()
    processing_time = serializers.FloatField()


class BatchQualityRow(serializers.Serializer):
    asset_id = serializers.CharField()
    quality_score = serializers.FloatField(help_text="0–100")
    quality_grade = serializers.ChoiceField(choices=GRADE_NAMES)
    passed = serializers.BooleanField()
    shortfalls = serializers.ListField(child=serializers.CharField())


class GradeCounts(serializers.Serializer):
    excellent = serializers.IntegerField()
    high = serializers.IntegerField()
    medium = serializers.IntegerField()
    low = serializers.IntegerField()
    poor = serializers.IntegerField()


class BatchQualitySummary(serializers.Serializer):
    total = serializers.IntegerField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    mean_score = serializers.FloatField(allow_null=True)
    by_grade = GradeCounts()
    errors = serializers.IntegerField()


class AssetErrorBody(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class AssetError(serializers.Serializer):
    asset_id = serializers.CharField()
    error = AssetErrorBody()


class BatchQualityOutput(serializers.Serializer):
    quality_threshold = serializers.FloatField()
    results = BatchQualityRow(many=True)
    summary = BatchQualitySummary()
    errors = AssetError(many=True, help_text="The assets that could not be checked.")
    processing_time = serializers.FloatField()
