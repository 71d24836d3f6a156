"""GET jobs/{job_id}: status, progress, result or error envelope; GET jobs: the newest jobs."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.api.inputs import validated

from .documents import STATUSES
from .selectors import job_get, job_list
from .serializers import JobSerializer


class JobListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False, allow_null=True, default=None)
    kind = serializers.CharField(required=False, allow_null=True, default=None, max_length=100)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class JobListApi(APIView):
    @extend_schema(parameters=[JobListQuery], responses=JobSerializer(many=True), tags=["system"],
                   summary="The newest jobs (running and recent), newest first")
    def get(self, request):
        query = validated(JobListQuery, request.query_params)
        return Response({"jobs": JobSerializer(job_list(**query), many=True).data})


class JobDetailApi(APIView):
    @extend_schema(responses=JobSerializer, tags=["system"], summary="Poll a long-running job")
    def get(self, request, job_id: str):
        return Response(JobSerializer(job_get(job_id=job_id)).data)


def job_accepted(job) -> Response:
    """The 202 answer for ``"async": true`` requests."""
    return Response(JobSerializer(job).data, status=202, headers={"Location": f"/api/v1/jobs/{job.id}"})
