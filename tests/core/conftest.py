"""Fixtures of the core tests: the private services the outage and fault tests stop and start (tests/core/faults.py)."""

from tests.core.faults import broker_at, private_postgres, private_redis  # noqa: F401 - fixtures
