"""The proposal's pages: the page by id, the create button and view, the signer, removing an item, submitting;
one allowed and one forbidden case each; the dashboard items."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.dashboard import proposal_sections
from awards.enums import ProposalStatus
from awards.models import Meeting, Proposal
from awards.selectors import proposals as proposal_selectors
from awards.services.proposals import create_proposal
from blocs.enums import BlocYearStatus
from core.models import ActivityLog, GeneratedFile
from tests.awards.conftest import set_status
from tests.awards.factories import ComplianceRecordFactory
from tests.awards.proposal_setup import SUBMIT_DAY

pytestmark = pytest.mark.usefixtures("english")


def _other_proposal(world, user) -> Proposal:
    bloc_year = set_status(world.other_bloc_year, BlocYearStatus.REVIEWED)
    meeting = Meeting.objects.create(bloc_year=bloc_year, minutes_issued_on=timezone.localdate())
    return Proposal.objects.create(bloc_year=bloc_year, meeting=meeting, created_by=user)


# --- The page ---------------------------------------------------------------------------------------


def test_proposal_detail_second_of_two_shows_its_own_items(client, world, proposal, council_officer):
    other = _other_proposal(world, council_officer)
    client.force_login(council_officer)

    first = client.get(reverse("awards:proposal_detail", args=[other.pk]))
    second = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))

    assert first.status_code == 200 and first.context["proposal"] == other and first.context["rows"] == []
    assert second.status_code == 200 and second.context["proposal"] == proposal
    assert [row.name for row in second.context["rows"]] == ["Thanh tra tỉnh", "Sở Tư pháp"]


def test_proposal_detail_checks_eligibility_once(client, world, proposal, secretariat, monkeypatch):
    """The page shows the problems and asks the submit guard: one check serves both."""
    calls = []
    real = proposal_selectors.unit_facts
    monkeypatch.setattr(proposal_selectors, "unit_facts", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    client.force_login(secretariat)

    response = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))

    assert response.status_code == 200 and response.context["submit"] is not None
    assert len(calls) == 1


def test_proposal_detail_outsider_404(client, world, proposal, outsider):
    client.force_login(outsider)

    assert client.get(reverse("awards:proposal_detail", args=[proposal.pk])).status_code == 404


def test_proposal_detail_other_bloc_officer_404(client, world, proposal, other_unit_officer):
    client.force_login(other_unit_officer)

    assert client.get(reverse("awards:proposal_detail", args=[proposal.pk])).status_code == 404


def test_proposal_detail_problem_shown_and_submit_disabled(client, world, proposal, secretariat):
    ComplianceRecordFactory(unit=world.deputy, started_on=timezone.localdate().replace(month=1, day=1))
    client.force_login(secretariat)

    response = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))

    html = response.content.decode()
    assert 'data-testid="item-problems"' in html and "Art. 4(4)" in html
    assert response.context["submit"].missing and 'data-testid="submit-missing"' in html


def test_proposal_detail_member_sees_without_buttons(client, world, proposal, unit_officer):
    client.force_login(unit_officer)

    response = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))

    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="move-submit"' not in html and "item-remove" not in html


def test_proposal_detail_returned_shows_reason(client, world, proposal, secretariat):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.RETURNED, submitted_on=SUBMIT_DAY, return_reason="Thiếu báo cáo thành tích"
    )
    client.force_login(secretariat)

    html = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()

    assert 'data-testid="return-reason"' in html and "Thiếu báo cáo thành tích" in html


# --- Creating ---------------------------------------------------------------------------------------


def test_meeting_page_shows_create_button_to_secretariat_only(client, world, decided, secretariat, unit_officer):
    url = reverse("awards:meeting_detail", args=[decided.bloc_year_id])
    client.force_login(unit_officer)
    assert 'data-testid="proposal-create"' not in client.get(url).content.decode()

    client.force_login(secretariat)
    assert 'data-testid="proposal-create"' in client.get(url).content.decode()


def test_meeting_page_links_the_proposal_once_created_to_who_may_see_it(
    client, world, decided, secretariat, unit_officer
):
    """Once the year has its proposal the meeting page links to it (and offers no second one)."""
    url = reverse("awards:meeting_detail", args=[decided.bloc_year_id])
    proposal = create_proposal(decided.bloc_year, actor=secretariat)

    client.force_login(unit_officer)  # a member of the bloc sees the proposal
    html = client.get(url).content.decode()
    assert 'data-testid="proposal-link"' in html and proposal.get_absolute_url() in html

    client.force_login(secretariat)
    assert 'data-testid="proposal-create"' not in client.get(url).content.decode()


def test_proposal_create_secretariat_creates_and_goes_to_it(client, world, decided, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_create", args=[decided.bloc_year_id]))

    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.items.count() == 2


def test_proposal_create_unit_officer_forbidden(client, world, decided, unit_officer):
    client.force_login(unit_officer)

    response = client.post(reverse("awards:proposal_create", args=[decided.bloc_year_id]))

    assert response.status_code == 403 and not Proposal.objects.exists()


def test_proposal_create_second_click_goes_to_the_existing_one(client, world, proposal, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_create", args=[proposal.bloc_year_id]), follow=True)

    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert "already has its proposal" in response.content.decode()
    assert Proposal.objects.count() == 1


# --- Signer, removing, submitting ---------------------------------------------------------------------


def test_proposal_signer_secretariat_saves(client, world, proposal, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("awards:proposal_signer", args=[proposal.pk]),
        {"signer_name": "Nguyễn Văn An", "signer_title": "Chánh Thanh tra tỉnh"},
    )

    proposal.refresh_from_db()
    assert response.status_code == 302 and proposal.signer_name == "Nguyễn Văn An"


def test_proposal_signer_council_officer_forbidden(client, world, proposal, council_officer):
    client.force_login(council_officer)

    response = client.post(
        reverse("awards:proposal_signer", args=[proposal.pk]), {"signer_name": "X", "signer_title": "Y"}
    )

    proposal.refresh_from_db()
    assert response.status_code == 403 and proposal.signer_name == ""


def test_proposal_item_remove_blank_reason_400_nothing_removed(client, world, proposal, secretariat):
    item = proposal.items.get(unit=world.deputy)
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_item_remove", args=[item.pk]), {"reason": ""})

    assert response.status_code == 400 and proposal.items.count() == 2


def test_proposal_item_remove_second_of_two_removes_it(client, world, proposal, secretariat):
    item = proposal.items.get(unit=world.deputy)
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_item_remove", args=[item.pk]), {"reason": "Đang bị thanh tra"})

    assert response.status_code == 302
    assert list(proposal.items.values_list("unit_id", flat=True)) == [world.head.pk]


def test_proposal_item_remove_unit_officer_forbidden(client, world, proposal, unit_officer):
    client.force_login(unit_officer)
    item = proposal.items.first()

    response = client.post(reverse("awards:proposal_item_remove", args=[item.pk]), {"reason": "x"})

    assert response.status_code == 403 and proposal.items.count() == 2


def test_proposal_submit_secretariat_submits(client, world, proposal, secretariat):
    Proposal.objects.filter(pk=proposal.pk).update(signer_name="Nguyễn Văn An", signer_title="Chánh Thanh tra")
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), {"submitted_on": "28/12/2020"})

    proposal.refresh_from_db()
    assert response.status_code == 302 and (proposal.status, proposal.number) == (ProposalStatus.SUBMITTED, 1)


def test_proposal_submit_without_signer_400_with_message(client, world, proposal, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), {"submitted_on": "28/12/2020"})

    assert response.status_code == 400 and "Name the signer" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
    assert not ActivityLog.objects.filter(action="awards.proposal.submitted").exists()


def test_proposal_submit_bad_date_400(client, world, proposal, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), {"submitted_on": "31/02/2020"})

    assert response.status_code == 400 and Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_proposal_submit_unit_officer_forbidden(client, world, proposal, unit_officer):
    client.force_login(unit_officer)

    response = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), {"submitted_on": "28/12/2020"})

    assert response.status_code == 403 and Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


# --- The dashboard -----------------------------------------------------------------------------------


def _items(user):
    return [item.text for section in proposal_sections(user, today=SUBMIT_DAY) for item in section.items]


def test_dashboard_secretariat_draft_listed_others_not(world, proposal, secretariat, unit_officer, council_officer):
    _other_proposal(world, council_officer)  # bloc B2's: not this secretariat's

    assert _items(secretariat) == [f"The proposal of {world.bloc_year} is not submitted yet."]
    assert _items(unit_officer) == []


def test_dashboard_secretariat_returned_with_reason_submitted_not_listed(world, proposal, secretariat):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.RETURNED, submitted_on=SUBMIT_DAY, return_reason="Thiếu báo cáo"
    )
    assert _items(secretariat) == [f"The proposal of {world.bloc_year} was returned: Thiếu báo cáo"]

    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.SUBMITTED)
    assert _items(secretariat) == []


# --- The dossier's files ---------------------------------------------------------------------------------


def test_proposal_pdf_builds_cover_and_dossier_unknown_document_404(
    client, world, proposal, unit_officer, django_capture_on_commit_callbacks
):
    client.force_login(unit_officer)  # a member of the bloc may read the dossier
    for document, kind in (("cover", "awards.proposal"), ("dossier", "awards.dossier")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("awards:proposal_pdf", args=[proposal.pk, document]))
        generated = GeneratedFile.objects.get(kind=kind)
        assert response.status_code == 302 and generated.status == "ready"

    assert client.post(reverse("awards:proposal_pdf", args=[proposal.pk, "other"])).status_code == 404
    assert GeneratedFile.objects.count() == 2


def test_proposal_pdf_outsider_404(client, proposal, outsider):
    client.force_login(outsider)

    assert client.post(reverse("awards:proposal_pdf", args=[proposal.pk, "dossier"])).status_code == 404
