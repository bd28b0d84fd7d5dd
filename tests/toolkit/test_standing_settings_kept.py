"""Standing settings kept with the reference lists while the process listens to their
channel, dropped when a change notifies (toolkit/selectors.py, docs/toolkit.md "Standing
settings")."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from tests.reference import arrived, reference_cache  # noqa: F401 (a fixture)
from toolkit.middleware import FailureMiddleware
from toolkit.models import StandingSettings
from toolkit.services import standing_settings_set

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_cache")]

FAIL_ALWAYS = {"fail_rate": 1.0, "fail_statuses": [503], "latency": None, "routes": ["/api/*"]}
FAIL_NEVER = {"fail_rate": 0.0, "fail_statuses": [], "latency": None, "routes": ["/api/*"]}


def served(request):
    return HttpResponse("served")


def status_of_a_catalog_request() -> int:
    return FailureMiddleware(served)(RequestFactory().get("/api/genres")).status_code


def set_and_wait(**values) -> None:
    """Change the settings through the service and wait for its notification to arrive."""
    standing_settings_set(**values)
    arrived()


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError(f"unexpected query: {sql}")


def test_kept_standing_settings_are_applied_without_a_query(local_reset):
    local_reset.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 0  # not the fallback's cache
    set_and_wait(**FAIL_ALWAYS)
    status_of_a_catalog_request()  # read and kept
    with connection.execute_wrapper(_refuse_queries):
        assert status_of_a_catalog_request() == 503


def test_a_change_notified_by_another_process_applies_to_the_next_request(local_reset):
    set_and_wait(**FAIL_ALWAYS)
    assert status_of_a_catalog_request() == 503
    # The service notifies; nothing in this process forgets the kept settings by itself.
    set_and_wait(**FAIL_NEVER)
    assert status_of_a_catalog_request() == 200


def test_inside_a_transaction_a_change_not_yet_committed_applies_not_the_kept_settings(
    local_reset,
):
    local_reset.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 0  # not the fallback's cache
    set_and_wait(**FAIL_NEVER)
    assert status_of_a_catalog_request() == 200  # read and kept
    with transaction.atomic():
        # Written without the service: nothing forgets or notifies before the commit.
        StandingSettings.objects.filter(pk=StandingSettings.ROW_ID).update(
            fail_rate=1.0, fail_statuses=[503]
        )
        assert status_of_a_catalog_request() == 503
        transaction.set_rollback(True)
