"""An upload handler that enforces MAX_FILE_SIZE_MB while the body streams in.

The declared Content-Length is checked first; the bytes actually received are counted too
(the header can lie or be absent). On overflow the temporary file is closed, which deletes it.
"""
from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from core.errors import FileTooLarge

# Room for multipart boundaries and the small form fields next to the file.
_MULTIPART_OVERHEAD = 64 * 1024


def max_upload_bytes() -> int:
    return settings.MAX_FILE_SIZE_MB * 1024 * 1024


def _too_large(received: int | None = None) -> FileTooLarge:
    return FileTooLarge(
        f"The file exceeds the {settings.MAX_FILE_SIZE_MB} MB limit.",
        details={"max_file_size_mb": settings.MAX_FILE_SIZE_MB, "received_bytes_at_least": received},
    )


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > max_upload_bytes() + _MULTIPART_OVERHEAD:
            raise _too_large(content_length)
        self.received = 0
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > max_upload_bytes():
            self.file.close()  # NamedTemporaryFile: closing removes it
            raise _too_large(self.received)
        return super().receive_data_chunk(raw_data, start)
