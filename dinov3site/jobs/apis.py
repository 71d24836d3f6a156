"""GET jobs (running and recent) and GET jobs/{job_id}: status, progress, result or error envelope."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.api.inputs import validated

from .selectors import job_get, job_list, job_queue_depth
from .serializers import JobListQuery, JobListSerializer, JobSerializer


class JobListApi(APIView):
    @extend_schema(operation_id="jobs_list", parameters=[JobListQuery], responses=JobListSerializer, tags=["system"],
                   summary="Running and pending jobs first, then the most recent (results left out)")
    def get(self, request):
        query = validated(JobListQuery, request.query_params)
        jobs = job_list(status=query.get("status") or None, kind=query.get("kind") or None, limit=query["limit"])
        return Response({"jobs": JobSerializer(jobs, many=True, context={"brief": True}).data, **job_queue_depth()})


class JobDetailApi(APIView):
    @extend_schema(responses=JobSerializer, tags=["system"], summary="Poll a long-running job")
    def get(self, request, job_id: str):
        return Response(JobSerializer(job_get(job_id=job_id)).data)


def job_accepted(job) -> Response:
    """The 202 answer for ``"async": true`` requests."""
    return Response(JobSerializer(job).data, status=202, headers={"Location": f"/api/v1/jobs/{job.id}"})
