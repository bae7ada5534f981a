"""What one request may upload (the admin import's limits) and a handler that keeps no more."""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from plenums.ingest.decode import MAX_BYTES

# Articles one import may hold: each is parsed on every preview and kept on disk until saved.
MAX_FILES = 10


class UnreadUpload(UploadedFile):
    """A file sent past the import's limits: its name and size are known, its bytes not kept."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)

    def read(self, *args, **kwargs):
        raise ValueError(f"{self.name}: not kept, it is over the upload limits")

    def chunks(self, chunk_size=None):
        raise ValueError(f"{self.name}: not kept, it is over the upload limits")


class BoundedUploadHandler(FileUploadHandler):
    """Keeps in memory the bytes of the first ``MAX_FILES`` files while each is within
    ``MAX_BYTES``; of any other file only its name and size, so that the import form can name
    it and say why, however many or large the files are. A request over
    ``settings.UPLOAD_MAX_REQUEST_BYTES`` is refused before it is read."""

    def __init__(self, request=None):
        super().__init__(request)
        self.files = 0
        self.size = 0
        self.kept = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.UPLOAD_MAX_REQUEST_BYTES:
            raise RequestDataTooBig(
                f"Request body of {content_length} bytes exceeded "
                "settings.UPLOAD_MAX_REQUEST_BYTES."
            )
        return None  # within the ceiling: the multipart parser reads it with this handler

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files += 1
        self.size = 0
        self.kept = io.BytesIO() if self.files <= MAX_FILES else None

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.kept is not None:
            if self.size > MAX_BYTES:
                self.kept = None  # refused by its size: the bytes read so far are let go
            else:
                self.kept.write(raw_data)
        return None

    def file_complete(self, file_size):
        about = (self.file_name, self.content_type, self.size, self.charset)
        if self.kept is None:
            return UnreadUpload(*about, self.content_type_extra)
        self.kept.seek(0)
        return InMemoryUploadedFile(self.kept, self.field_name, *about, self.content_type_extra)
