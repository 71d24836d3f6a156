"""Who acts: a signed-in user, a user's API key (its scopes narrow the user's role), a pipeline
key (its scopes are its role), or the anonymous caller of an open service.

With API keys switched off (API_AUTH_REQUIRED=false, the embedded default) the API answers
anyone, so roles cannot be enforced against anyone: every actor may do everything, as before
roles existed. With keys required (production), every request is checked against its actor's
role. The admin always checks (Django's admin always did). This module imports nothing of the
API layer, so the API's authentication can use it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from .roles import DEFAULT_ROLE, EDIT, EDIT_ANY, EDIT_OWN, ROLES, SCOPE_ACTIONS


def roles_enforced() -> bool:
    return bool(settings.API_AUTH_REQUIRED)


def _user_actions(user) -> set[str]:
    if user is None or not user.is_authenticated or not getattr(user, "is_active", True):
        return set()
    if getattr(user, "is_superuser", False):
        return {action for actions in ROLES.values() for action in actions}
    perms = {p.split(".", 1)[1] for p in user.get_all_permissions() if p.startswith("accounts.")}
    if not user.groups.filter(name__in=list(ROLES)).exists():
        perms |= set(ROLES[DEFAULT_ROLE])
    return perms


@dataclass
class Actor:
    """Who acts, and everything they may do (resolved once per request)."""

    name: str | None  # user name, "pipeline:<key name>", or None when anonymous
    via: str  # session, api-key:<prefix>, admin, command, open
    actions: set[str] = field(default_factory=set)
    user: object = None
    key: object = None
    open: bool = False  # keys off: nothing is enforced

    def may_attempt(self, action: str) -> bool:
        """Whether the action is within the role at all (for "edit", the object decides later)."""
        if action == EDIT:
            return self.open or bool({EDIT_ANY, EDIT_OWN} & self.actions)
        return self.can(action)

    def can(self, action: str, *, owner: str | None = None) -> bool:
        if self.open:
            return True
        if action == EDIT:
            return EDIT_ANY in self.actions or (EDIT_OWN in self.actions and owner is not None and owner == self.name)
        return action in self.actions


def actor_for(*, user=None, key=None, via: str = "session", enforce: bool | None = None) -> Actor:
    """The actor of a user and/or an API key (a key never does more than its owner). `enforce`
    overrides the service-wide rule (the admin always enforces: Django's admin always did)."""
    enforced = roles_enforced() if enforce is None else enforce
    if key is not None:
        scoped = {a for scope in key.scope_list for a in SCOPE_ACTIONS.get(scope, ())}
        owner = key.user
        actions = scoped & _user_actions(owner) if owner is not None else scoped
        name = owner.get_username() if owner is not None else f"pipeline:{key.name}"
        return Actor(name=name, via=f"api-key:{key.prefix}", actions=actions, user=owner, key=key, open=not enforced)
    if user is not None and user.is_authenticated:
        return Actor(name=user.get_username(), via=via, actions=_user_actions(user), user=user, open=not enforced)
    return Actor(name=None, via="anonymous" if enforced else "open", open=not enforced)


def admin_actor(request) -> Actor:
    """The actor of an admin page: always checked against the role."""
    return actor_for(user=request.user, via="admin", enforce=True)


def actor_of(request) -> Actor:
    """The actor of a Django or DRF request (cached on it)."""
    cached = getattr(request, "_dinov3_actor", None)
    if cached is not None:
        return cached
    key = getattr(request, "auth", None)
    key = key if hasattr(key, "scope_list") else None
    user = getattr(request, "user", None)
    actor = actor_for(user=user if key is None else None, key=key)
    if key is None and user is not None and getattr(user, "key", None) is not None:  # a pipeline key's client
        actor = actor_for(key=user.key)
    request._dinov3_actor = actor
    inner = getattr(request, "_request", None)
    if inner is not None:
        inner._dinov3_actor = actor
    return actor


def can_read_owned(actor: Actor, owner: str | None) -> bool:
    """Records that belong to whoever made them (jobs): their maker, curators and admins."""
    return actor.open or owner is None or owner == actor.name or EDIT_ANY in actor.actions
