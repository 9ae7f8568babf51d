from django.urls import path

from awards.views import ballots, compliance, meetings, minutes, paper, review

app_name = "awards"
urlpatterns = [
    path("units/<int:pk>/compliance/", compliance.compliance_list, name="compliance_list"),
    path("units/<int:pk>/compliance/new/", compliance.compliance_add, name="compliance_add"),
    path("compliance/<int:pk>/edit/", compliance.compliance_edit, name="compliance_edit"),
    path("compliance/<int:pk>/resolve/", compliance.compliance_resolve, name="compliance_resolve"),
    path("bloc-years/<int:pk>/meeting/", meetings.meeting_detail, name="meeting_detail"),
    path("bloc-years/<int:pk>/meeting/sessions/new/", meetings.session_add, name="session_add"),
    path("meeting-sessions/<int:pk>/edit/", meetings.session_edit, name="session_edit"),
    path("meeting-sessions/<int:pk>/attendance/", meetings.attendance_edit, name="attendance_edit"),
    path("meeting-sessions/<int:pk>/guests/new/", meetings.guest_add, name="guest_add"),
    path("meeting-guests/<int:pk>/remove/", meetings.guest_remove, name="guest_remove"),
    path("meetings/<int:pk>/approve-scores/", meetings.scores_approve, name="scores_approve"),
    path("meetings/<int:pk>/leading-unit/", meetings.leading_unit_edit, name="leading_unit_edit"),
    path("meetings/<int:pk>/next-leadership/", meetings.next_leadership_edit, name="next_leadership_edit"),
    path("meetings/<int:pk>/overrides/new/", meetings.override_add, name="override_add"),
    path("meetings/<int:pk>/minutes/issue/", minutes.minutes_issue, name="minutes_issue"),
    path("meetings/<int:pk>/minutes/pdf/", minutes.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/counting-committee/", paper.counting_committee_edit, name="counting_committee_edit"),
    path("ballots/<int:pk>/paper-count/", paper.paper_count_record, name="paper_count_record"),
    path("ballots/<int:pk>/paper-ballots/", paper.paper_ballots_pdf, name="paper_ballots_pdf"),
    path("ballots/<int:pk>/vote-count-minutes/", paper.vote_count_minutes_pdf, name="vote_count_minutes_pdf"),
    path("meetings/<int:pk>/ballots/<str:award>/new/", ballots.ballot_create, name="ballot_create"),
    path("ballots/<int:pk>/", ballots.ballot_detail, name="ballot_detail"),
    path("ballots/<int:pk>/participation.json", ballots.ballot_participation, name="ballot_participation"),
    path("ballots/<int:pk>/move/<str:action>/", ballots.ballot_move, name="ballot_move"),
    path("ballots/<int:pk>/next-round/", ballots.ballot_next_round, name="ballot_next_round"),
    path("meeting-overrides/<int:pk>/withdraw/", meetings.override_withdraw, name="override_withdraw"),
    # The council office's review of proposals.
    path("review/proposals/", review.proposal_list, name="proposal_list"),
    path("review/proposals/export.xlsx", review.proposal_export, name="proposal_export"),
    path("proposals/<int:pk>/review/", review.proposal_review, name="proposal_review"),
    path("proposals/<int:pk>/receive/", review.proposal_receive, name="proposal_receive"),
    path("proposals/<int:pk>/return/", review.proposal_return, name="proposal_return"),
    path("proposals/<int:pk>/assign/", review.proposal_assign, name="proposal_assign"),
    path("proposals/<int:pk>/finish-appraisal/", review.proposal_finish_appraisal, name="proposal_finish_appraisal"),
    path("proposals/<int:pk>/place/", review.proposal_place, name="proposal_place"),
    path("proposal-items/<int:pk>/appraise/", review.item_appraise, name="item_appraise"),
    path("proposal-items/<int:pk>/notes/new/", review.item_note_add, name="item_note_add"),
    # PLACEHOLDER until the secretariat's proposal page merges: drop this line then (Proposal.get_absolute_url).
    path("proposals/<int:pk>/", review.proposal_review, name="proposal_detail"),
]
