"""The one way a view answers a request that may ask for a job: now (200) or a job (202)."""
from dinov3site.jobs.apis import now_or_job
from dinov3site.jobs.documents import Job


class QueueRecorder:
    name = "tests.recorded_task"

    def __init__(self):
        self.queued = []

    def apply_async(self, args):
        self.queued.append(args)


def test_without_async_the_work_runs_now_and_no_job_is_made():
    task = QueueRecorder()
    response = now_or_job(run_async=False, run=lambda: {"done": True}, kind="tests.work", params={"n": 1},
                          total=1, task=task)
    assert response.status_code == 200 and response.data == {"done": True}
    assert task.queued == [] and Job.objects.count() == 0


def test_with_async_a_pending_job_is_queued_and_answered_at_once():
    task, ran = QueueRecorder(), []
    response = now_or_job(run_async=True, run=lambda: ran.append(1) or {}, kind="tests.work", params={"n": 1},
                          total=3, task=task, created_by="ana")
    job_id = response.data["job_id"]
    assert response.status_code == 202 and response["Location"] == f"/api/v1/jobs/{job_id}"
    assert response.data["status"] == "pending" and response.data["kind"] == "tests.work"
    assert response.data["progress"]["total"] == 3 and response.data["created_by"] == "ana"
    assert task.queued == [[job_id]] and ran == []
    assert Job.objects.get(id=job_id).params == {"n": 1}
