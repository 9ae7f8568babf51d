"""Fixtures of the pledges tests, on top of tests/conftest.py's world and personas."""

import pytest

from tests.pledges.factories import PledgeFactory, RegistrationFactory, TitleFactory

# --- Pledge, title registration ------------------------------------------------


@pytest.fixture
def flag(db):
    """The provincial flag title (Cờ thi đua của UBND tỉnh), seeded by migration 0002 or made here after a flush."""
    return TitleFactory(name="Cờ thi đua của UBND tỉnh")


@pytest.fixture
def pledge(world):
    """The pledge of bloc B in year Y: version 1, one clause, no signature."""
    return PledgeFactory(bloc_year=world.bloc_year)


@pytest.fixture
def registration(world, flag):
    """Member unit M's draft registration for the flag in bloc B, year Y."""
    return RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag)
