"""URLs: /api/v1/ (each app's urls.py), the docs, the admin, signed file links, the web UI.

Any other path under /api/ answers the JSON error envelope (404), whatever DEBUG says.
"""
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from analysis.quality.apis import AnalyzeQualityApi
from analysis.similarity.apis import ValidateConsistencyApi
from assets.apis import stored_file_view
from dinov3site.api.errors import api_not_found, json_error_view
from dinov3site.system.apis import ApiIndexApi

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
    path("api/v1", ApiIndexApi.as_view(schema=None), name="api-index-no-slash"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^api/", api_not_found),
    # Where FastAPI services publish their schema; existing dashboards and scripts read it here.
    path("openapi.json", SpectacularJSONAPIView.as_view(renderer_classes=[OpenApiJsonRenderer2]), name="openapi-json"),
    # Some clients call these two at the site root (without /api/v1); kept out of the schema.
    path("analyze-quality", AnalyzeQualityApi.as_view(schema=None), name="analyze-quality-root"),
    path("validate-consistency", ValidateConsistencyApi.as_view(schema=None), name="validate-consistency-root"),
    # The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="redoc"),
    path("admin/", admin.site.urls),
    path("files/<str:token>", stored_file_view, name="stored-file"),
    path("", include("dinov3site.web_urls")),
]

handler400 = json_error_view(400, "VALIDATION_ERROR", "Bad request (for example a Host name this service does not "
                             "answer to: see SITE_URL).")
handler404 = json_error_view(404, "NOT_FOUND", "No such endpoint.", page="404.html")
handler500 = json_error_view(500, "PROCESSING_FAILED", "The request could not be processed.")
