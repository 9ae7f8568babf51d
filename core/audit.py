"""The hash of an audit entry: pure functions, shared by the writer and the verifier."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def normalise(data: dict[str, Any] | None) -> dict[str, Any]:
    """Turn Decimals, dates and the like into JSON primitives, as the database will return them."""
    normalised: dict[str, Any] = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return normalised


def entry_hash(
    *,
    prev_hash: str,
    created: datetime,
    actor_id: int | None,
    object_type: str,
    object_id: int | None,
    object_repr: str,
    action: str,
    data: dict[str, Any],
) -> str:
    payload = {
        "prev": prev_hash,
        "created": created.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "type": object_type,
        "id": object_id,
        "repr": object_repr,
        "action": action,
        "data": data,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
