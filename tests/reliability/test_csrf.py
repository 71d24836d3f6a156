"""Browser sessions need a CSRF token for every unsafe request; API keys do not (no cookies).

Covers the admin's login form and the API under a logged-in session (what the web UI's forms
use); web pages added later inherit Django's CsrfViewMiddleware from the same settings.
"""
import pytest
from django.contrib.auth.models import User
from django.test import Client

from dinov3site.accounts.auth import api_key_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    User.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client = Client(enforce_csrf_checks=True)
    return client


def test_the_login_form_rejects_a_post_without_its_token(browser):
    response = browser.post("/admin/login/", {"username": "editor", "password": "a-long-password-1"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


def test_the_login_form_accepts_the_token_it_issued(browser):
    page = browser.get("/admin/login/")
    token = page.cookies["csrftoken"].value
    response = browser.post("/admin/login/", {"username": "editor", "password": "a-long-password-1",
                                              "csrfmiddlewaretoken": token, "next": "/admin/"})
    assert response.status_code == 302 and "_auth_user_id" in browser.session


def test_session_requests_to_the_api_need_the_token(browser, settings):
    settings.API_AUTH_REQUIRED = True
    browser.login(username="editor", password="a-long-password-1")

    refused = browser.put("/api/v1/config/similarity-threshold", {"threshold": 0.8}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "FORBIDDEN" and "CSRF" in refused.json()["error"]["message"]
    assert browser.get("/api/v1/config").status_code == 200  # safe methods need no token

    browser.get("/admin/")  # a page with a form (logout) sets the token cookie
    token = browser.cookies["csrftoken"]
    accepted = browser.put("/api/v1/config/similarity-threshold", {"threshold": 0.8},
                           content_type="application/json", HTTP_X_CSRFTOKEN=token.value)
    assert accepted.status_code == 200, accepted.content


def test_api_key_requests_need_no_token(settings):
    settings.API_AUTH_REQUIRED = True
    _, raw = api_key_create(name="pipeline", scopes=["read", "write", "admin"])
    client = Client(enforce_csrf_checks=True)
    response = client.put("/api/v1/config/similarity-threshold", {"threshold": 0.8}, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 200


def test_every_admin_form_rejects_a_post_without_the_token(browser):
    """Every model registered in the admin (API keys, the shot library, users...)."""
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    browser.login(username="editor", password="a-long-password-1")
    walked = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        try:
            url = reverse(f"{prefix}_add")
        except NoReverseMatch:  # read-only in the admin: its list page still posts actions
            url = reverse(f"{prefix}_changelist")
        response = browser.post(url, {"name": "forged"})
        assert response.status_code == 403, (url, response.status_code)
        walked.append(url)
    assert len(walked) >= 4


def test_every_web_page_refuses_a_post_without_the_token(browser):
    """Every page of the web UI (upload, delete, compare, character check, shots...), signed in,
    and the sign-in form itself: none is exempt from the CSRF check."""
    import re

    from dinov3site.web_urls import pages

    walked = ["/accounts/login/"]
    assert browser.post("/accounts/login/", {"username": "editor", "password": "a-long-password-1"}).status_code == 403
    browser.login(username="editor", password="a-long-password-1")
    for pattern in pages:
        url = "/" + re.sub(r"<[^>]+>", "00000000-0000-4000-8000-000000000000", str(pattern.pattern))
        response = browser.post(url, {"tags": "x"})
        assert response.status_code == 403, (url, response.status_code)
        walked.append(url)
    assert len(walked) >= 8
