"""docker-compose.yml and deploy/nginx/ agree (docker is not run by the suite; the template
itself is served by tests/core/test_proxy.py)."""

import re
from pathlib import Path

import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)


def compose_services() -> dict:
    return yaml.safe_load((BASE / "docker-compose.yml").read_text())["services"]


def test_compose_sets_every_variable_of_the_nginx_template():
    template = (BASE / "deploy" / "nginx" / "reelfake.conf.template").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in template.splitlines())
    variables = set(re.findall(r"\$\{([A-Z_]+)\}", code))
    assert variables == set(compose_services()["nginx"]["environment"])


def test_compose_mounts_the_template_where_the_nginx_image_renders_it():
    volumes = compose_services()["nginx"]["volumes"]
    assert volumes == [
        "./deploy/nginx/reelfake.conf.template:/etc/nginx/templates/default.conf.template:ro"
    ]


def test_compose_publishes_nginx_only_and_tells_the_api_it_is_behind_one_proxy():
    services = compose_services()
    published = {name for name, service in services.items() if "ports" in service}
    upstream_host, _, upstream_port = services["nginx"]["environment"][
        "REELFAKE_UPSTREAM"
    ].partition(":")
    assert published == {"nginx"}
    assert (upstream_host, upstream_port) == ("api", "8000")
    assert services["api"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
