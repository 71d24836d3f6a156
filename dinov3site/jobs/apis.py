"""GET jobs (running and recent) and GET jobs/{job_id}: status, progress, result or error envelope;
and the one way a view answers a request that may ask for a job (``"async": true``)."""
from typing import Callable

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dinov3site.accounts.permissions import actor_of, can_read_owned
from dinov3site.accounts.roles import EDIT_ANY
from core.errors import NotFound
from dinov3site.api.inputs import validated

from .selectors import job_get, job_list, job_queue_depth
from .services import job_submit
from .serializers import JobListQuery, JobListSerializer, JobSerializer, JobSummarySerializer


class JobListApi(APIView):
    @extend_schema(operation_id="jobs_list", parameters=[JobListQuery], responses=JobListSerializer, tags=["system"],
                   summary="Running and pending jobs first, then the most recent (results left out)")
    def get(self, request):
        query = validated(JobListQuery, request.query_params)
        actor = actor_of(request)
        # Jobs belong to whoever submitted them: others see their own (and unattributed ones).
        owners = None if actor.open or EDIT_ANY in actor.actions else [actor.name, None]
        jobs = job_list(status=query.get("status") or None, kind=query.get("kind") or None, limit=query["limit"],
                        created_by=query.get("created_by") or None, owners=owners)
        return Response({"jobs": JobSummarySerializer(jobs, many=True).data, **job_queue_depth()})


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


def now_or_job(*, run_async: bool, run: Callable[[], dict], kind: str, params: dict, total: int, task,
               created_by: str | None = None) -> Response:
    """Run now and answer 200 with the result, or, when the client asked (``"async": true``; never
    otherwise), save a pending job, queue ``task`` with its id and answer 202 with the job at once.

    ``run`` and the job's task call the same service; ``params`` are what the task passes it."""
    if run_async:
        return job_accepted(job_submit(kind=kind, params=params, total=total, task=task, created_by=created_by))
    return Response(run())
