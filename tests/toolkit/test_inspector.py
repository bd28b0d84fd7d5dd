"""The request inspector: what is recorded, masked and diagnosed, and who may read it
(docs/toolkit.md "Request inspector")."""

import datetime
import json

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

import toolkit.middleware
import toolkit.services
from tests.conftest import error
from tests.factories import PASSWORD, CustomerFactory, MovieFactory
from toolkit.models import RequestRecord
from toolkit.recording import mask_text

pytestmark = pytest.mark.django_db

URL = "/api/_inspector/requests"
FOREIGN = "https://evil.example"


def only_record():
    (record,) = RequestRecord.objects.all()
    return record


def codes(record):
    return [found["code"] for found in record.diagnoses]


def test_a_request_is_recorded_with_its_path_status_and_duration(anon_client, local_reset):
    anon_client.get("/api/genres?sort=name")
    record = only_record()
    assert (record.method, record.path, record.status) == ("GET", "/api/genres?sort=name", 200)
    assert record.duration_ms >= 0
    assert (record.origin, record.credentials, record.cors) == (None, "none", "none")
    assert record.diagnoses == []


def test_nothing_is_recorded_where_the_inspector_is_not_allowed(anon_client, settings):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    anon_client.get("/api/genres")
    assert not RequestRecord.objects.exists()


def test_the_inspectors_own_requests_are_not_recorded(anon_client, local_reset):
    anon_client.get(URL)
    anon_client.get("/inspector")
    assert not RequestRecord.objects.exists()


def test_only_the_newest_records_are_kept(anon_client, local_reset, monkeypatch):
    monkeypatch.setattr(toolkit.middleware, "RECORDS_KEPT", 3)
    monkeypatch.setattr(toolkit.services, "TRIM_EVERY", 1)
    for page in range(5):
        anon_client.get(f"/api/genres?n={page}")
    paths = list(RequestRecord.objects.values_list("path", flat=True))
    assert paths == ["/api/genres?n=4", "/api/genres?n=3", "/api/genres?n=2"]


def test_old_records_are_dropped_at_every_nth_record_only(anon_client, local_reset, monkeypatch):
    monkeypatch.setattr(toolkit.middleware, "RECORDS_KEPT", 3)
    monkeypatch.setattr(toolkit.services, "TRIM_EVERY", 4)
    for page in range(8):
        anon_client.get(f"/api/genres?n={page}")
    recorded = sorted(RequestRecord.objects.values_list("id", flat=True))
    last_trim = max(i for i in range(recorded[-1] - 7, recorded[-1] + 1) if i % 4 == 0)
    # The 4th record dropped those 3 older than itself; the others dropped nothing.
    assert recorded == list(range(last_trim - 2, recorded[-1] + 1))


def test_list_answers_the_records_newest_first(anon_client, local_reset):
    anon_client.get("/api/genres")
    anon_client.get("/api/nope")
    response = anon_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["length"] == 2
    assert [(item["path"], item["status"]) for item in body["items"]] == [
        ("/api/nope", 404),
        ("/api/genres", 200),
    ]
    assert set(body["items"][0]) == {
        "id",
        "at",
        "method",
        "path",
        "status",
        "durationMs",
        "origin",
        "credentials",
        "cors",
        "requestContentType",
        "requestBody",
        "responseBody",
        "diagnoses",
        "requestId",
    }


def test_list_filters_by_status(anon_client, local_reset):
    anon_client.get("/api/genres")
    anon_client.get("/api/nope")
    items = anon_client.get(URL, {"status": 404}).json()["items"]
    assert [item["path"] for item in items] == ["/api/nope"]


def test_list_filters_by_path_prefix(anon_client, local_reset):
    anon_client.get("/api/genres")
    anon_client.get("/api/countries")
    items = anon_client.get(URL, {"path": "/api/count"}).json()["items"]
    assert [item["path"] for item in items] == ["/api/countries"]


def test_list_filters_by_since(anon_client, local_reset):
    anon_client.get("/api/genres")
    RequestRecord.objects.update(at=timezone.now() - datetime.timedelta(hours=1))
    anon_client.get("/api/countries")
    since = (timezone.now() - datetime.timedelta(minutes=5)).isoformat()
    items = anon_client.get(URL, {"since": since}).json()["items"]
    assert [item["path"] for item in items] == ["/api/countries"]


def test_list_caps_the_number_of_records(anon_client, local_reset):
    for _ in range(3):
        anon_client.get("/api/genres")
    assert anon_client.get(URL, {"limit": 2}).json()["length"] == 2


@pytest.mark.parametrize(
    "query, message",
    [
        ({"status": "abc"}, "A valid integer is required."),
        ({"since": "yesterday"}, "Datetime has wrong format."),
        ({"limit": 501}, "Ensure this value is less than or equal to 500."),
    ],
)
def test_bad_filters_answer_400(anon_client, local_reset, query, message):
    response = anon_client.get(URL, query)
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)


def test_inspector_is_404_where_the_local_reset_is_not_allowed(anon_client, settings):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    response = anon_client.get(URL)
    assert response.status_code == 404
    assert response.json() == error(
        "The request inspector exists only in a sandbox, or on a server without sandboxes that "
        "allows the local reset (DEBUG or REELFAKE_RESET)"
    )


def test_main_world_inspector_is_403_on_a_server_with_sandboxes(anon_client, local_reset):
    local_reset.REELFAKE_SANDBOXES = True
    anon_client.get("/api/genres")
    response = anon_client.get(URL)
    assert response.status_code == 403
    assert response.json() == error(
        "The main world's inspector would show other people's requests: create a sandbox and "
        'open its inspector (docs/toolkit.md "Request inspector")'
    )
    assert not RequestRecord.objects.exists()


def test_cookie_credentials_are_named_never_shown(customer_client, local_reset):
    token = customer_client.cookies["auth_token"].value
    customer_client.get("/api/auth/me")
    record = only_record()
    assert record.credentials == "cookie"
    assert token not in json.dumps(list(RequestRecord.objects.values()), default=str)


def test_bearer_credentials_are_named(anon_client, local_reset):
    anon_client.get("/api/genres", headers={"Authorization": "Bearer abc.def.ghi"})
    assert only_record().credentials == "bearer"


def test_allowed_origin_is_recorded_with_its_cors_decision(anon_client, local_reset):
    anon_client.get("/api/genres", headers={"Origin": "http://localhost:3000"})
    record = only_record()
    assert (record.origin, record.cors, record.diagnoses) == (
        "http://localhost:3000",
        "allowed",
        [],
    )


def test_same_origin_is_recorded_as_such(anon_client, local_reset):
    anon_client.get("/api/genres", headers={"Origin": "http://testserver"})
    assert only_record().cors == "same-origin"


def test_password_in_a_request_body_is_masked(anon_client, local_reset):
    customer = CustomerFactory()
    anon_client.post(
        "/api/auth/login", {"email": customer.email, "password": PASSWORD}, format="json"
    )
    body = json.loads(only_record().request_body)
    assert body == {"email": customer.email, "password": "***"}


def test_tokens_in_text_are_masked():
    text = "password=hunter2&token=abc&name=x eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"
    assert mask_text(text) == "password=***&token=***&name=x ***"


def test_bodies_are_cut_at_4_kb(manager_client, local_reset):
    manager_client.post("/api/genres", {"name": "x" * 10000}, format="json")
    record = RequestRecord.objects.get(method="POST")
    assert record.request_body.startswith('{"name": "xxx')
    assert len(record.request_body) < 4200
    assert record.request_body.endswith("bytes in all)")


def test_diagnosis_no_cookie_after_a_login_that_set_one(anon_client, local_reset):
    customer = CustomerFactory()
    anon_client.post(
        "/api/auth/login", {"email": customer.email, "password": PASSWORD}, format="json"
    )
    anon_client.cookies.clear()  # what fetch() without credentials: 'include' does
    anon_client.get("/api/auth/me")
    record = RequestRecord.objects.first()
    assert (record.path, record.status, codes(record)) == (
        "/api/auth/me",
        401,
        ["no-cookie-after-login"],
    )
    assert "credentials: 'include'" in record.diagnoses[0]["message"]


def test_no_cookie_diagnosis_without_an_earlier_login(anon_client, local_reset):
    anon_client.get("/api/auth/me")
    assert codes(only_record()) == []


def test_diagnosis_origin_not_allowed(anon_client, local_reset):
    anon_client.get("/api/genres", headers={"Origin": FOREIGN})
    record = only_record()
    assert (record.cors, codes(record)) == ("refused", ["origin-not-allowed"])
    assert f"CORS_ALLOWED_ORIGINS={FOREIGN}" in record.diagnoses[0]["message"]


def test_diagnosis_json_sent_as_text_plain(anon_client, local_reset):
    body = json.dumps({"email": "a@example.com", "password": "x"})
    response = anon_client.post("/api/auth/login", body, content_type="text/plain")
    assert response.status_code >= 400
    assert codes(only_record()) == ["json-as-text"]


def test_diagnosis_form_data_instead_of_json(anon_client, local_reset):
    anon_client.post(
        "/api/auth/login",
        "email=a%40example.com&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    record = only_record()
    assert codes(record) == ["form-data"]
    assert record.request_body == "email=a%40example.com&password=***"


def test_diagnosis_tracking_url_opened_without_the_api_base(anon_client, local_reset):
    anon_client.get("/movies/upload/track?job=1", headers={"Accept": "text/event-stream"})
    record = only_record()
    assert (record.status, codes(record)) == (404, ["tracking-url-without-api"])


def test_diagnosis_token_expired(anon_client, local_reset):
    customer = CustomerFactory()
    token = AccessToken()
    token["id"], token["email"], token["role"] = customer.id, customer.email, "customer"
    token.set_exp(from_time=timezone.now() - datetime.timedelta(hours=2))
    anon_client.cookies["auth_token"] = str(token)
    anon_client.get("/api/auth/me")
    record = only_record()
    assert (record.status, codes(record)) == (401, ["token-expired"])
    assert "POST /api/auth/refresh" in record.diagnoses[0]["message"]


def test_no_expiry_diagnosis_for_a_forged_token(anon_client, local_reset):
    token = AccessToken()
    token.set_exp(from_time=timezone.now() - datetime.timedelta(hours=2))
    forged = str(token)[:-4] + "AAAA"
    anon_client.cookies["auth_token"] = forged
    anon_client.get("/api/auth/me")
    assert codes(only_record()) == []


def test_diagnosis_page_past_the_last_page(anon_client, local_reset):
    MovieFactory()
    response = anon_client.get("/api/movies?page=7")
    assert response.status_code == 404
    record = only_record()
    assert codes(record) == ["page-past-last"]
    assert record.diagnoses[0]["message"].startswith("Page 7 is past the last page")


def test_diagnosis_page_past_the_last_page_of_a_lenient_list(anon_client, local_reset):
    response = anon_client.get("/api/addresses?page=3")
    assert response.status_code == 200
    assert codes(only_record()) == ["page-past-last"]


def test_inspector_page_is_served_with_its_policy(anon_client, local_reset):
    response = anon_client.get("/inspector")
    assert response.status_code == 200
    assert b"/static/toolkit/inspector.js" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_inspector_page_is_404_where_not_allowed(anon_client, settings):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    response = anon_client.get("/inspector")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == (
        "The request inspector exists only in a sandbox, or on a server without sandboxes that "
        "allows the local reset (DEBUG or REELFAKE_RESET)"
    )


def test_tokens_in_the_query_string_are_masked(anon_client, local_reset):
    anon_client.get("/api/genres?token=s3cret&sort=name")
    assert only_record().path == "/api/genres?token=***&sort=name"


def test_a_megabyte_query_string_is_recorded_cut_at_the_path_limit(anon_client, local_reset):
    # The masking scan once took minutes on such a path (its key pattern was quadratic).
    anon_client.get("/api/genres", {"q": "a" * 1_000_000})
    record = only_record()
    assert record.path == ("/api/genres?q=" + "a" * 1_000_000)[:2000]


def test_masking_keeps_only_the_shown_part_of_a_long_text():
    masked = mask_text("x" * 50_000 + "password=hunter2", 100)
    assert masked == "x" * 100


def test_a_secret_in_the_kept_part_is_still_masked():
    assert mask_text("a=1&password=hunter2&b=2", 100) == "a=1&password=***&b=2"


def test_a_repeated_filter_answers_400(anon_client, local_reset):
    response = anon_client.get(URL + "?limit=1&limit=2")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Give this filter once.",
        "extra": {"limit": ["Give this filter once."]},
    }


def test_a_limit_in_other_digits_answers_400(anon_client, local_reset):
    response = anon_client.get(URL, {"limit": "٣"})
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "A valid integer is required.",
        "extra": {"limit": ["A valid integer is required."]},
    }


DATETIME_FORMAT_MESSAGE = (
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
)


@pytest.mark.parametrize(
    "query, name, message",
    [
        ({"status": "99"}, "status", "Ensure this value is greater than or equal to 100."),
        ({"status": "600"}, "status", "Ensure this value is less than or equal to 599."),
        ({"status": "٣"}, "status", "A valid integer is required."),
        ({"path": "/" * 2001}, "path", "Ensure this field has no more than 2000 characters."),
        ({"path": " "}, "path", "This field may not be blank."),
        ({"since": "2020-01-01T00:00:00+25:00"}, "since", DATETIME_FORMAT_MESSAGE),
        ({"limit": "0"}, "limit", "Ensure this value is greater than or equal to 1."),
        ({"limit": "1e2"}, "limit", "A valid integer is required."),
    ],
)
def test_each_bad_filter_answers_400_naming_it(anon_client, local_reset, query, name, message):
    response = anon_client.get(URL, query)
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": message, "extra": {name: [message]}}


def test_every_bad_filter_is_named_in_one_answer(anon_client, local_reset):
    response = anon_client.get(URL, {"limit": "abc", "status": "abc"})
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "A valid integer is required.\nA valid integer is required.",
        "extra": {
            "status": ["A valid integer is required."],
            "limit": ["A valid integer is required."],
        },
    }


def test_a_repeated_filter_answers_alone_before_other_bad_values(anon_client, local_reset):
    response = anon_client.get(URL + "?status=abc&limit=1&limit=2")
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Give this filter once.",
        "extra": {"limit": ["Give this filter once."]},
    }


def test_empty_filters_filter_nothing(anon_client, local_reset):
    anon_client.get("/api/genres")
    anon_client.get("/api/nope")
    response = anon_client.get(URL + "?status=&path=&since=&limit=")
    assert response.status_code == 200
    assert [item["path"] for item in response.json()["items"]] == ["/api/nope", "/api/genres"]


def test_list_answers_the_newest_100_records_by_default(anon_client, local_reset):
    anon_client.get("/api/genres")
    record = only_record()
    RequestRecord.objects.bulk_create(
        RequestRecord(**{**model_to_dict(record), "id": None, "path": f"/api/genres?n={n}"})
        for n in range(100)
    )
    items = anon_client.get(URL).json()["items"]
    assert (len(items), items[0]["path"], items[-1]["path"]) == (
        100,
        "/api/genres?n=99",
        "/api/genres?n=0",
    )


@pytest.mark.django_db(transaction=True)
def test_recording_does_not_make_the_connections_later_commits_asynchronous(
    anon_client, local_reset
):
    from django.db import connection

    anon_client.get("/api/genres")
    assert RequestRecord.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
