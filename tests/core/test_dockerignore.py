"""Local secrets and state stay out of container images: .dockerignore excludes them
(docs/security.md "Images")."""

from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings


def excluded(path: str) -> bool:
    """Docker's rule, enough for these paths: a pattern excludes what it matches and, when it
    matches a folder, everything inside; a later `!pattern` includes it again."""
    lines = Path(settings.BASE_DIR, ".dockerignore").read_text().splitlines()
    result = False
    for line in (line.strip() for line in lines):
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        if any(fnmatch(prefix, pattern) for prefix in prefixes):
            result = not negated
    return result


@pytest.mark.parametrize(
    "path",
    [".env", ".env.local", ".env.production", ".pgdata/PG_VERSION", ".venv/bin/python"],
)
def test_local_secrets_and_state_stay_out_of_images(path):
    assert excluded(path)


@pytest.mark.parametrize("path", ["manage.py", "reelfake/settings.py", "requirements.txt"])
def test_the_code_goes_into_images(path):
    assert not excluded(path)
