"""The queries of an authenticated GET of the bare page, counted in this process with the bench settings.

The page reads nothing itself: what runs is the middleware's (the session, the user) and, when
due, the session's refresh. Imported by bench.run once Django is set up.
"""

from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.build import USERNAME
from bench.server import HOST
from core.models import User

WRITES = ("INSERT", "UPDATE", "DELETE")


def bare_get_queries(path: str = "/bench/bare/") -> tuple[list[str], list[str]]:
    """The SQL of the second GET of ``path`` by a user signed in just before (the first warms caches).

    Returns every statement (transaction control included) and the writes among them.
    """
    client = Client(SERVER_NAME=HOST)
    client.force_login(User.objects.get(username=USERNAME))
    client.get(path)
    with CaptureQueriesContext(connections["default"]) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"bare page in process: HTTP {response.status_code}")
    statements = [query["sql"] for query in captured.captured_queries]
    return statements, [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)]
