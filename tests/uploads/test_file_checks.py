"""Bad files never crash, never wedge and never half-write (issue: the bad-input list).

Each case answers a clear status and message, on the validate and the upload route alike,
with nothing written."""

import codecs

import pytest

from movies.models import Movie
from tests.uploads.conftest import (
    UPLOAD_URL,
    VALIDATE_URL,
    csv_bytes,
    movie_row,
    numbered_rows,
    post_csv,
    sample_file,
)
from uploads.csvfile import COLUMNS
from uploads.models import UploadJob

pytestmark = pytest.mark.django_db

ROUTES = pytest.mark.parametrize(
    "url",
    [VALIDATE_URL, UPLOAD_URL, f"{VALIDATE_URL}?enable_tracking", f"{UPLOAD_URL}?enable_tracking"],
)
HEADER = ",".join(COLUMNS).encode()


def assert_refused(response, status: int, message: str):
    assert response.status_code == status
    assert response.json() == {"status": "error", "message": message}
    assert Movie.objects.count() == 0
    assert UploadJob.objects.count() == 0


@ROUTES
def test_empty_file_is_refused(manager_client, reference_data, url):
    response = post_csv(manager_client, url, b"")
    assert_refused(response, 400, "The uploaded file is empty")


@ROUTES
def test_file_of_blank_lines_is_empty(manager_client, reference_data, url):
    response = post_csv(manager_client, url, b"\n\r\n  \n")
    assert_refused(response, 400, "The uploaded file is empty")


@ROUTES
def test_header_only_file_is_refused(manager_client, reference_data, url):
    response = post_csv(manager_client, url, HEADER + b"\n")
    assert_refused(response, 400, "The CSV file has a header row but no data rows")


@ROUTES
def test_binary_file_is_refused(manager_client, reference_data, url):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    response = post_csv(manager_client, url, png, name="poster.png")
    assert_refused(response, 400, "The uploaded file is not a CSV file: it contains binary data")


@ROUTES
def test_utf16_file_is_refused(manager_client, reference_data, url):
    content = codecs.BOM_UTF16_LE + csv_bytes([movie_row()]).decode().encode("utf-16-le")
    response = post_csv(manager_client, url, content)
    assert_refused(response, 400, "The CSV file must be UTF-8 encoded, not UTF-16")


@ROUTES
def test_non_utf8_bytes_are_refused_with_their_line(manager_client, reference_data, url):
    content = csv_bytes(numbered_rows(1)) + "1,,Café,Café,,,,,,,,,,,,,,\n".encode("latin-1")
    response = post_csv(manager_client, url, content)
    assert_refused(response, 400, "The CSV file must be UTF-8 encoded: invalid byte 0xe9 on line 3")


@ROUTES
def test_semicolon_separated_file_is_refused(manager_client, reference_data, url):
    content = ";".join(COLUMNS).encode() + b"\n1;2\n"
    response = post_csv(manager_client, url, content)
    assert_refused(
        response, 400, "The CSV file must be comma-separated: the header row is separated by ';'"
    )


@ROUTES
def test_tab_separated_file_is_refused(manager_client, reference_data, url):
    content = "\t".join(COLUMNS).encode() + b"\n1\t2\n"
    response = post_csv(manager_client, url, content)
    assert_refused(
        response, 400, "The CSV file must be comma-separated: the header row is separated by '\\t'"
    )


@ROUTES
def test_missing_columns_are_named(manager_client, reference_data, url):
    columns = [c for c in COLUMNS if c not in ("imdb_id", "title")]
    response = post_csv(manager_client, url, csv_bytes([movie_row()], columns=columns))
    assert_refused(response, 400, "The CSV header is missing the columns: imdb_id, title")


@ROUTES
def test_extra_columns_are_named(manager_client, reference_data, url):
    columns = [*COLUMNS, "director"]
    response = post_csv(manager_client, url, csv_bytes([movie_row()], columns=columns))
    assert_refused(response, 400, "The CSV header has unknown columns: director")


def test_missing_and_extra_columns_are_named_together(manager_client, reference_data):
    columns = [c if c != "title" else "name" for c in COLUMNS]
    response = post_csv(manager_client, VALIDATE_URL, csv_bytes([movie_row()], columns=columns))
    assert_refused(
        response,
        400,
        "The CSV header is missing the columns: title; The CSV header has unknown columns: name",
    )


def test_repeated_columns_are_named(manager_client, reference_data):
    columns = [*COLUMNS, "title"]
    response = post_csv(manager_client, VALIDATE_URL, csv_bytes([movie_row()], columns=columns))
    assert_refused(response, 400, "The CSV header repeats the columns: title")


def test_a_text_file_that_is_not_a_movies_csv_is_refused(manager_client, reference_data):
    response = post_csv(manager_client, VALIDATE_URL, b'{"movies": []}\n', name="movies.json")
    assert response.status_code == 400
    assert response.json()["message"].startswith("The CSV header is missing the columns: tmdb_id")


@ROUTES
def test_unclosed_quote_is_refused_with_its_line(manager_client, reference_data, url):
    content = csv_bytes(numbered_rows(1)) + b'2,,"Unclosed,Title\n3,,x\n'
    response = post_csv(manager_client, url, content)
    assert_refused(
        response,
        400,
        "Malformed CSV in the record starting on line 3: a quoted value is never closed",
    )


@ROUTES
def test_text_after_a_closing_quote_is_refused(manager_client, reference_data, url):
    content = csv_bytes(numbered_rows(2)) + b'3,,"Title"s,x\n'
    response = post_csv(manager_client, url, content)
    assert_refused(
        response,
        400,
        "Malformed CSV in the record starting on line 4: "
        "a closing quote must be followed by a comma or a line end",
    )


def test_malformed_last_row_leaves_earlier_valid_rows_uninserted(manager_client, reference_data):
    content = csv_bytes(numbered_rows(600)) + b'9,,"never closed\n'
    response = post_csv(manager_client, UPLOAD_URL, content)
    assert_refused(
        response,
        400,
        "Malformed CSV in the record starting on line 602: a quoted value is never closed",
    )


def test_windows_line_endings_are_read(manager_client, reference_data):
    content = sample_file("movies_upload_sample_errors.csv").replace(b"\n", b"\r\n")
    expected = post_csv(
        manager_client, VALIDATE_URL, sample_file("movies_upload_sample_errors.csv")
    )
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert response.status_code == 200
    assert response.json() == expected.json()


def test_multi_line_quoted_values_keep_their_line_breaks(manager_client, reference_data):
    content = csv_bytes([movie_row(overview="First line\r\nsecond line")], line_end="\r\n")
    response = post_csv(manager_client, UPLOAD_URL, content)
    assert response.status_code == 201
    movie = Movie.objects.get()
    assert response.json() == {
        "totalRows": 1,
        "successRows": [{"rowNumber": 1, "id": movie.id}],
        "failedRows": [],
    }
    assert movie.overview == "First line\r\nsecond line"


def test_utf8_byte_order_mark_is_ignored(manager_client, reference_data):
    content = codecs.BOM_UTF8 + csv_bytes([movie_row()])
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert response.json() == {"totalRows": 1, "invalidRows": []}


def test_columns_may_come_in_any_order_and_case(manager_client, reference_data):
    columns = list(reversed(COLUMNS))
    content = csv_bytes([movie_row()], columns=columns)
    content = content.replace(b"tmdb_id", b" TMDB_ID ", 1)
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert response.json() == {"totalRows": 1, "invalidRows": []}


def test_blank_lines_between_rows_are_not_rows(manager_client, reference_data):
    rows = csv_bytes(numbered_rows(2)).split(b"\n")
    content = b"\n".join([rows[0], rows[1], b"", b",,,", rows[2], b""])
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert response.json() == {"totalRows": 2, "invalidRows": []}


def test_row_with_the_wrong_number_of_cells_is_a_row_error(manager_client, reference_data):
    content = (
        csv_bytes(numbered_rows(1))
        + b"1,2,3\n"
        + csv_bytes(numbered_rows(1, start=2))[len(",".join(COLUMNS)) + 1 :]
    )
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert response.json() == {
        "totalRows": 3,
        "invalidRows": [{"rowNumber": 2, "reasons": ["The row has 3 cells instead of 18"]}],
    }


@ROUTES
def test_file_over_the_size_limit_is_413(manager_client, reference_data, settings, url):
    settings.REELFAKE_UPLOAD_MAX_BYTES = 4096
    content = csv_bytes(numbered_rows(40))
    assert len(content) > 4096
    response = post_csv(manager_client, url, content)
    assert_refused(response, 413, "The file is too large: the limit is 4096 bytes")


def test_size_limit_is_read_in_megabytes(manager_client, reference_data, settings):
    settings.REELFAKE_UPLOAD_MAX_BYTES = 1024 * 1024
    content = csv_bytes([movie_row(overview="x" * (1024 * 1024))])
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert_refused(response, 413, "The file is too large: the limit is 1 MB")


def test_file_at_the_size_limit_is_accepted(manager_client, reference_data, settings):
    content = csv_bytes(numbered_rows(40))
    settings.REELFAKE_UPLOAD_MAX_BYTES = len(content)
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert (response.status_code, response.json()) == (200, {"totalRows": 40, "invalidRows": []})


def test_default_size_limit_is_20_mb(manager_client, reference_data):
    content = csv_bytes([movie_row(overview="x" * (20 * 1024 * 1024))])
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert_refused(response, 413, "The file is too large: the limit is 20 MB")


class _Unreadable:
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_oversized_upload_is_refused_before_its_body_is_read(manager_client):
    response = manager_client.generic(
        "POST",
        VALIDATE_URL,
        b"x",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(1024**3),
        **{"wsgi.input": _Unreadable()},
    )
    assert response.status_code == 413
    assert response.json()["message"] == "The file is too large: the limit is 20 MB"


def test_oversized_csv_body_is_refused_before_it_is_read(manager_client):
    response = manager_client.generic(
        "POST",
        VALIDATE_URL,
        b"x",
        content_type="text/csv",
        CONTENT_LENGTH=str(1024**3),
        **{"wsgi.input": _Unreadable()},
    )
    assert response.status_code == 413
    assert response.json() == {
        "status": "error",
        "message": "The file is too large: the limit is 20 MB",
    }


def test_broken_multipart_body_is_refused(manager_client):
    response = manager_client.generic(
        "POST", VALIDATE_URL, b"--b\r\nnonsense", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Malformed multipart/form-data request",
    }


@ROUTES
def test_more_rows_than_the_row_limit_are_refused(manager_client, reference_data, settings, url):
    settings.REELFAKE_UPLOAD_MAX_ROWS = 3
    response = post_csv(manager_client, url, csv_bytes(numbered_rows(4)))
    assert_refused(
        response, 400, "The CSV file has more than 3 data rows; split it into smaller files"
    )


def test_rows_up_to_the_row_limit_are_accepted(manager_client, reference_data, settings):
    settings.REELFAKE_UPLOAD_MAX_ROWS = 3
    response = post_csv(manager_client, VALIDATE_URL, csv_bytes(numbered_rows(3)))
    assert response.json() == {"totalRows": 3, "invalidRows": []}


def test_100000_rows_are_validated(manager_client, reference_data):
    content = csv_bytes(numbered_rows(100_000, overview="", poster_url=""))
    assert len(content) < 20 * 1024 * 1024
    response = post_csv(manager_client, VALIDATE_URL, content)
    assert response.status_code == 200
    assert response.json() == {"totalRows": 100_000, "invalidRows": []}


def test_chunked_multipart_upload_needs_a_content_length(manager_client):
    response = manager_client.generic(
        "POST",
        VALIDATE_URL,
        b"--b\r\n",
        content_type="multipart/form-data; boundary=b",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert response.json() == {
        "status": "error",
        "message": "A multipart/form-data upload needs a Content-Length header",
    }
