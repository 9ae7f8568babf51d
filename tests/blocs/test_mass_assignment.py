"""Mass assignment over the real bloc views: every model field name posted, only the form's fields change."""

import pytest
from django.urls import reverse

from blocs.services import BLOC_RULE_FIELDS, BLOC_YEAR_FIELDS, UNIT_PROFILE_FIELDS
from tests.mass import post_hostile

RULE = {
    "flag_quota": 1,
    "vote_threshold_percent": "50",
    "vote_denominator": "all",
    "registration_deadline": "31/03/2020",
    "six_month_report_deadline": "15/07/2020",
    "annual_report_deadline": "30/11/2020",
    "self_scoring_deadline": "30/11/2020",
    "dossier_deadline": "10/12/2020",
}

# endpoint → (persona, valid data, target of the form, parents the view reads, fields the form sets)
CASES = {
    "blocs:unit_edit": (
        "unit_officer",
        {"short_name": "CAT", "leader_name": "Nguyễn Văn A", "leader_title": "Giám đốc"},
        lambda w: w.member,
        lambda w: [w.province],
        UNIT_PROFILE_FIELDS,
    ),
    "blocs:bloc_year_edit": (
        "secretariat",
        {"theme": "Đoàn kết", "plan_number": "12/KH-KTĐ", "plan_date": "05/04/2020"},
        lambda w: w.bloc_year,
        lambda w: [w.bloc, w.province],
        BLOC_YEAR_FIELDS,
    ),
    "blocs:bloc_rule_edit": (
        "secretariat",
        RULE,
        lambda w: w.bloc_year.rule,
        lambda w: [w.bloc_year, w.bloc],
        BLOC_RULE_FIELDS,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bloc_form_every_model_field_posted_changes_only_the_form_fields(client, request, world, name):
    persona, valid, target_of, parents_of, allowed = CASES[name]
    client.force_login(request.getfixturevalue(persona))
    target = target_of(world)
    pk = target.bloc_year_id if name == "blocs:bloc_rule_edit" else target.pk

    response = post_hostile(
        client,
        reverse(name, args=[pk]),
        valid,
        target,
        parents=parents_of(world),
        other_pk=world.other_unit.pk,
        allowed=allowed,
    )

    assert response.status_code == 302
    field, value = next(iter(valid.items()))
    assert str(getattr(type(target).objects.get(pk=target.pk), field)) == str(value)
