"""GET jobs/{job_id}: status, progress, result or error envelope."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.accounts.permissions import actor_of, can_read_owned
from dinov3site.api.errors import NotFound

from .selectors import job_get
from .serializers import JobSerializer


class JobDetailApi(APIView):
    @extend_schema(responses=JobSerializer, tags=["system"], summary="Poll a long-running job")
    def get(self, request, job_id: str):
        job = job_get(job_id=job_id)
        if not can_read_owned(actor_of(request), job.created_by):
            # Someone else's job reads as no job at all: its id tells nothing.
            raise NotFound("No such job.", details={"job_id": job_id})
        return Response(JobSerializer(job).data)


def job_accepted(job) -> Response:
    """The 202 answer for ``"async": true`` requests."""
    return Response(JobSerializer(job).data, status=202, headers={"Location": f"/api/v1/jobs/{job.id}"})
