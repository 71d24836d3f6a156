"""GET jobs/{job_id}: status, progress, result or error envelope."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import job_get
from .serializers import JobSerializer


class JobDetailApi(APIView):
    @extend_schema(responses=JobSerializer, tags=["system"], summary="Poll a long-running job")
    def get(self, request, job_id: str):
        return Response(JobSerializer(job_get(job_id=job_id)).data)


def job_accepted(job) -> Response:
    """The 202 answer for ``"async": true`` requests."""
    return Response(JobSerializer(job).data, status=202, headers={"Location": f"/api/v1/jobs/{job.id}"})
