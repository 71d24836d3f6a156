"""The one permission helper: API views, pages, the admin and services ask `can` (on an actor,
see actors.py) or `require`, which answers FORBIDDEN (403, in the error envelope)."""
from __future__ import annotations

from core.errors import ApplicationError

from .actors import Actor, actor_for, actor_of, admin_actor, can_read_owned, roles_enforced  # noqa: F401
from .roles import EDIT


class Forbidden(ApplicationError):
    code, http_status = "FORBIDDEN", 403


def require(actor: Actor, action: str, *, owner: str | None = None, what: str = "") -> None:
    """Raise FORBIDDEN unless `actor` may do `action` (on something `owner` created)."""
    if actor.can(action, owner=owner):
        return
    doing = f" {what}" if what else ""
    raise Forbidden(f"Your role does not allow this{doing}.",
                    details={"action": action, "actor": actor.name, "owner": owner} if owner is not None or action == EDIT
                    else {"action": action, "actor": actor.name})
