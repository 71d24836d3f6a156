"""Job output."""
from rest_framework import serializers


class JobSerializer(serializers.Serializer):
    job_id = serializers.CharField(source="id")
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "running", "succeeded", "failed"])
    progress = serializers.SerializerMethodField()
    result = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True, help_text="The error envelope when the job failed.")
    created_by = serializers.CharField(allow_null=True, help_text="Who submitted the job.")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    status_url = serializers.SerializerMethodField()

    def get_progress(self, job) -> dict:
        total = job.progress_total or 0
        return {"done": job.progress_done, "total": total,
                "fraction": round(job.progress_done / total, 4) if total else 0.0}

    def get_status_url(self, job) -> str:
        return f"/api/v1/jobs/{job.id}"


class JobSummarySerializer(JobSerializer):
    """A job in the list: everything but its result (poll ``status_url`` for that)."""

    result = None


class JobListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=["pending", "running", "succeeded", "failed"], required=False)
    kind = serializers.CharField(required=False, max_length=100)
    limit = serializers.IntegerField(required=False, default=50, min_value=1, max_value=500)
    created_by = serializers.CharField(required=False, max_length=150, help_text="Only jobs this user submitted.")


class JobListSerializer(serializers.Serializer):
    jobs = JobSummarySerializer(many=True)
    pending = serializers.IntegerField()
    running = serializers.IntegerField()
