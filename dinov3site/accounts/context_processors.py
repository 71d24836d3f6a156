"""`can` in every template: what the signed-in actor may do, so pages show only that."""
from .actors import actor_of
from .roles import ACTIONS


def access(request) -> dict:
    actor = actor_of(request)
    return {"can": {action: actor.can(action) for action in ACTIONS}, "actor": actor}
