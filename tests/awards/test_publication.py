"""Publication for comment (công khai): the period setting, publishing, recording comments, the pages, and the
comments shown in the council office's review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import DEFAULT_COMMENT_DAYS, Appraisal, ProposalStatus
from awards.models import Publication, PublicationSetting, PublicComment
from awards.selectors.publication import closing_day
from awards.services import publication as services
from core.exceptions import DomainError
from core.models import ActivityLog
from tests.awards.test_review import make_proposal

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in the source language


@pytest.fixture
def received(world, secretariat):
    """Bloc B's dossier received by the office (head, deputy), and bloc B2's still a draft (not listable)."""
    proposal = make_proposal(
        world.bloc_year, actor=secretariat, status=ProposalStatus.RECEIVED, units=(world.head, world.deputy)
    )
    make_proposal(world.other_bloc_year, actor=secretariat, status=ProposalStatus.DRAFT, units=(world.other_unit,))
    return proposal


def _publish(world, actor, **kwargs):
    return services.publish_list(world.province, actor=actor, year=2020, opens_on=timezone.localdate(), **kwargs)


def test_closing_day_default_is_seven_days_counting_the_first(world):
    day = datetime.date(2020, 12, 1)
    assert DEFAULT_COMMENT_DAYS == 7
    assert closing_day(world.province, day) == datetime.date(2020, 12, 7)


def test_closing_day_follows_the_province_setting(world):
    PublicationSetting.objects.create(province=world.province, comment_days=5)
    PublicationSetting.objects.create(province=world.other_province, comment_days=15)
    assert closing_day(world.province, datetime.date(2020, 12, 1)) == datetime.date(2020, 12, 5)


def test_publish_list_received_items_listed_drafts_and_ineligible_not(world, received, council_officer):
    received.items.filter(unit=world.deputy).update(appraisal=Appraisal.INELIGIBLE, appraisal_reason="Kỷ luật")
    publication = _publish(world, council_officer)
    assert {item.unit for item in publication.items.all()} == {world.head}
    assert publication.closes_on == timezone.localdate() + datetime.timedelta(days=6)
    entry = ActivityLog.objects.get(action="awards.publication.published")
    assert entry.object_id == publication.pk and entry.data["items"] == 1


def test_publish_list_twice_refuses_nothing_new(world, received, council_officer):
    _publish(world, council_officer)
    with pytest.raises(DomainError, match="No proposed award of 2020"):
        _publish(world, council_officer)
    assert Publication.objects.count() == 1


def test_publish_list_without_received_dossier_refuses(world, secretariat, council_officer):
    make_proposal(world.bloc_year, actor=secretariat, status=ProposalStatus.SUBMITTED, units=(world.head,))
    with pytest.raises(DomainError):
        _publish(world, council_officer)
    assert not Publication.objects.exists()
    assert not ActivityLog.objects.filter(action="awards.publication.published").exists()


def test_publish_list_opening_in_the_past_refuses(world, received, council_officer):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="past"):
        services.publish_list(world.province, actor=council_officer, year=2020, opens_on=yesterday)


def _comment(publication, actor, item, **overrides):
    data = {"received_on": timezone.localdate(), "commenter": "Ông Nguyễn Văn B", "text": "Đơn vị còn khiếu nại."}
    return services.record_comment(publication, actor=actor, item=item, **{**data, **overrides})


def test_record_comment_stores_and_audits_on_both(world, received, council_officer):
    publication = _publish(world, council_officer)
    item = publication.items.get(unit=world.head)
    comment = _comment(publication, council_officer, item)
    assert comment.item == item and comment.recorded_by == council_officer
    assert ActivityLog.objects.filter(action="awards.publication.comment_recorded").count() == 1
    assert ActivityLog.objects.get(action="awards.proposal.comment_recorded").object_id == received.pk


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_on": "before"}, "received between"),
        ({"received_on": "after"}, "received between"),
        ({"commenter": "  "}, "who sent"),
        ({"text": ""}, "who sent"),
    ],
)
def test_record_comment_bad_input_refuses(world, received, council_officer, overrides, message):
    publication = _publish(world, council_officer)
    days = {"before": -1, "after": 1}
    if "received_on" in overrides:
        overrides = {"received_on": timezone.localdate() + datetime.timedelta(days=days[overrides["received_on"]])}
    with pytest.raises(DomainError, match=message):
        _comment(publication, council_officer, publication.items.get(unit=world.head), **overrides)
    assert not PublicComment.objects.exists()


def test_record_comment_item_not_listed_refuses(world, received, council_officer):
    received.items.filter(unit=world.deputy).update(appraisal=Appraisal.INELIGIBLE, appraisal_reason="Kỷ luật")
    publication = _publish(world, council_officer)
    with pytest.raises(DomainError, match="not on the published list"):
        _comment(publication, council_officer, received.items.get(unit=world.deputy))
    assert not PublicComment.objects.exists()


def test_record_comment_decided_dossier_refuses(world, received, council_officer):
    publication = _publish(world, council_officer)
    received.__class__.objects.filter(pk=received.pk).update(status=ProposalStatus.DECIDED)
    with pytest.raises(DomainError, match="no longer"):
        _comment(publication, council_officer, publication.items.first())
    assert not PublicComment.objects.exists()


# --- Pages ---------------------------------------------------------------------------------------------


def test_publication_detail_unit_officer_sees_list_not_comments(client, world, received, council_officer, unit_officer):
    publication = _publish(world, council_officer)
    _comment(publication, council_officer, publication.items.get(unit=world.head), commenter="Hội Cựu chiến binh")
    client.force_login(unit_officer)
    response = client.get(reverse("awards:publication_detail", args=[publication.pk]))
    assert response.status_code == 200
    assert world.head.name in response.content.decode()
    assert "Hội Cựu chiến binh" not in response.content.decode()


def test_publication_detail_other_province_404(client, world, received, council_officer, other_council_officer):
    first = _publish(world, council_officer)
    PublicationSetting.objects.create(province=world.province, comment_days=3)
    client.force_login(other_council_officer)
    assert client.get(reverse("awards:publication_detail", args=[first.pk])).status_code == 404


def test_public_comment_add_office_records_member_forbidden(
    client, english, world, received, council_officer, council_member
):
    publication = _publish(world, council_officer)
    url = reverse("awards:public_comment_add", args=[publication.pk])
    item = publication.items.get(unit=world.deputy)
    data = {
        "item": item.pk,
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "commenter": "UBMTTQ",
        "text": "Không có ý kiến khác.",
    }
    client.force_login(council_member)
    assert client.post(url, data).status_code == 403
    client.force_login(council_officer)
    assert client.post(url, data).status_code == 302
    assert PublicComment.objects.get().item == item


def test_publication_create_page_publishes(client, english, world, received, council_officer, unit_officer):
    url = reverse("awards:publication_create")
    data = {"province": world.province.pk, "year": 2020, "opens_on": timezone.localdate().strftime("%d/%m/%Y")}
    client.force_login(unit_officer)
    assert client.post(url, data).status_code == 403
    client.force_login(council_officer)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Publication.objects.get().items.count() == 2


def test_review_section_shows_comments_per_item(client, world, received, council_officer):
    publication = _publish(world, council_officer)
    _comment(publication, council_officer, publication.items.get(unit=world.deputy), text="Còn nợ bảo hiểm xã hội.")
    client.force_login(council_officer)
    page = client.get(received.get_absolute_url()).content.decode()
    rows = page.split('data-testid="review-item"')[1:]
    by_unit = (
        {world.head.name: rows[0], world.deputy.name: rows[1]}
        if world.head.name in rows[0]
        else {world.deputy.name: rows[0], world.head.name: rows[1]}
    )
    assert "Còn nợ bảo hiểm xã hội." in by_unit[world.deputy.name]
    assert "Còn nợ bảo hiểm xã hội." not in by_unit[world.head.name]
