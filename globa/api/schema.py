"""What the OpenAPI description says beyond the views: how a client authenticates, and the
one error format on every operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERRORS = {
    "400": "The request was not valid: `errors` names each field's problems.",
    "401": "No valid token or session.",
    "403": "Your role, or the client's scopes, do not allow this.",
    "404": "No such record, or not one of the caller's.",
    "409": "The version sent is no longer current; nothing was saved.",
    "412": "If-Match names a version that is no longer current; nothing was saved.",
    "428": "A change must say which version it changes (If-Match or version).",
    "429": "Too many requests for this client; see Retry-After.",
}
PROBLEM = {
    "type": "object",
    "properties": {
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "detail"],
}


class ClientTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "globa.api.authentication.ClientTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API client's token, issued by an administrator.",
        }


def add_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """Post-processing hook: every operation may answer the common errors, in one format."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                writes = method in ("post", "put", "patch", "delete")
                if code in ("409", "412", "428") and not writes:
                    continue
                operation["responses"].setdefault(
                    code, {"description": description, "content": reference}
                )
            if method == "get":
                operation["responses"].setdefault("304", {"description": "Not modified."})
    return result
