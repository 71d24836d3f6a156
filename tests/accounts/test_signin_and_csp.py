"""Sign-in: wrong passwords throttled per user name and per address (django-axes); password
reset only with a mail backend. Every page carries a Content-Security-Policy and no inline script."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def sign_in(client, username, password, address="10.1.1.1", **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address,
                       **headers)


def test_wrong_passwords_lock_the_user_name(make_user):
    from tests.accounts.conftest import PASSWORD

    make_user("alice", "artist")
    client = Client()
    for attempt in range(4):
        assert sign_in(client, "alice", "wrong", address=f"10.0.0.{attempt}").status_code == 200
    assert sign_in(client, "alice", "wrong", address="10.0.0.5").status_code == 429  # the fifth locks (LOGIN_FAILURE_LIMIT)
    locked = sign_in(client, "alice", PASSWORD, address="10.9.9.9")  # even the right password, from elsewhere
    assert locked.status_code == 429 and b"Too many wrong passwords" in locked.content
    assert sign_in(Client(), "bob", "x", address="10.9.9.9").status_code == 200  # others are not locked


def test_wrong_passwords_lock_the_address_and_forwarded_for_does_not_help(make_user):
    from tests.accounts.conftest import PASSWORD

    make_user("carol", "viewer")
    client = Client()
    for attempt in range(5):
        sign_in(client, f"guess{attempt}", "wrong", address="10.2.2.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    assert sign_in(client, "carol", PASSWORD, address="10.2.2.2").status_code == 429
    assert sign_in(Client(), "carol", PASSWORD, address="10.3.3.3").status_code == 302  # signed in


def test_password_reset_is_off_without_a_mail_backend(make_user):
    make_user("dave", "viewer")
    assert b"Forgot your password" not in Client().get("/accounts/login/").content
    response = Client().post("/accounts/password_reset/", {"email": "dave@example.org"})
    assert response.status_code == 404 and b"no mail server configured" in response.content


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(make_user, settings, mailoutbox):
    settings.PASSWORD_RESET_ENABLED, settings.PASSWORD_RESET_WAIT_FOR_MAIL = True, True
    make_user("erin", "viewer")
    assert b"Forgot your password" in Client().get("/accounts/login/").content
    known = Client().post("/accounts/password_reset/", {"email": "erin@example.org"})
    unknown = Client().post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (
        302, "/accounts/password_reset/done/")
    assert [m.to for m in mailoutbox] == [["erin@example.org"]]


def directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources}."""
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/upload", "/compare", "/shots", "/accounts/login/", "/admin/",
                                  "/api/v1/health", "/no-such-page"])
def test_every_answer_has_a_content_security_policy(make_user, path):
    client = Client()
    client.force_login(make_user("frank", "admin", is_staff=True))
    response = client.get(path, HTTP_ACCEPT="text/html")
    policy = directives(response["Content-Security-Policy"])  # django-csp does not fix their order
    assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    body = response.content.decode(errors="replace")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path  # no inline script
    assert not re.search(r"\son(click|submit|load|change|error)=", body, re.I), path


def test_no_template_holds_inline_script():
    templates = [p for base in ("templates", "cinematics/templates", "dinov3site") for p in (ROOT / base).rglob("*.html")]
    assert len(templates) > 10
    for template in templates:
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "<style" not in text, template
