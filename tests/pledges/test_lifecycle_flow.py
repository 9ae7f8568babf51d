"""The start of a year through the pages: launch meeting, pledge, every signature, each move when its turn comes."""

import pytest
from django.urls import reverse

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.models import ActivityLog
from tests.factories import UnitRoleFactory

pytestmark = pytest.mark.usefixtures("english")


def _move(client, bloc_year, to):
    return client.post(reverse("blocs:bloc_year_move", args=[bloc_year.pk]), {"to": to}, follow=True)


def _status(bloc_year):
    return BlocYear.objects.get(pk=bloc_year.pk).status


def _pledge_form(world):
    return {
        "theme": "Đoàn kết, sáng tạo",
        "clauses-TOTAL_FORMS": "1",
        "clauses-INITIAL_FORMS": "0",
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "clauses-0-content": "Hoàn thành 100% chỉ tiêu",
    }


def test_year_launch_and_signing_through_the_pages(client, world, secretariat, unit_officer, deputy_officer):
    bloc_year = world.bloc_year
    client.force_login(secretariat)

    refused = _move(client, bloc_year, "launched")
    assert "Record the launch meeting" in refused.content.decode()
    assert _status(bloc_year) == BlocYearStatus.DRAFT

    meeting = {
        "held_on": "27/02/2020",
        "place": "Thanh tra tỉnh",
        "attendees": "Ban TĐKT tỉnh\nCác đơn vị",
        "notes": "",
    }
    client.post(reverse("pledges:launch_meeting_edit", args=[bloc_year.pk]), meeting)
    _move(client, bloc_year, "launched")
    assert _status(bloc_year) == BlocYearStatus.LAUNCHED

    client.post(reverse("pledges:pledge_edit", args=[bloc_year.pk]), _pledge_form(world))
    signature = {"signer_name": "Nguyễn Văn An", "signer_title": "Thủ trưởng", "signed_on": "27/02/2020"}
    for user, unit in [(secretariat, world.head), (deputy_officer, world.deputy)]:
        client.force_login(user)
        client.post(reverse("pledges:pledge_sign", args=[bloc_year.memberships.get(unit=unit).pk]), signature)

    client.force_login(secretariat)
    page = client.get(bloc_year.get_absolute_url()).content.decode()
    assert "Not yet signed by: Công an tỉnh." in page
    assert 'data-testid="move-button" disabled' in page

    client.force_login(unit_officer)
    client.post(reverse("pledges:pledge_sign", args=[bloc_year.memberships.get(unit=world.member).pk]), signature)
    client.force_login(secretariat)
    _move(client, bloc_year, "pledge_signed")
    _move(client, bloc_year, "in_progress")

    assert _status(bloc_year) == BlocYearStatus.IN_PROGRESS
    moves = ActivityLog.objects.filter(action="blocs.bloc_year.moved", object_id=bloc_year.pk).order_by("id")
    assert [entry.data["after"]["status"] for entry in moves] == ["launched", "pledge_signed", "in_progress"]


def test_year_moves_refused_to_a_member_unit_through_the_page(client, world, unit_officer):
    UnitRoleFactory(unit=world.member, user=unit_officer, role="leader")
    client.force_login(unit_officer)

    response = client.post(reverse("blocs:bloc_year_move", args=[world.bloc_year.pk]), {"to": "launched"})

    assert response.status_code == 403
    assert _status(world.bloc_year) == BlocYearStatus.DRAFT
