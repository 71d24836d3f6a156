"""The stored shot analysis of a video: the latest analyze-video-shots answer, kept so exports,
the shot library and the web UI read it without decoding the video again.

One document per video (its id is the video's asset id): analysing again replaces it. The
shots are stored without `keyframe_features` (each keyframe asset holds its own vector), which
keeps a long video's document far below MongoDB's 16 MB limit.
"""
import mongoengine as me

from assets.documents import now_ms


class VideoShotAnalysis(me.Document):
    video_asset_id = me.StringField(primary_key=True)
    threshold = me.FloatField(required=True)  # the shot_detection_threshold it ran with
    min_shot_s = me.FloatField()
    total_shots = me.IntField(required=True)
    video_duration = me.FloatField(required=True)
    shots = me.ListField(me.DictField())  # the answer's shot dicts, keyframe_features left out
    video = me.DictField()  # the probed stream: width, height, fps, frame_count, duration, codec
    keyframe_asset_ids = me.ListField(me.StringField())  # deleted when the analysis is replaced
    keyframes_extracted = me.BooleanField(default=True)
    model = me.StringField(null=True)  # the model of the keyframes' features, when it was loaded
    processing_time = me.FloatField(default=0.0)
    created = me.DateTimeField(default=now_ms)
    created_by = me.StringField(null=True)  # who ran this analysis

    meta = {"collection": "video_shot_analyses", "indexes": ["-created"]}
