"""Upload tracking streams through nginx (deploy/nginx/reelfake.conf.template): the proxy
buffers responses, except event streams, which it passes on event by event."""

import pytest

from movies.models import Movie
from tests.factories import PASSWORD
from tests.live import Client, Proxy, Server, free_port
from tests.uploads.conftest import csv_bytes, numbered_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def proxy(django_db_setup):
    upstream = Server(free_port(), env={"TRUSTED_PROXY_COUNT": "1"}).start()
    nginx = Proxy(upstream, free_port())
    try:
        yield nginx.start()
    finally:
        nginx.stop()
        upstream.stop()


def test_upload_events_pass_through_the_proxy_before_the_upload_ends(
    proxy, store_manager, reference_data
):
    client = Client(proxy).login(store_manager.email, PASSWORD)
    status, body = client.post_csv(
        "/api/movies/upload?enable_tracking&delay_event_ms=500", csv_bytes(numbered_rows(5))
    )
    assert status == 202, body
    stream = client.open_stream("/api" + body["trackingUrl"])
    try:
        event_id, _ = stream.next_event()
        # The stream inserts a row per event, 500 ms apart: a proxy that held the response
        # back until its end would deliver the first event after the fifth insert.
        inserted = Movie.objects.count()
        assert (event_id, stream.headers["Content-Type"]) == (
            1,
            "text/event-stream; charset=utf-8",
        )
        assert inserted < 5
    finally:
        stream.close()
