"""What `make test` checks besides the tests (Makefile, pyproject.toml): models and
migrations agree, and the Makefile declares no target it does not define."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

MAKEFILE = Path(settings.BASE_DIR) / "Makefile"


@pytest.mark.django_db
def test_models_have_no_migration_left_to_write():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"makemigrations would write migrations:\n{out.getvalue()}")


def test_every_phony_makefile_target_has_a_rule():
    text = MAKEFILE.read_text()
    phony = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE).group(1).split()
    defined = set(re.findall(r"^([\w.-]+):", text, re.MULTILINE))
    assert sorted(set(phony) - defined) == []
