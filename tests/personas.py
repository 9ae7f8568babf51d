"""The personas of tests/conftest.py as rows of a truth table: every permission test asks all of them."""

from django.contrib.auth.models import AnonymousUser

PERSONAS = [
    "admin_user",
    "secretariat",
    "deputy_officer",
    "unit_officer",
    "unit_leader",
    "other_unit_officer",
    "council_officer",
    "council_member",
    "other_council_officer",
    "outsider",
    "anonymous",
]
PROVINCE_SEERS = ("admin_user", "council_officer", "council_member")
MEMBERS = ("secretariat", "deputy_officer", "unit_officer", "unit_leader")


def persona(request, name):
    """The user a persona name stands for: its fixture, or a visitor who has not signed in."""
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)
