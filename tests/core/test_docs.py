"""The OpenAPI schema and the documentation viewers, served without internet access."""

import json
import mimetypes

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_yaml_listing_the_routes(anon_client):
    response = anon_client.get("/openapi")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/genres", "/api/cities", "/api/countries", "/api/movie_languages"} <= set(
        schema["paths"]
    )


def test_openapi_json_variant(anon_client):
    response = anon_client.get("/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Reelfake API"


def test_swagger_ui_page_uses_local_assets(anon_client):
    response = anon_client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr.net" not in html


def test_redoc_page_uses_local_assets(anon_client):
    response = anon_client.get("/api/redocs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "redoc" in html.lower()
    assert "cdn.jsdelivr.net" not in html


def test_swagger_ui_assets_are_served(anon_client):
    html = anon_client.get("/api/docs").content.decode()
    start = html.index("/static/drf_spectacular_sidecar/swagger-ui-dist/")
    asset = html[start : html.index('"', start)]
    response = anon_client.get(asset)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(mimetypes.guess_type(asset)[0])
    assert b"".join(response.streaming_content if response.streaming else [response.content])
