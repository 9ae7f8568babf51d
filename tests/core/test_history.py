"""The readable history panel: sentences, labels, names instead of ids, only what changed."""

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from blocs import services as bloc_services
from blocs.enums import BlocYearStatus
from core.history import present_history
from core.models import ActivityLog
from core.selectors import history_for
from core.services import log_action
from pledges.enums import RegistrationStatus


def _label(msgid: str) -> str:
    return capfirst(gettext(msgid))


def _in_default_language(text: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(text)


def test_history_for_leadership_change_shows_unit_names_not_ids(world, council_officer):
    bloc_services.set_leadership(world.bloc_year, actor=council_officer, head=world.member, deputies=[world.head])

    row = history_for(world.bloc_year)[0]

    assert row.sentence == gettext("Chose the head and deputy units")
    details = {label: (before, after) for label, before, after in row.details}
    assert details[_label("head unit")] == ("Thanh tra tỉnh", "Công an tỉnh")
    assert details[_label("deputy units")] == ("Sở Tư pháp", "Thanh tra tỉnh")
    assert str(world.member.pk) not in str(row.details)


def test_history_for_status_move_shows_status_labels(world, secretariat):
    log_action(
        world.bloc_year,
        actor=secretariat,
        action="pledges.registration.forwarded",
        data={"before": {"status": "accepted"}, "after": {"status": "forwarded"}, "reason": ""},
    )

    row = history_for(world.bloc_year)[0]

    assert row.sentence == gettext("Forwarded the registration to the council office")
    assert row.details == [
        (_label("status"), str(RegistrationStatus.ACCEPTED.label), str(RegistrationStatus.FORWARDED.label))
    ]


def test_history_for_bloc_year_moved_shows_year_status_labels(world, council_officer):
    log_action(
        world.bloc_year,
        actor=council_officer,
        action="blocs.bloc_year.moved",
        data={"before": {"status": "draft"}, "after": {"status": "launched"}},
    )

    [(_label_text, before, after)] = history_for(world.bloc_year)[0].details

    assert (before, after) == (str(BlocYearStatus.DRAFT.label), str(BlocYearStatus.LAUNCHED.label))


def test_history_for_unchanged_and_empty_fields_are_left_out(world, secretariat):
    data = {
        "before": {"theme": "Cũ", "slogan": "Giữ nguyên", "plan_number": ""},
        "after": {"theme": "Mới", "slogan": "Giữ nguyên", "plan_number": None},
    }
    log_action(world.bloc_year, actor=secretariat, action="blocs.bloc_year.updated", data=data)

    details = history_for(world.bloc_year)[0].details

    assert [(before, after) for _label, before, after in details] == [("Cũ", "Mới")]


def test_history_for_dates_shown_day_month_year(world, secretariat):
    log_action(world.head, actor=secretariat, action="blocs.unit.dissolved", data={"effective_date": "2025-07-01"})

    with translation.override("vi"):
        details = history_for(world.head)[0].details

    assert details[0][2] == "01/07/2025"


def test_history_for_unknown_code_reads_as_words(world, secretariat):
    log_action(world.bloc_year, actor=secretariat, action="elsewhere.some_thing.happened", data={"note_text": "x"})

    row = history_for(world.bloc_year)[0]

    assert row.sentence == "Some thing happened"
    assert row.details == [("Note text", None, "x")]


def test_present_history_resolves_names_in_one_query_per_model(world, secretariat, django_assert_num_queries):
    for unit in [world.head, world.deputy, world.member, world.other_unit]:
        data = {"unit": unit.pk, "unit_name": unit.name, "signer": "A", "version": 1}
        log_action(world.bloc_year, actor=secretariat, action="pledges.pledge.signed", data=data)
    entries = list(ActivityLog.objects.select_related("actor").order_by("id"))

    with django_assert_num_queries(1):
        rows = present_history(entries)

    units = [{label: after for label, _b, after in row.details}[_label("unit")] for row in rows]
    assert units == ["Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh", "Sở Tài chính"]


def test_bloc_page_history_shows_sentences_not_codes(client, world, council_member, council_officer):
    bloc_services.set_leadership(world.bloc_year, actor=council_officer, head=world.member, deputies=[world.head])
    client.force_login(council_member)

    html = client.get(world.bloc_year.get_absolute_url()).content.decode()

    assert _in_default_language("Chose the head and deputy units") in html
    assert "blocs.leadership.set" not in html


def test_history_for_edit_that_changed_nothing_is_left_out(world, secretariat):
    log_action(world.bloc_year, actor=secretariat, action="blocs.bloc_year.updated", data={"before": {}, "after": {}})
    log_action(world.bloc_year, actor=secretariat, action="pledges.unit_report.accepted")

    rows = history_for(world.bloc_year)

    assert [row.action for row in rows] == ["pledges.unit_report.accepted"]
    assert ActivityLog.objects.filter(action="blocs.bloc_year.updated").count() == 1
