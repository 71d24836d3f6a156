"""Pages ask the same helper as the API: `ActionRequiredMixin` refuses a page whose action the
actor's role does not include (403, with the reason)."""
from __future__ import annotations

from django.shortcuts import render

from .actors import actor_of


def forbidden_page(request, message: str):
    return render(request, "403.html", {"message": message}, status=403)


class ActionRequiredMixin:
    action: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.action and not actor_of(request).can(self.action):
            return forbidden_page(request, f"Your role does not allow this page (it needs “{self.action}”).")
        return super().dispatch(request, *args, **kwargs)
