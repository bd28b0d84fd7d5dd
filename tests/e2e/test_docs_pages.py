"""The documentation viewers render in a browser with every request answered."""

import pytest


def open_page(browser, url: str, ready_selector: str):
    context = browser.new_context()
    page = context.new_page()
    failures = []
    page.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    page.on(
        "response",
        lambda response: (
            failures.append((response.url, response.status)) if response.status >= 400 else None
        ),
    )
    page.on("pageerror", lambda error: failures.append(("pageerror", str(error))))
    # A resource or script the page's Content-Security-Policy refused (docs/security.md).
    page.on(
        "console",
        lambda message: (
            failures.append(("console", message.text))
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(ready_selector, timeout=30_000)
    context.close()
    return failures


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_every_route_group_with_no_failed_request(browser, api_base):
    failures = open_page(browser, f"{api_base}/api/docs", ".swagger-ui .opblock-tag")
    assert failures == []


@pytest.mark.django_db(transaction=True)
def test_redoc_renders_with_no_failed_request(browser, api_base):
    failures = open_page(browser, f"{api_base}/api/redocs", "h1:has-text('Reelfake API')")
    assert failures == []


@pytest.mark.django_db(transaction=True)
def test_admin_sign_in_page_renders_with_no_failed_request(browser, api_base):
    failures = open_page(browser, f"{api_base}/admin/login/", "#id_username")
    assert failures == []
