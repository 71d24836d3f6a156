"""Long work as records: a Job document per request, run by a Celery task, polled at jobs/{id}."""
