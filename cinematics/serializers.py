"""Request and response shapes of the shot library endpoints (docs/api.md's field names first)."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assets.serializers import absolute
from dinov3site.api.inputs import AsyncOptionMixin
from media.export import FORMATS

from .measures import SCHEMAS, measures_errors

# One long film analysed at a low threshold stays far below this; it bounds one request's work.
MAX_SHOTS_PER_REQUEST = 5000
MAX_SUGGESTIONS = 50
LABEL = dict(max_length=50, required=False, allow_blank=True, allow_null=True)


@extend_schema_field(OpenApiTypes.OBJECT)
class MeasuresField(serializers.Field):
    """One of a shot's measurement objects (motion, tone, quality, framing_basis), checked field by
    field against cinematics/measures.py; an error names the value's path inside it."""

    def __init__(self, measure: str, **kwargs):
        self.schema = SCHEMAS[measure]
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        errors = measures_errors(data, self.schema, "")
        if errors:
            raise serializers.ValidationError(errors.get("", None) or errors)
        return dict(data)

    def to_representation(self, value):
        return value


class ShotInputSerializer(serializers.Serializer):
    """One item of analyze-video-shots' `shot_analyses` as it is, or a minimal shot as docs/api.md's example stores it."""

    shot_id = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                       help_text="1-based shot number in its video; defaults to the position.")
    start_time = serializers.FloatField(min_value=0)
    end_time = serializers.FloatField(min_value=0, required=False, allow_null=True)
    duration = serializers.FloatField(min_value=0, required=False, allow_null=True)
    start_frame = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    end_frame = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    transition_in = serializers.CharField(**LABEL)
    transition_type = serializers.CharField(**LABEL, help_text="Read as transition_in when that is absent.")
    transition_frames = serializers.ListField(child=serializers.IntegerField(min_value=0), min_length=2, max_length=2,
                                              required=False, allow_null=True)
    movement_type = serializers.CharField(**LABEL)
    camera_angle = serializers.CharField(**LABEL)
    emotional_tone = serializers.CharField(**LABEL)
    motion = MeasuresField("motion")
    framing_basis = MeasuresField("framing_basis")
    tone = MeasuresField("tone")
    quality = MeasuresField("quality")
    technical_quality = serializers.FloatField(min_value=0, max_value=1, required=False, allow_null=True)
    keyframe_frame = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    keyframe_time = serializers.FloatField(min_value=0, required=False, allow_null=True)
    keyframe_asset_id = serializers.CharField(max_length=100, required=False, allow_null=True, allow_blank=True)
    keyframe_features = serializers.ListField(
        child=serializers.FloatField(), required=False, allow_null=True, max_length=8192,
        help_text="Accepted and ignored: vectors are taken from the keyframe asset's stored features.")
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=50)
    scene_context = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                          help_text="This shot's own scene context; the request's when absent or blank.")

    def validate(self, data):
        end, duration = data.get("end_time"), data.get("duration")
        if end is None and duration is None:
            raise serializers.ValidationError({"end_time": ["Give end_time or duration."]})
        if end is not None and end <= data["start_time"]:
            raise serializers.ValidationError({"end_time": ["Must be after start_time."]})
        if end is None and duration <= 0:
            raise serializers.ValidationError({"duration": ["Must be positive."]})
        return data


class StoreShotsInput(AsyncOptionMixin, serializers.Serializer):
    video_asset_id = serializers.CharField(max_length=100)
    shots = ShotInputSerializer(many=True, allow_empty=False, max_length=MAX_SHOTS_PER_REQUEST)
    scene_context = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    manual_tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list,
                                        max_length=50)
    genre = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=50,
                                  help_text="(ours) The film's genre, for suggest-shots' genre_context.")
    emotional_tone = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=50,
        help_text="(ours) Override the measured tone of every shot; kept until overridden again.")

    def validate(self, data):
        shots = data["shots"]
        numbers = [s["shot_id"] for s in shots if s.get("shot_id")]
        if len(set(numbers)) != len(numbers):
            raise serializers.ValidationError({"shots": ["Each shot_id may appear once."]})
        return data


class ShotFieldsSerializer(serializers.Serializer):
    """What every answer says of a stored shot; the store and library answers add their own."""
    shot_number = serializers.IntegerField()
    video_asset_id = serializers.CharField()
    start_time = serializers.FloatField()
    end_time = serializers.FloatField()
    duration = serializers.FloatField()
    movement_type = serializers.CharField()
    camera_angle = serializers.CharField()
    emotional_tone = serializers.CharField()
    tone_overridden = serializers.BooleanField()
    genre = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    scene_context = serializers.CharField()
    keyframe_asset_id = serializers.CharField(allow_null=True)
    technical_quality = serializers.FloatField(allow_null=True)


class StoredShotSerializer(ShotFieldsSerializer):
    shot_id = serializers.CharField(help_text="The library's id of the shot (UUID).")
    keyframe_vector = serializers.BooleanField(help_text="Whether the keyframe's DINOv3 vector is stored.")


class StoreShotsOutput(serializers.Serializer):
    video_asset_id = serializers.CharField()
    stored_shots = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    keyframe_vectors = serializers.IntegerField()
    shot_ids = serializers.ListField(child=serializers.CharField())
    shots = StoredShotSerializer(many=True)
    processing_time = serializers.FloatField()


class SuggestShotsInput(serializers.Serializer):
    scene_description = serializers.CharField(max_length=2000)
    emotional_tone = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=50)
    genre_context = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=50)
    desired_tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list,
                                         max_length=50)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_SUGGESTIONS, default=5)
    reference_asset_id = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=100,
        help_text="(ours) An image: shots whose keyframes look like it rank higher (needs the model).")


class SuggestionSerializer(StoredShotSerializer):
    rank = serializers.IntegerField()
    similarity_score = serializers.FloatField(help_text="0-100: the weighted mean of score_components.")
    technical_notes = serializers.CharField()
    score_components = serializers.DictField(help_text="Per component: score 0-1, weight, contribution.")
    explanation = serializers.CharField()
    thumbnail_url = serializers.CharField(allow_null=True)


class SuggestShotsOutput(serializers.Serializer):
    scene_description = serializers.CharField()
    suggested_shots = SuggestionSerializer(many=True)
    total_suggestions = serializers.IntegerField()
    searched = serializers.IntegerField()
    weights = serializers.DictField()
    processing_time = serializers.FloatField()


class LibraryQuerySerializer(serializers.Serializer):
    movement_type = serializers.CharField(required=False, max_length=50)
    emotional_tone = serializers.CharField(required=False, max_length=50)
    camera_angle = serializers.CharField(required=False, max_length=50)
    genre = serializers.CharField(required=False, max_length=50)
    tags = serializers.CharField(required=False, max_length=1000, help_text="Comma-separated; shots with all of them.")
    video_asset_id = serializers.CharField(required=False, max_length=100)
    q = serializers.CharField(required=False, max_length=200, help_text="Text in the scene context, a tag or the genre.")
    created_by = serializers.CharField(required=False, max_length=150, help_text="Only shots this user stored first.")

    def validate_tags(self, value):
        return [t.strip() for t in value.split(",") if t.strip()]


class ExportQuerySerializer(LibraryQuerySerializer):
    format = serializers.ChoiceField(choices=list(FORMATS), default="json")


class LibraryShotSerializer(ShotFieldsSerializer):
    shot_id = serializers.CharField(source="id")
    video_filename = serializers.SerializerMethodField()
    transition_in = serializers.CharField()
    motion = serializers.DictField()
    framing_basis = serializers.DictField()
    tone = serializers.DictField()
    quality = serializers.DictField()
    keyframe_time = serializers.FloatField(allow_null=True)
    thumbnail_url = serializers.SerializerMethodField()
    keyframe_url = serializers.SerializerMethodField()
    created_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def _link(self, shot, name):
        return (self.context.get("links") or {}).get(shot.id, {}).get(name)

    def get_video_filename(self, shot) -> str | None:
        return self._link(shot, "video_filename")

    def get_thumbnail_url(self, shot) -> str | None:
        return absolute(self._link(shot, "thumbnail_url"))

    def get_keyframe_url(self, shot) -> str | None:
        return absolute(self._link(shot, "keyframe_url"))
