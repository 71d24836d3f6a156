"""Sign-in hardening: django-axes counts wrong passwords per user name and per address, and
password reset exists only when the service can send mail.

Reset mails are sent from a background thread, so the answer takes as long whether or not the
address belongs to an account (Django sends synchronously, only for known addresses: its
timing told which addresses exist). Without a mail backend (no EMAIL_HOST) the reset pages
answer that an administrator resets passwords, rather than pretending a mail went out.
"""
from __future__ import annotations

import logging
import threading

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render

logger = logging.getLogger(__name__)


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' check for every sign-in that comes with a request (the login page, the admin).
    A call without one is in-process code (a shell, a test client), never a guess over HTTP."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str | None:
    """The socket's address, or behind NUM_PROXIES trusted proxies the address they saw (as DRF's
    throttles do): a client cannot dodge the per-address count by sending X-Forwarded-For."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR")


def password_reset_enabled() -> bool:
    return bool(settings.PASSWORD_RESET_ENABLED)


class BackgroundResetForm(PasswordResetForm):
    def send_mail(self, *args, **kwargs):
        parent = super()

        def send():
            try:
                parent.send_mail(*args, **kwargs)
            except Exception:  # noqa: BLE001 - a mail server down must not show in the answer
                logger.exception("The password reset mail could not be sent")

        thread = threading.Thread(target=send, name="password-reset-mail", daemon=True)
        thread.start()
        if settings.PASSWORD_RESET_WAIT_FOR_MAIL:  # tests read the outbox right after the answer
            thread.join()


def _reset_off(request, *args, **kwargs):
    return render(request, "registration/password_reset_off.html", status=404)


def reset_view(view):
    """The view when a mail backend is configured, else the page saying how to get a new password."""
    def dispatch(request, *args, **kwargs):
        return view(request, *args, **kwargs) if password_reset_enabled() else _reset_off(request)
    return dispatch


password_reset = reset_view(auth_views.PasswordResetView.as_view(form_class=BackgroundResetForm))
password_reset_done = reset_view(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = reset_view(auth_views.PasswordResetConfirmView.as_view())
password_reset_complete = reset_view(auth_views.PasswordResetCompleteView.as_view())
