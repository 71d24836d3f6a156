"""The persisted configuration: tunable thresholds that survive restarts (one document)."""
import mongoengine as me


class ServiceConfig(me.Document):
    id = me.StringField(primary_key=True, default="global")
    values = me.DictField()
    updated_at = me.DateTimeField(null=True)

    meta = {"collection": "service_config"}
