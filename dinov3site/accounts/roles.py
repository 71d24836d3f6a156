"""The studio's roles, what each may do, and which action every API endpoint is.

Roles are Django groups holding permissions of the `accounts` app (created by a migration):

- viewer:  browse, search, compare (every read, and analyses that store nothing new)
- artist:  + upload, analyse (features, video shots), edit and delete what they uploaded
- curator: + edit and delete anything, store and curate shots, tags
- admin:   + configuration, API keys, users, the audit trail

An API key carries scopes: `read` (what a viewer does), `write` (up to a curator's actions) and
`admin`; what a key may do is what its scopes allow *and* its owner may do. A pipeline key
(no owner) may do what its scopes allow.
"""
from __future__ import annotations

BROWSE, UPLOAD, ANALYSE, EDIT_OWN, EDIT_ANY, CURATE = "browse", "upload", "analyse", "edit_own", "edit_any", "curate"
CONFIGURE, MANAGE_KEYS, MANAGE_USERS, VIEW_AUDIT = "configure", "manage_keys", "manage_users", "view_audit"
# "edit" is the object-level action: edit_any, or edit_own when the actor created the object.
EDIT = "edit"

ACTIONS = {
    BROWSE: "Browse, search and compare the library",
    UPLOAD: "Upload media",
    ANALYSE: "Extract features and analyse videos",
    EDIT_OWN: "Edit and delete what one uploaded",
    EDIT_ANY: "Edit and delete anything",
    CURATE: "Store and curate shots and tags",
    CONFIGURE: "Change the service's configuration",
    MANAGE_KEYS: "Create and revoke API keys",
    MANAGE_USERS: "Manage users and their roles",
    VIEW_AUDIT: "Read and export the audit trail",
}

VIEWER, ARTIST, CURATOR, ADMIN = "viewer", "artist", "curator", "admin"
ROLES: dict[str, tuple[str, ...]] = {
    VIEWER: (BROWSE,),
    ARTIST: (BROWSE, UPLOAD, ANALYSE, EDIT_OWN),
    CURATOR: (BROWSE, UPLOAD, ANALYSE, EDIT_OWN, EDIT_ANY, CURATE),
    ADMIN: tuple(ACTIONS),
}
# A signed-in account that holds no role may look, nothing more.
DEFAULT_ROLE = VIEWER

SCOPES = ("read", "write", "admin")
SCOPE_ACTIONS: dict[str, tuple[str, ...]] = {
    "read": ROLES[VIEWER],
    "write": ROLES[CURATOR],
    "admin": tuple(ACTIONS),
}

# The action of each API operation: url name -> {method: action}. Reads are BROWSE; analyses that
# only compute an answer (similarity, quality, search) are BROWSE too, since they change nothing a
# colleague relies on. A url name missing here is BROWSE for reads and CONFIGURE for writes, so a
# new endpoint is closed until it is listed.
API_ACTIONS: dict[str, dict[str, str]] = {
    "upload-media": {"POST": UPLOAD},
    "media-list": {"GET": BROWSE},
    "media-detail": {"GET": BROWSE, "PATCH": EDIT, "DELETE": EDIT},
    "media-picker": {"GET": BROWSE},
    "media-tags": {"POST": CURATE},  # tags on many assets at once
    "collections": {"GET": BROWSE, "POST": CURATE},
    "collection-detail": {"GET": BROWSE, "PATCH": CURATE, "DELETE": CURATE},
    "collection-assets": {"POST": CURATE, "DELETE": CURATE},
    "extract-missing-features": {"POST": ANALYSE},
    "quality-scores": {"GET": BROWSE},
    "extract-features": {"POST": ANALYSE},
    "batch-extract-features": {"POST": ANALYSE},
    "preprocess-image": {"POST": BROWSE},
    "model-info": {"GET": BROWSE},
    **{name: {"POST": BROWSE} for name in (
        "calculate-similarity", "find-best-match", "validate-consistency", "batch-similarity", "character-matching",
        "group-by-character", "validate-shot-consistency", "reference-enforcement", "semantic-search",
        "anomaly-detection", "feature-clustering", "near-duplicates", "similarity-heatmap", "analyze-quality",
        "analyze-image-metrics", "batch-quality-check", "analyze-image-composition", "suggest-shots")},
    "calibrate-threshold": {"POST": BROWSE},  # with "apply": true it is CONFIGURE (see api_action)
    "analyze-video-shots": {"POST": ANALYSE},
    "video-shots-export": {"GET": BROWSE},
    "video-playback": {"GET": BROWSE, "POST": ANALYSE},  # POST makes a browser-playable proxy
    "store-shot-data": {"POST": CURATE},
    "shot-library": {"GET": BROWSE},
    "shot-library-export": {"GET": BROWSE},
    "job-list": {"GET": BROWSE},  # one's own jobs, unless a curator (see jobs.apis)
    "job-detail": {"GET": BROWSE},
    "api-index": {"GET": BROWSE},
    "api-index-no-slash": {"GET": BROWSE},
    # The two operations some clients call at the site root, as under /api/v1.
    "analyze-quality-root": {"POST": BROWSE},
    "validate-consistency-root": {"POST": BROWSE},
    "config": {"GET": BROWSE},
    "config-similarity-threshold": {"GET": BROWSE, "PUT": CONFIGURE},
    "config-quality-threshold": {"GET": BROWSE, "PUT": CONFIGURE},
    "stats": {"GET": BROWSE},
    "audit-export": {"GET": VIEW_AUDIT},
}
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def api_action(url_name: str | None, method: str, data=None) -> str:
    """The action an API request performs."""
    method = method.upper()
    if url_name == "calibrate-threshold" and isinstance(data, dict) and data.get("apply") in (True, "true", "1", 1):
        return CONFIGURE
    actions = API_ACTIONS.get(url_name or "", {})
    if method in actions:
        return actions[method]
    if method in READ_METHODS:
        return actions.get("GET", BROWSE)
    return CONFIGURE
