"""Input and output serializers of the video endpoints (plain Serializers: the answers are dicts)."""
from rest_framework import serializers

from dinov3site.api.inputs import AliasedFieldsMixin, AsyncOptionMixin
from media.export import FORMATS

from .engine.framing import CAMERA_ANGLES
from .engine.motion import MOVEMENT_TYPES
from .engine.tone import EMOTIONAL_TONES


class AnalyzeVideoShotsInput(AliasedFieldsMixin, AsyncOptionMixin, serializers.Serializer):
    aliases = {"asset_id": "video_asset_id"}
    video_asset_id = serializers.CharField(max_length=100, help_text="The id of an uploaded MP4 video.")
    shot_detection_threshold = serializers.FloatField(
        required=False, allow_null=True, min_value=0.0, max_value=1.0,
        help_text="Boundary sensitivity, 0–1 (lower finds more cuts and dissolves; fades do not depend on "
                  "it). Defaults to the config's shot_detection_threshold (0.3).")
    extract_keyframes = serializers.BooleanField(
        required=False, default=True,
        help_text="Store each shot's keyframe as an image asset (tag 'keyframe') and return its id.")


class ShotAnalysisOutput(serializers.Serializer):
    shot_id = serializers.IntegerField(help_text="1-based, in order.")
    start_time = serializers.FloatField(help_text="Seconds.")
    end_time = serializers.FloatField(help_text="Seconds, exclusive: the next shot's start_time.")
    duration = serializers.FloatField()
    start_frame = serializers.IntegerField()
    end_frame = serializers.IntegerField(help_text="Inclusive.")
    transition_in = serializers.ChoiceField(choices=["start", "cut", "fade", "dissolve"],
                                            help_text="How the shot is entered ('start' for the first).")
    transition_frames = serializers.ListField(child=serializers.IntegerField(), allow_null=True,
                                              help_text="First and last frame of the incoming transition.")
    movement_type = serializers.ChoiceField(choices=list(MOVEMENT_TYPES), help_text="From global optical flow.")
    motion = serializers.DictField(help_text="The measured motion: pan, tilt, zoom, shake rates and confidence.")
    camera_angle = serializers.ChoiceField(choices=list(CAMERA_ANGLES), help_text="Framing (shot size).")
    framing_basis = serializers.DictField(help_text="What the framing rests on: face size or image scale.")
    emotional_tone = serializers.ChoiceField(
        choices=list(EMOTIONAL_TONES),
        help_text="An estimate from measurable cinematography (see tone); store-shot-data can override it.")
    tone = serializers.DictField(help_text="The descriptors: lighting key, palette, saturation, motion energy, "
                                           "cutting pace, and the reasons for the estimate.")
    technical_quality = serializers.FloatField(help_text="0–1: the keyframe's quality_score / 100, the same measure "
                                                         "and number as analyze-quality gives its keyframe asset.")
    quality = serializers.DictField(help_text="quality_score, grade, shortfalls and the 0–1 goodness terms the "
                                              "score is made of (sharpness, exposure, contrast, noise, ...).")
    keyframe_frame = serializers.IntegerField()
    keyframe_time = serializers.FloatField()
    keyframe_features = serializers.ListField(
        child=serializers.FloatField(), allow_null=True,
        help_text="DINOv3 features of the keyframe (L2-normalised); null when the model is not loaded.")
    keyframe_asset_id = serializers.CharField(allow_null=True,
                                              help_text="The keyframe's image asset; null without extract_keyframes.")


class AnalyzeVideoShotsOutput(serializers.Serializer):
    video_asset_id = serializers.CharField()
    total_shots = serializers.IntegerField()
    video_duration = serializers.FloatField(help_text="Seconds, from the frames really decoded.")
    shot_analyses = ShotAnalysisOutput(many=True)
    processing_time = serializers.FloatField()
    shot_detection_threshold = serializers.FloatField()
    min_shot_s = serializers.FloatField()
    extract_keyframes = serializers.BooleanField()
    keyframe_asset_ids = serializers.ListField(child=serializers.CharField())
    replaced_keyframes = serializers.IntegerField(help_text="Keyframes of the previous analysis, now deleted.")
    library_keyframes_kept = serializers.IntegerField(
        help_text="Keyframes of earlier analyses kept because stored library shots show them.")
    model_loaded = serializers.BooleanField()
    model = serializers.CharField(allow_null=True)
    model_note = serializers.DictField(allow_null=True, help_text="Why keyframe_features are null, and how to "
                                                                  "provide the weights.")
    video = serializers.DictField(help_text="The probed stream: width, height, fps, frame_count, duration, codec.")
    frames_decoded = serializers.IntegerField()
    analysis_stride = serializers.IntegerField()


class ShotsExportQuery(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(FORMATS), default="csv")
