"""gunicorn settings of the web server (scripts/serve.sh, the Dockerfile): gevent workers.

Each connection is a greenlet, not a thread: a client that sends its headers one byte every few
seconds holds a few kilobytes, not one of a handful of threads, and a request waiting for a
worker's model answer waits without blocking the others (BENCHMARKS.md, "Slow clients").
Django's ASGI path was not chosen: it runs sync views on one thread per process.
"""
import os

worker_class = "gevent"
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_connections = int(os.environ.get("WEB_CONNECTIONS", "1000"))
# Long synchronous calls (a 2-minute video) answer within this; the worker's own limit is lower.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
