from django.urls import path

from . import apis

urlpatterns = [path("audit", apis.AuditExportApi.as_view(), name="audit-export")]
