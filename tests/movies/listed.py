"""The movies the kept list page tests read (tests/movies/test_kept_movie_pages.py,
test_kept_filtered_movie_pages.py): import `listed_movies` for the fixture `movies`."""

import datetime

import pytest


@pytest.fixture(name="movies")
def listed_movies(make_movie):
    """120 movies (pages 1 and 2 full, page 3 holding 20) released 2010–2021: odd ones Drama
    and Action, even ones Comedy."""
    return [
        make_movie(
            title=f"Movie {n:03}",
            release_date=datetime.date(2010 + n % 12, 1 + n % 12, 1 + n % 28),
            genres_=["Drama", "Action"] if n % 2 else ["Comedy"],
            countries_=["US", "FR"] if n % 3 else [],
            lang="fr" if n % 5 == 0 else "en",
            poster_url=f"/api/images/posters/{n}.svg" if n % 4 else None,
        )
        for n in range(120)
    ]
