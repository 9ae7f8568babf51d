"""The benchmarks' private PostgreSQL database: created fresh for a run, dropped after it."""

import urllib.parse

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"


def recreate_database(url: str) -> None:
    drop_database(url)
    _admin_sql(url, "CREATE DATABASE {name}")


def drop_database(url: str) -> None:
    _admin_sql(url, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _admin_sql(url: str, statement: str) -> None:
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(name=sql.Identifier(name)))
