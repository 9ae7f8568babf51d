from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from blocs.selectors import leadership_of, roles_of


def test_roles_of_lazy_request_user_then_real_user_reads_roles_once(secretariat):
    # request.user is a lazy proxy; django-rules hands predicates the real user behind it.
    lazy = SimpleLazyObject(lambda: secretariat)

    with CaptureQueriesContext(connection) as queries:
        through_proxy = roles_of(lazy)
        direct = roles_of(secretariat)

    assert through_proxy == direct
    assert through_proxy.officer_unit_ids
    assert len(queries) == 2  # unit roles and council roles, once


def test_leadership_of_second_call_on_same_year_runs_no_query(world):
    leadership_of(world.bloc_year)

    with CaptureQueriesContext(connection) as queries:
        leadership = leadership_of(world.bloc_year)

    assert leadership.head_unit_id is not None
    assert len(queries) == 0
