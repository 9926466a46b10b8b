"""What every API endpoint shares: one error format and the error part of the schema.

Throttles are ``upr_tracker.throttling``'s, the same counter the pages use.

Every 4xx answers ``{"error": {"status": 404, "code": "not_found", "message": "…", "fields": {…}}}``:
``code`` is stable for machines, ``message`` is for people, ``fields`` (validation errors only) maps each
parameter to its problems. ``ApplicationError`` raised by a service or selector comes out the same way.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError


def _error(status: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _message(detail) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_message(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return " ".join(_message(item) for item in detail)
    return str(detail)


def _flat_fields(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as ``{"indicator_values.0.value": ["…"]}``: one level, lists of strings,
    as the schema documents ``fields``."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_flat_fields(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        flat = {}
        messages = [str(item) for item in detail if not isinstance(item, dict | list)]
        if messages:
            flat[prefix or "non_field_errors"] = messages
        for index, item in enumerate(detail):
            if isinstance(item, dict | list) and item:
                flat.update(_flat_fields(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    """DRF's handler, with every error reshaped into the one format. 5xx are left to Django."""
    if isinstance(exc, ApplicationError):
        fields = {
            field: problems if isinstance(problems, list) else [problems]
            for field, problems in exc.extra.get("fields", {}).items()
        }
        return Response(_error(exc.status, exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        codes = exc.get_codes()
        first = next(iter(codes.values()), "invalid") if isinstance(codes, dict) else "invalid"
        code = first[0] if isinstance(first, list) and first else "invalid"
        response.data = _error(response.status_code, str(code), _message(fields), _flat_fields(fields))
    elif isinstance(exc, exceptions.Throttled):
        message = f"Too many requests; try again in {exc.wait:.0f} seconds."
        response.data = _error(429, "throttled", message)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = _error(response.status_code, str(code), _message(detail))
    return response


def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in the API's format, not with the portal's HTML page."""
    return JsonResponse(_error(404, "not_found", "No such API endpoint."), status=404)


ERROR_RESPONSES = {
    "400": "A parameter is invalid; `fields` says which and why.",
    "401": "The token sent is not valid, has expired or was revoked (or the endpoint needs one).",
    "404": "Nothing is published under this address.",
    "429": "Too many requests; wait the number of seconds in the Retry-After header.",
}


# Operations that write, or that only signed-in clients may call, can also answer these.
SIGNED_IN_RESPONSES = {
    "401": "No valid token or session was sent.",
    "403": "The caller may not do this (or must pass the second factor first).",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the error format on every operation, and as the
    body of every 4xx response a view declares."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorBody"] = {
        "type": "object",
        "required": ["status", "code", "message"],
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "message": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    }
    schemas["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"$ref": "#/components/schemas/ErrorBody"}},
    }
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(status, {"description": description, "content": error})
            if method != "get" or {} not in operation.get("security", [{}]):
                for status, description in SIGNED_IN_RESPONSES.items():
                    responses.setdefault(status, {"description": description, "content": error})
            for status, response in responses.items():
                if status.startswith("4") and "content" not in response:  # a view's own, e.g. 409: None
                    response.update(description="Refused: `code` and `message` say why.", content=error)
            if "429" in responses:
                responses["429"].setdefault(
                    "headers",
                    {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
                )
    return result
