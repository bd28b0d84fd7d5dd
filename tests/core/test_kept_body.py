"""A body kept in memory renders to the bytes its plain dict renders to, once
(reelfake/renderers.py KeptBody)."""

import gc
import tracemalloc

from reelfake.renderers import JSONRenderer, KeptBody, RenderedBody, bytes_only

DATA = {"items": [{"id": 1, "name": "Line\u2028break é"}], "length": 1}


def test_a_kept_body_renders_as_its_plain_dict_does():
    assert JSONRenderer().render(KeptBody(DATA)) == JSONRenderer().render(dict(DATA))


def test_a_kept_body_keeps_its_bytes_after_the_first_render():
    body = KeptBody(DATA)
    first = JSONRenderer().render(body)
    assert body.rendered is first
    assert JSONRenderer().render(body) is first


def test_an_indented_render_of_a_kept_body_is_indented():
    body = KeptBody(DATA)
    indented = JSONRenderer().render(body, "application/json; indent=2")
    assert indented.startswith(b'{\n  "items"')
    assert body.rendered is None


def test_a_body_kept_as_bytes_only_holds_its_bytes_and_no_items():
    body = bytes_only(KeptBody(DATA))
    assert (dict(body), body.rendered) == ({}, JSONRenderer().render(dict(DATA)))


def test_a_body_kept_as_bytes_only_renders_its_kept_bytes():
    body = bytes_only(KeptBody(DATA))
    assert JSONRenderer().render(body) is body.rendered


def test_an_indented_render_of_a_body_kept_as_bytes_only_is_its_dicts():
    body = bytes_only(RenderedBody(DATA))
    indented = JSONRenderer().render(body, "application/json; indent=2")
    assert indented == JSONRenderer().render(dict(DATA), "application/json; indent=2")


def test_a_body_kept_as_bytes_only_holds_about_its_length_in_memory():
    page = {"items": [{"id": n, "title": f"Movie {n:03}" * 5} for n in range(200)]}
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        body = bytes_only(KeptBody(page))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(body.rendered) <= held < len(body.rendered) + 2000
