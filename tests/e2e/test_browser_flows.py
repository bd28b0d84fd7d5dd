"""The README's browser flows, run as written in Chromium from a page on another origin
(http://localhost:3000 → the API on :8000): real CORS, real cookies, real EventSource."""

import pytest

from movies.models import Movie
from tests.factories import make_store_manager
from tests.uploads.conftest import create_reference_data, sample_file

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Browser-pass-1"


@pytest.fixture
def manager():
    manager = make_store_manager()
    create_reference_data()
    return manager


def log_in(page, manager) -> dict:
    return page.evaluate(
        """async ([id, password]) => {
            const reset = await setStaffPassword(id, password);
            return await login(reset.email, password);
        }""",
        [manager.id, PASSWORD],
    )


def test_forgot_password_sets_a_password_the_login_accepts(client_page, manager):
    result = client_page.evaluate(
        """async ([id, password]) => {
            const reset = await setStaffPassword(id, password);
            const profile = await login(reset.email, password);
            return { reset, profile };
        }""",
        [manager.id, PASSWORD],
    )
    assert result["reset"] == {"id": manager.id, "email": manager.email}
    assert (result["profile"]["id"], result["profile"]["isStoreManager"]) == (manager.id, True)
    assert client_page.errors == []


def test_login_with_credentials_include_keeps_the_cookie_for_the_api(client_page, manager):
    log_in(client_page, manager)
    me = client_page.evaluate(
        """async () => {
            const response = await fetch(`${API}/auth/me`, { credentials: 'include' });
            return { status: response.status, body: await response.json() };
        }"""
    )
    assert me["status"] == 200
    assert me["body"]["email"] == manager.email
    cookies = client_page.context.cookies()
    assert [
        (c["name"], c["httpOnly"], c["secure"]) for c in cookies if c["name"] == "auth_token"
    ] == [("auth_token", True, True)]


def test_add_a_movie_and_read_it_back(client_page, manager):
    log_in(client_page, manager)
    result = client_page.evaluate(
        """async () => {
            const created = await addMovie(movie);
            const response = await fetch(`${API}/movies/${created.id}`);
            return { created, readStatus: response.status, read: await response.json() };
        }"""
    )
    created = result["created"]
    assert (created["title"], created["genres"]) == ("The Last Reel", ["Drama", "Science Fiction"])
    assert result["readStatus"] == 200
    assert result["read"] == created
    assert Movie.objects.get(id=created["id"]).tmdb_id == 990001


def test_add_a_movie_with_actors_and_read_the_cast_back(client_page, manager):
    log_in(client_page, manager)
    result = client_page.evaluate(
        """async () => {
            const created = await addMovie(movieWithActors);
            const response = await fetch(`${API}/movies/${created.id}?include_actors=true`);
            return { created, read: await response.json() };
        }"""
    )
    cast = [(a["actorName"], a["characterName"], a["castOrder"]) for a in result["read"]["actors"]]
    assert cast == [("Ada Lane", "The Projectionist", 0), ("Ben Okafor", "The Collector", 1)]
    assert result["created"]["title"] == "The Last Reel II"


def test_upload_validation_tracked_with_event_source(client_page, manager):
    log_in(client_page, manager)
    result = client_page.evaluate(
        """async (csv) => {
            const events = [];
            const file = new File([csv], 'movies.csv', { type: 'text/csv' });
            const summary = await validateCsv(file, (event) => events.push(event));
            return { events, summary };
        }""",
        sample_file("movies_upload_sample_errors.csv").decode(),
    )
    rows = result["events"][:-1]
    assert [event["rowNumber"] for event in rows] == list(range(1, 31))
    assert [event["rowNumber"] for event in rows if not event["isValid"]] == [2, 3, 4, 5]
    assert rows[1]["reasons"] == ["(tmdbId: should_be_number) The tmdb_id is not a number"]
    assert (
        result["summary"]
        == result["events"][-1]
        == {
            "status": "done",
            "totalRows": 30,
            "processedRowsCount": 30,
            "validRowsCount": 26,
            "invalidRowsCount": 4,
        }
    )
    assert Movie.objects.count() == 0
    assert client_page.errors == []


def test_upload_tracked_with_event_source_inserts_the_valid_rows(client_page, manager):
    log_in(client_page, manager)
    result = client_page.evaluate(
        """async (csv) => {
            const events = [];
            const file = new File([csv], 'movies.csv', { type: 'text/csv' });
            const summary = await uploadCsv(file, (event) => events.push(event));
            return { events, summary };
        }""",
        sample_file("movies_upload_sample_errors.csv").decode(),
    )
    successes = [e["id"] for e in result["events"] if e.get("outcome") == "success"]
    assert result["summary"] == {
        "status": "done",
        "totalRows": 30,
        "successRowsCount": 26,
        "failedRowsCount": 4,
    }
    assert sorted(successes) == sorted(Movie.objects.values_list("id", flat=True))


def test_tracking_without_a_login_is_refused_before_the_stream(client_page, manager):
    error = client_page.evaluate(
        """async () => {
            try { await trackJob('/movies/upload/track_validation', () => {}); }
            catch (error) { return error.message; }
        }"""
    )
    assert error == "Tracking failed"
