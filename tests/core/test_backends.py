"""Rules-defined permissions never reach the permission tables; the admin's model permissions still do."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_rules_permission_refused_without_querying_permission_tables(world, unit_officer):
    unit_officer.has_perm("blocs.view_bloc", world.other_bloc_year.bloc)  # warm the role cache

    with CaptureQueriesContext(connection) as queries:
        allowed = unit_officer.has_perm("blocs.change_blocrule", world.bloc_year)

    assert allowed is False
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_model_permission_granted_through_the_tables(unit_officer):
    unit_officer.user_permissions.add(Permission.objects.get(codename="view_user"))

    assert unit_officer.has_perm("core.view_user")
    assert not unit_officer.has_perm("core.delete_user")
