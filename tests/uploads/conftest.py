"""Fixtures and helpers for the upload tests: the reference data the CSV rows name, CSV
builders, and a reader for Server-Sent Events."""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from movies.models import Genre, MovieLanguage
from places.models import Country
from reelfake.db.seeding.reference import GENRES, countries, languages
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, MovieFactory, make_store_manager
from uploads.csvfile import COLUMNS

VALIDATE_URL = "/api/movies/upload/validate"
UPLOAD_URL = "/api/movies/upload"
TRACK_VALIDATION_URL = "/api/movies/upload/track_validation"
TRACK_UPLOAD_URL = "/api/movies/upload/track"


@functools.cache
def _reference_lists():
    return languages(), countries()


def create_reference_data() -> None:
    """The 19 genres in TMDB order, every language and every country, as the seed has them."""
    language_rows, country_rows = _reference_lists()
    Genre.objects.bulk_create(Genre(genre_name=name) for name in GENRES)
    # Countries made up by the factories (for addresses) may already hold a real code.
    MovieLanguage.objects.bulk_create(
        (MovieLanguage(iso_language_code=code, language_name=name) for code, name in language_rows),
        ignore_conflicts=True,
    )
    Country.objects.bulk_create(
        (Country(iso_country_code=code, country_name=name) for code, name in country_rows),
        ignore_conflicts=True,
    )


@pytest.fixture
def reference_data(store_manager):
    # After the store manager: its address's made-up country must exist first (see above).
    create_reference_data()


@pytest.fixture
def other_manager_client(store_manager):
    """A second store manager. Request it before `reference_data` (its address's made-up
    country must exist before the real ones are loaded)."""
    return logged_in_client(make_store_manager().email, PASSWORD)


def genre_id(name: str) -> int:
    return Genre.objects.get(genre_name=name).id


def country_id(code: str) -> int:
    return Country.objects.get(iso_country_code=code.upper()).id


def language_id(code: str) -> int:
    return MovieLanguage.objects.get(iso_language_code=code.lower()).id


def existing_movie(**fields):
    """A movie already in the catalog (in English, so no new language is made up)."""
    fields.setdefault("language", MovieLanguage.objects.get(iso_language_code="en"))
    return MovieFactory(**fields)


def movie_row(**overrides) -> dict:
    """A valid CSV row; keyword arguments replace cells."""
    row = {
        "tmdb_id": "658224",
        "imdb_id": "tt24218194",
        "title": "The Wizard of the Emerald City, Part I",
        "original_title": "Volshebnik Izumrudnogo Goroda",
        "overview": "Ellie lives in a distant city.",
        "runtime": "104",
        "release_date": "2025-01-01",
        "genres": "['drama','fantasy']",
        "countries_of_origin": "['ru']",
        "language": "ru",
        "movie_status": "Released",
        "popularity": "5",
        "budget": "9100000",
        "revenue": "41418925",
        "rating_average": "7.45",
        "rating_count": "67",
        "poster_url": "https://image.tmdb.org/t/p/w500/f3aj5s4rOqjMrtYKoNfRy9uJy5p.jpg",
        "rental_rate": "20.00",
    }
    row.update(overrides)
    return row


def numbered_rows(count: int, start: int = 1, **overrides) -> list[dict]:
    """`count` valid rows with distinct ids (tmdb 1000000+n, imdb tt9000000+n)."""
    return [
        movie_row(
            **{
                "tmdb_id": str(1_000_000 + n),
                "imdb_id": f"tt{9_000_000 + n}",
                "title": f"Movie {n}",
                "original_title": f"Movie {n}",
                **overrides,
            }
        )
        for n in range(start, start + count)
    ]


def csv_bytes(rows: list[dict], *, columns=COLUMNS, line_end: str = "\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode()


# Our own stand-ins for the reference's two sample files (same columns, 30 movies, quoted
# cells with commas, quotes and line breaks); the errors file breaks rows 2-5 the same way.
SAMPLE_ERRORS = {
    2: {"tmdb_id": "should_be_number"},
    3: {"genres": "['adventure','fantasy','unknown_genre']"},
    4: {"tmdb_id": "invalid_tmdb_id"},
    5: {"countries_of_origin": "['mx','zz']"},
}


def _sample_rows() -> list[dict]:
    rows = numbered_rows(30)
    for n, row in enumerate(rows, start=1):
        row["title"] = f"Sample Feature {n}, Part {n % 3 + 1}"
        row["overview"] = (
            f'Story {n}: a "found family" drifts, meets rivals, and\nfinds home.' if n % 2 else ""
        )
        row["imdb_id"] = row["imdb_id"] if n % 4 else ""
        row["countries_of_origin"] = ["['ru']", "['br','pt']", "['au']"][n % 3]
        row["genres"] = ["['drama','fantasy']", "['horror']", "['science_fiction','war']"][n % 3]
    return rows


def sample_file(name: str) -> bytes:
    rows = _sample_rows()
    if name == "movies_upload_sample_errors.csv":
        for row_number, cells in SAMPLE_ERRORS.items():
            rows[row_number - 1].update(cells)
    elif name != "movies_upload_sample.csv":
        raise ValueError(name)
    return csv_bytes(rows)


def post_csv(client, url: str, content: bytes, *, name: str = "movies.csv", field_name="file"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(url, {field_name: upload}, format="multipart")


@dataclass
class EventStream:
    """A parsed text/event-stream body."""

    events: list[tuple[int | None, dict]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    retry: int | None = None

    @property
    def data(self) -> list[dict]:
        return [data for _, data in self.events]

    @property
    def ids(self) -> list[int | None]:
        return [event_id for event_id, _ in self.events]


def parse_sse(text: str) -> EventStream:
    stream = EventStream()
    for block in text.split("\n\n"):
        if not block:
            continue
        event_id, data = None, None
        for line in block.split("\n"):
            if line.startswith(":"):
                stream.comments.append(line[1:].strip())
            elif line.startswith("retry: "):
                stream.retry = int(line[len("retry: ") :])
            elif line.startswith("id: "):
                event_id = int(line[len("id: ") :])
            elif line.startswith("data: "):
                data = json.loads(line[len("data: ") :])
        if data is not None:
            stream.events.append((event_id, data))
    return stream


def read_stream(response) -> EventStream:
    return parse_sse(b"".join(response.streaming_content).decode())
