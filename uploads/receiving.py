"""Taking the CSV out of the request without ever holding a large body in memory.

The file is the multipart field `file` (what clients send), or the whole body when it is sent
as `text/csv` (what the published spec declares). Bodies over the limit are refused with 413
from their Content-Length before anything is read, or as soon as the limit is passed."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.http.multipartparser import MultiPartParserError

from reelfake.exceptions import ApplicationError
from uploads import conf

FILE_FIELD = "file"
MSG_NO_FILE = "File not found in the request"
MSG_UNEXPECTED_FIELD = "Unexpected field"
MSG_TOO_LARGE = "The file is too large: the limit is {limit}"
MSG_MALFORMED_MULTIPART = "Malformed multipart/form-data request"
MSG_LENGTH_REQUIRED = "A multipart/form-data upload needs a Content-Length header"
# Room for the multipart framing around a file of the largest accepted size.
MULTIPART_ALLOWANCE = 64 * 1024
CSV_CONTENT_TYPES = {"text/csv", "application/csv"}
READ_SIZE = 64 * 1024


class FileNotInRequest(Exception):
    """No file: the contract answers 404 {"message": ...} without a `status` key."""

    message = MSG_NO_FILE


def _size_text(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{size} bytes"


def _too_large(limit: int) -> ApplicationError:
    return ApplicationError(MSG_TOO_LARGE.format(limit=_size_text(limit)), status=413)


class _TooLarge(Exception):
    pass


class SizeLimitHandler(FileUploadHandler):
    """First of the upload handlers: stops the upload once a file passes the limit."""

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise _TooLarge()
        return raw_data

    def file_complete(self, file_size):
        return None


@dataclass
class ReceivedFile:
    file: object  # a binary file-like object, seekable
    name: str
    size: int

    def close(self) -> None:
        self.file.close()


def received_file(request) -> ReceivedFile:
    """The uploaded CSV of a DRF request (raises ApplicationError / FileNotInRequest)."""
    django_request = request._request
    limit = conf.max_upload_bytes()
    try:
        content_length = int(django_request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        content_length = 0
    content_type = django_request.content_type
    chunked = "chunked" in django_request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    if content_type == "multipart/form-data":
        if chunked:
            raise ApplicationError(MSG_LENGTH_REQUIRED, status=411)
        if content_length > limit + MULTIPART_ALLOWANCE:
            raise _too_large(limit)
        return _multipart_file(django_request, limit)
    if content_type in CSV_CONTENT_TYPES:
        if content_length > limit:
            raise _too_large(limit)
        if chunked and django_request.META.get("wsgi.input_terminated"):
            # Django reads a body up to its Content-Length only; the server (gunicorn)
            # de-chunks wsgi.input and marks its end.
            return _body_file(django_request.META["wsgi.input"], limit)
        return _body_file(django_request, limit)
    raise FileNotInRequest()


def _multipart_file(django_request, limit: int) -> ReceivedFile:
    django_request.upload_handlers = [
        SizeLimitHandler(limit, django_request),
        MemoryFileUploadHandler(django_request),
        TemporaryFileUploadHandler(django_request),
    ]
    try:
        files = django_request.FILES
    except _TooLarge:
        raise _too_large(limit) from None
    except (MultiPartParserError, TooManyFilesSent, RequestDataTooBig):
        raise ApplicationError(MSG_MALFORMED_MULTIPART) from None
    if any(name != FILE_FIELD for name in files):
        raise ApplicationError(MSG_UNEXPECTED_FIELD)
    uploaded = files.getlist(FILE_FIELD)
    if not uploaded:
        raise FileNotInRequest()
    if len(uploaded) > 1:
        raise ApplicationError(MSG_UNEXPECTED_FIELD)
    file = uploaded[0]
    return ReceivedFile(file=file, name=file.name or "", size=file.size)


def _body_file(stream, limit: int) -> ReceivedFile:
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    size = 0
    while chunk := stream.read(READ_SIZE):
        size += len(chunk)
        if size > limit:
            spool.close()
            raise _too_large(limit)
        spool.write(chunk)
    spool.seek(0)
    return ReceivedFile(file=spool, name="", size=size)
