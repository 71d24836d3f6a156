# The DINOv3 service (web and Celery worker share this image).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=dinov3site.settings.production DATA_DIR=/data HF_HUB_OFFLINE=0
RUN apt-get update && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/ requirements/
# For an NVIDIA GPU, install the CUDA build of torch 2.13.0 first (see README, "Model weights").
RUN pip install --no-cache-dir -r requirements/production.txt
COPY . .
RUN useradd --create-home --uid 1000 dinov3 && mkdir -p /data && chown dinov3 /data
USER dinov3
VOLUME ["/data", "/app/models"]
EXPOSE 3012
# gevent workers (dinov3site/gunicorn_conf.py): slow clients and requests waiting for the worker
# block nobody. The model runs in the worker container only.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py startup_report && gunicorn dinov3site.wsgi -c dinov3site/gunicorn_conf.py --bind 0.0.0.0:3012"]
