"""The minutes on the pages and the lifecycle: the requirement for "reviewed", the issue form, the documents
panel and the secretariat's dashboard item."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from awards.dashboard import minutes_sections
from awards.enums import MINUTES_KIND
from awards.models import Meeting
from awards.presenters.minutes import minutes_panel
from awards.services.minutes import issue_minutes
from blocs import services as bloc_services
from blocs.enums import BlocYearStatus
from blocs.requirements import unmet_requirements
from core.exceptions import DomainError
from core.services import issued_document_of
from tests.awards.conftest import set_status

pytestmark = pytest.mark.usefixtures("english")
DAY = datetime.date(2020, 12, 22)
NOT_ISSUED = "The minutes of the year-end meeting are not issued yet."


# --- The requirement on the bloc-year ------------------------------------------------------------


def test_requirement_reviewed_without_meeting_names_meeting_and_minutes(world, ready_year):
    unmet = unmet_requirements(ready_year, BlocYearStatus.REVIEWED)

    assert "The year-end meeting is not recorded yet." in unmet and NOT_ISSUED in unmet


def test_requirement_reviewed_ballot_open_names_the_ballot(world, open_merit_ballot):
    unmet = unmet_requirements(world.bloc_year, BlocYearStatus.REVIEWED)

    assert any("still open or not yet counted" in message for message in unmet)


def test_advance_to_reviewed_before_minutes_is_refused(world, voting_meeting, secretariat):
    with pytest.raises(DomainError, match="minutes of the year-end meeting are not issued"):
        bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.REVIEWED, actor=secretariat)

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.READY_FOR_REVIEW


def test_advance_to_reviewed_after_minutes_moves_on(world, voting_meeting, secretariat):
    issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)

    assert unmet_requirements(world.bloc_year, BlocYearStatus.REVIEWED) == []
    moved = bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.REVIEWED, actor=secretariat)

    assert moved.status == BlocYearStatus.REVIEWED


# --- The issue form --------------------------------------------------------------------------------


def test_minutes_issue_secretariat_issues(client, world, voting_meeting, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:minutes_issue", args=[voting_meeting.pk]), {"issued_on": "22/12/2020"})

    assert response.status_code == 302 and response.url == voting_meeting.get_absolute_url()
    assert Meeting.objects.get().minutes_issued_on == DAY


def test_minutes_issue_unit_officer_forbidden(client, world, voting_meeting, unit_officer):
    client.force_login(unit_officer)

    response = client.post(reverse("awards:minutes_issue", args=[voting_meeting.pk]), {"issued_on": "22/12/2020"})

    assert response.status_code == 403 and Meeting.objects.get().minutes_issued_on is None


def test_minutes_issue_day_before_session_400_with_message_nothing_saved(client, world, voting_meeting, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:minutes_issue", args=[voting_meeting.pk]), {"issued_on": "01/12/2020"})

    assert response.status_code == 400
    assert "cannot be dated before the meeting&#x27;s last session" in response.content.decode()
    assert issued_document_of(voting_meeting, kind=MINUTES_KIND) is None


def test_minutes_issue_malformed_day_400_nothing_saved(client, world, voting_meeting, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:minutes_issue", args=[voting_meeting.pk]), {"issued_on": "32/13/2020"})

    assert response.status_code == 400 and Meeting.objects.get().minutes_issued_on is None


# --- The documents panel ---------------------------------------------------------------------------


def _panel(user, meeting) -> str:
    return render_to_string("awards/_meeting_documents.html", {"minutes": minutes_panel(user, meeting)})


def test_documents_panel_draft_secretariat_may_issue_and_download(world, voting_meeting, secretariat):
    html = _panel(secretariat, voting_meeting)

    assert "Draft" in html and 'data-testid="minutes-issue"' in html and 'data-testid="minutes-pdf"' in html


def test_documents_panel_member_downloads_but_does_not_issue(world, voting_meeting, unit_officer):
    html = _panel(unit_officer, voting_meeting)

    assert 'data-testid="minutes-issue"' not in html and 'data-testid="minutes-pdf"' in html


def test_documents_panel_issued_shows_number_and_date(world, voting_meeting, secretariat):
    issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)

    html = _panel(secretariat, voting_meeting)

    assert "01/BB-KTĐ" in html and "22/12/2020" in html and 'data-testid="minutes-issue"' not in html


def test_documents_panel_unmet_guard_is_listed(world, ready_year, meeting_session, secretariat):
    html = _panel(secretariat, meeting_session.meeting)

    assert "The meeting has not approved the ranked scores yet." in html


# --- The dashboard -----------------------------------------------------------------------------------


def _items(user):
    return [item.text for section in minutes_sections(user, today=DAY) for item in section.items]


def test_dashboard_secretariat_meeting_without_minutes_is_listed(world, voting_meeting, secretariat, unit_officer):
    set_status(world.other_bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    Meeting.objects.create(bloc_year=world.other_bloc_year)  # another bloc, no session: not this persona's

    assert _items(secretariat) == [f"The meeting of {world.bloc_year} has no minutes yet."]
    assert _items(unit_officer) == []


def test_dashboard_secretariat_minutes_issued_is_not_listed(world, voting_meeting, secretariat):
    issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)

    assert _items(secretariat) == []
