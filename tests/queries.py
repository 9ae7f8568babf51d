"""Query counting for the no-N+1 tests: the same page measured before and after its data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url) -> int:
    """How many queries one GET of ``url`` runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)
