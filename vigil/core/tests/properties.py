"""What the property tests (hypothesis) on the test database share."""

from __future__ import annotations

from hypothesis import HealthCheck, settings


def database_examples(max_examples: int) -> settings:
    """Settings of a property test that reads and writes the test database: no deadline
    (queries take their time), no example database written to the working tree, and the
    function-scoped fixtures (personas) shared by every example, as these tests expect."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
