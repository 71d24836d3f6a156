"""Export endpoints that answer a file: `?format=` names the file's format, not a DRF renderer.

DRF would read `?format=csv` as a request for a renderer it does not have and answer 404 before
the view runs; the negotiation below always picks the first renderer, so errors stay JSON
envelopes. `file_download` sets an RFC 6266 Content-Disposition (file names may hold quotes or
non-ASCII letters).
"""
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from rest_framework.negotiation import DefaultContentNegotiation


class FileFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def file_download(content: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
