"""URLs: /api/v1/ (each app's urls.py), the docs, the admin, signed file links, the web UI."""
from django.contrib import admin
from django.urls import include, path
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from assets.apis import stored_file_view
from dinov3site.api.errors import json_error_view

DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_CSP = {"script-src": [DOCS_CDN], "style-src": [DOCS_CDN], "img-src": [DOCS_CDN], "font-src": [DOCS_CDN],
            "worker-src": ["blob:"]}

api_v1 = [
    path("", include("dinov3site.system.urls")),
    path("", include("dinov3site.jobs.urls")),
    path("", include("dinov3site.accounts.urls")),
    path("", include("assets.urls")),
    path("", include("analysis.urls")),
    path("", include("cinematics.urls")),
    path("", include("video.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The API docs load Swagger UI and ReDoc from their CDN (the split view serves Swagger's
    # start-up script as a file, so no inline script here either).
    path("docs", csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    path("redoc", csp_update(DOCS_CSP)(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    path("admin/", admin.site.urls),
    path("files/<str:token>", stored_file_view, name="stored-file"),
    path("", include("dinov3site.web_urls")),
]

handler404 = json_error_view(404, "NOT_FOUND", "No such endpoint.", page="404.html")
handler500 = json_error_view(500, "PROCESSING_FAILED", "The request could not be processed.")
