"""Who may request each route, per method: the policy table the permission matrix checks.

A row says, for GET and for POST, which *relative roles* are allowed; every other role is denied
(403 or 404, or the sign-in page for an anonymous visitor). A persona's relative role depends on the
province of the object requested: the council office of P is ``OFFICE`` for P's objects and a
``STRANGER`` for P2's. "Allowed" means the view ran for the user: a page, a form with errors, or a
redirect (with a message) — an empty POST is sent, so an allowed write usually answers with its
form's errors or a "cannot now" message. ``NA``: the view does not accept the method (405).
Many read-only pages accept a POST and answer it like a GET: their rows allow both alike.
A stranger is also expected to get 404, never 403 (another province's objects are not seen to exist).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from tests.otp import enrolled_device

# --- Outcomes ------------------------------------------------------------------------------------
ALLOW, DENY, NA, LOGIN = "allow", "deny", "n/a", "login"

# --- Relative roles --------------------------------------------------------------------------------
ADMIN = "admin"  # system administrator (superuser)
OFFICE = "office"  # council-office officer of the object's province
COUNCIL = "council"  # council member of the object's province
SECRETARIAT = "secretariat"  # officer of the head unit of bloc B in the year
DEPUTY = "deputy"  # officer of the deputy unit of bloc B
OWNER = "owner"  # officer of member unit M, whose report, sheet, registration... the objects are
NONMEMBER = "nonmember"  # officer of a unit of the same province outside bloc B (head of bloc B2)
STRANGER = "stranger"  # anyone signed in whose roles are in another province
ANONYMOUS = "anonymous"
ROLES = (ADMIN, OFFICE, COUNCIL, SECRETARIAT, DEPUTY, OWNER, NONMEMBER, STRANGER, ANONYMOUS)

# --- Personas: (world key, user key) and their role towards P's and P2's objects ---------------------
PERSONAS = {
    "admin": (None, ADMIN, ADMIN),
    "office_p": ("P", OFFICE, STRANGER),
    "council_p": ("P", COUNCIL, STRANGER),
    "office_p2": ("P2", STRANGER, OFFICE),
    "council_p2": ("P2", STRANGER, COUNCIL),
    "secretariat": ("P", SECRETARIAT, STRANGER),
    "deputy": ("P", DEPUTY, STRANGER),
    "owner": ("P", OWNER, STRANGER),
    "nonmember": ("P", NONMEMBER, STRANGER),
    # An officer of member unit M2 of P2's bloc: a stranger to P, the owner of P2's objects.
    "other_province": ("P2", STRANGER, OWNER),
    "anonymous": (None, ANONYMOUS, ANONYMOUS),
}


def _home_role(persona: str) -> str:
    """The role a persona holds in its own province (for routes without an object: lists, dashboards)."""
    home, role_p, role_p2 = PERSONAS[persona]
    return role_p2 if home == "P2" else role_p


def relative_role(persona: str, province: str) -> str:
    """``province``: "P", "P2", or "-" for a route without an object."""
    _home, role_p, role_p2 = PERSONAS[persona]
    return {"P": role_p, "P2": role_p2}.get(province) or _home_role(persona)


def persona_user(persona: str, provinces):
    if persona == "admin":
        return provinces["admin"]
    home = PERSONAS[persona][0]
    return None if home is None else provinces[home].users[_home_role(persona)]


def redirect_outcome(location: str) -> str | None:
    """LOGIN for the sign-in page; DENY for the admin's own sign-in page, where it sends anyone not staff."""
    path = location.split("?")[0]
    return {reverse(settings.LOGIN_URL): LOGIN, reverse("admin:login"): DENY}.get(path)


# --- Rows ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """``get``/``post``: the roles allowed, or ``NA``. ``kwargs(province)``: the URL's kwargs for its object."""

    get: frozenset[str] | str  # the roles allowed, or one outcome for everyone signed in (NA, LOGIN)
    post: frozenset[str] | str
    kwargs: Callable | None = None
    shared: bool = False  # the object belongs to no province (a certificate layout): requested once
    post_data: dict = field(default_factory=dict)  # what the POST sends when an empty body would not reach the check
    public: bool = False  # no sign-in needed: an anonymous visitor is answered like anyone else
    also_allow: frozenset[int] = frozenset()  # statuses that are a normal answer (healthz's 503)

    def expected(self, role: str, method: str) -> str:
        allowed = self.get if method == "get" else self.post
        if role == ANONYMOUS and not self.public:
            return LOGIN
        if allowed in (NA, LOGIN):
            return allowed
        return ALLOW if role in allowed else DENY


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


def pk(name: str, **extra) -> Callable:
    """kwargs ``pk=<the province's object called name>`` plus fixed ones (a report kind, an action)."""
    return lambda world: {"pk": getattr(world, name).pk, **extra}


def enrolled_person(world) -> dict:
    """kwargs ``pk=<a person with an authenticator>``: the owner's, enrolled here if not yet."""
    return {"pk": enrolled_device(world.users[OWNER]).user_id}


# --- Admin -------------------------------------------------------------------------------------------------
# The Django admin is included by its index and every model's list and add page: the rest of its
# routes (change, delete, history of one object) sit behind the same ``admin_view`` staff check and
# would need one object per model for no extra coverage.
_ADMIN_ROUTE = re.compile(r"^admin:(index|\w+_changelist|\w+_add)$")


def admin_route(name: str) -> bool:
    return bool(_ADMIN_ROUTE.match(name))


# --- Who, by name (the admin is in every set: a superuser holds every permission) -----------------------
EVERYONE = frozenset(ROLES) - {STRANGER}  # public routes have no object: nobody is a stranger to them
SIGNED_IN = EVERYONE - {ANONYMOUS}
SEES_BLOC = roles(ADMIN, OFFICE, COUNCIL, SECRETARIAT, DEPUTY, OWNER)  # the province's council and the bloc's units
SEES_SUMMARY = SEES_BLOC - {OWNER}  # the bloc's scores and reports as a whole: its leadership and the council
BY_COUNCIL = roles(ADMIN, OFFICE, COUNCIL)
BY_OFFICE = roles(ADMIN, OFFICE)
RUNS_YEAR = roles(ADMIN, OFFICE, SECRETARIAT)  # the year's details, rules, settings, its year-end meeting
BY_SECRETARIAT = roles(ADMIN, SECRETARIAT)
VERIFIERS = roles(ADMIN, SECRETARIAT, DEPUTY)
BY_OWNER = roles(ADMIN, OWNER)
FINDINGS = roles(ADMIN, OFFICE, COUNCIL, SECRETARIAT)
# Nobody but the superuser (whose permissions also ignore the object's state, see ``CLOSED_STATE``).
ADMIN_ONLY = roles(ADMIN)

POLICY = {
    "dashboard": Row(get=SIGNED_IN, post=SIGNED_IN),
    "login": Row(get=EVERYONE, post=EVERYONE, public=True),
    # Signing out answers with the sign-in page, for whoever asks.
    "logout": Row(get=NA, post=LOGIN),
    "notices_read": Row(get=NA, post=SIGNED_IN),
    "healthz": Row(get=EVERYONE, post=NA, public=True, also_allow=frozenset({503})),
    "favicon": Row(get=EVERYONE, post=EVERYONE, public=True),
    "set_language": Row(get=EVERYONE, post=EVERYONE, public=True),
    # One's own account and second factor: everyone signed in, for themselves (the matrix's sessions are
    # verified already, so enrolment and the code step send them on).
    "twofactor:account": Row(get=SIGNED_IN, post=SIGNED_IN),
    "twofactor:enrol": Row(get=SIGNED_IN, post=SIGNED_IN),
    "twofactor:verify": Row(get=SIGNED_IN, post=SIGNED_IN),
    "twofactor:change": Row(get=NA, post=SIGNED_IN),
    # Resetting another person's second factor: the system administrator only, whoever the person is.
    "twofactor:enrolled_users": Row(get=ADMIN_ONLY, post=ADMIN_ONLY),
    "twofactor:reset": Row(get=NA, post=ADMIN_ONLY, kwargs=enrolled_person, shared=True),
    "generated_file": Row(get=SEES_SUMMARY, post=SEES_SUMMARY, kwargs=pk("generated_file")),
    "generated_file_download": Row(get=SEES_SUMMARY, post=SEES_SUMMARY, kwargs=pk("generated_file")),
    "blocs:bloc_list": Row(get=SIGNED_IN, post=SIGNED_IN),
    "blocs:bloc_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("bloc")),
    "blocs:bloc_year_create": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("bloc")),
    "blocs:bloc_year_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    # The step forward out of scoring: an empty POST would stop at "unknown step" before the check.
    "blocs:bloc_year_move": Row(get=NA, post=RUNS_YEAR, kwargs=pk("bloc_year"), post_data={"to": "ready_for_review"}),
    "blocs:bloc_year_reopen": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("closed_year")),
    "blocs:bloc_rule_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "blocs:leadership_edit": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("bloc_year")),
    "blocs:member_add": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("bloc_year")),
    "blocs:membership_end": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("membership")),
    "blocs:unit_list": Row(get=SIGNED_IN, post=SIGNED_IN),
    "blocs:unit_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("unit")),
    "blocs:unit_edit": Row(get=roles(ADMIN, OFFICE, OWNER), post=roles(ADMIN, OFFICE, OWNER), kwargs=pk("unit")),
    "blocs:unit_rename": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("unit")),
    "blocs:unit_succession": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("unit")),
    "pledges:report_year": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("bloc_year")),
    "pledges:report_start": Row(get=NA, post=BY_OWNER, kwargs=pk("membership", kind="annual")),
    "pledges:report_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("report")),
    "pledges:report_edit": Row(get=BY_OWNER, post=BY_OWNER, kwargs=pk("open_report")),
    "pledges:report_submit": Row(get=NA, post=BY_OWNER, kwargs=pk("open_report")),
    "pledges:report_return": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("report")),
    "pledges:report_accept": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("report")),
    "pledges:report_attachment_add": Row(get=NA, post=BY_OWNER, kwargs=pk("open_report")),
    "pledges:report_pdf": Row(get=NA, post=SEES_BLOC, kwargs=pk("report")),
    "pledges:report_attachment": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("report_attachment")),
    "pledges:report_attachment_remove": Row(get=BY_OWNER, post=BY_OWNER, kwargs=pk("open_report_attachment")),
    "pledges:bloc_report_start": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("bloc_year", kind="annual")),
    "pledges:bloc_report_detail": Row(get=SEES_SUMMARY, post=SEES_SUMMARY, kwargs=pk("bloc_report")),
    "pledges:bloc_report_edit": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("bloc_report")),
    "pledges:bloc_report_issue": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("bloc_report")),
    "pledges:bloc_report_pdf": Row(get=NA, post=SEES_SUMMARY, kwargs=pk("bloc_report")),
    "pledges:inspection_create": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("bloc_year")),
    "pledges:inspection_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("inspection")),
    "pledges:inspection_edit": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("inspection")),
    "pledges:inspection_finding": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("inspection")),
    "pledges:inspection_attachment_add": Row(get=NA, post=BY_OFFICE, kwargs=pk("inspection")),
    # The findings' files: the council and the secretariat, not every member (``view_inspection_findings``).
    "pledges:inspection_attachment": Row(get=FINDINGS, post=FINDINGS, kwargs=pk("inspection_attachment")),
    "pledges:commitments": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("bloc_year")),
    "pledges:launch_meeting_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "pledges:pledge_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "pledges:pledge_sign": Row(get=BY_OWNER, post=BY_OWNER, kwargs=pk("membership")),
    "pledges:pledge_pdf": Row(get=NA, post=SEES_BLOC, kwargs=pk("pledge")),
    "pledges:registration_create": Row(get=BY_OWNER, post=BY_OWNER, kwargs=pk("membership")),
    "pledges:registration_list": Row(get=BY_OFFICE, post=BY_OFFICE),
    "pledges:registration_export": Row(get=BY_OFFICE, post=BY_OFFICE),
    "pledges:registration_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("registration")),
    "pledges:registration_edit": Row(get=BY_OWNER, post=BY_OWNER, kwargs=pk("open_registration")),
    "pledges:registration_submit": Row(get=NA, post=BY_OWNER, kwargs=pk("open_registration")),
    "pledges:registration_return": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("registration")),
    "pledges:registration_accept": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("registration")),
    "pledges:registration_forward": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("accepted_registration")),
    "pledges:registrations_forward": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("bloc_year")),
    "scoring:scheme_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("bloc_year")),
    "scoring:scheme_create": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("meeting_year")),
    "scoring:scheme_copy": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("meeting_year")),
    "scoring:scheme_edit": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_year")),
    "scoring:scheme_item_add": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_year")),
    "scoring:scheme_freeze": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_year")),
    "scoring:scheme_export": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("bloc_year")),
    "scoring:scheme_import": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_year")),
    "scoring:scheme_item_edit": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_scheme_item")),
    "scoring:scheme_item_move": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("open_scheme_item")),
    "scoring:scheme_item_nest": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_scheme_item")),
    "scoring:scheme_item_remove": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("open_scheme_item")),
    "scoring:summary": Row(get=SEES_SUMMARY, post=SEES_SUMMARY, kwargs=pk("bloc_year")),
    "scoring:my_sheet": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("bloc_year")),
    "scoring:open_scoring": Row(get=NA, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "scoring:setting_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "scoring:release": Row(get=NA, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "scoring:lock": Row(get=NA, post=RUNS_YEAR, kwargs=pk("bloc_year")),
    "scoring:sheet_grid": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("sheet")),
    "scoring:line_save": Row(get=NA, post=BY_OWNER, kwargs=pk("open_sheet")),
    "scoring:sheet_history": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("sheet")),
    "scoring:sheet_move": Row(get=NA, post=VERIFIERS, kwargs=pk("sheet", action="accept")),
    "scoring:line_evidence": Row(
        get=SEES_BLOC, post=BY_OWNER, kwargs=lambda w: {"pk": w.open_sheet.pk, "line_pk": w.open_line.pk}
    ),
    "scoring:sheet_export": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("sheet")),
    "scoring:sheet_import": Row(get=BY_OWNER, post=BY_OWNER, kwargs=pk("open_sheet")),
    "scoring:summary_export": Row(get=SEES_SUMMARY, post=SEES_SUMMARY, kwargs=pk("bloc_year")),
    "scoring:summary_pdf": Row(get=NA, post=SEES_SUMMARY, kwargs=pk("bloc_year")),
    "scoring:summary_issue": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("bloc_year")),
    "scoring:evidence_download": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("evidence")),
    "scoring:evidence_remove": Row(get=NA, post=BY_OWNER, kwargs=pk("open_evidence")),
    "awards:compliance_list": Row(
        get=roles(ADMIN, COUNCIL, OFFICE, OWNER, SECRETARIAT),
        post=roles(ADMIN, COUNCIL, OFFICE, OWNER, SECRETARIAT),
        kwargs=pk("unit"),
    ),
    "awards:compliance_add": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("unit")),
    "awards:compliance_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("compliance")),
    "awards:compliance_resolve": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("compliance")),
    "awards:meeting_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("meeting_year")),
    "awards:session_add": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting_year")),
    "awards:session_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting_session")),
    "awards:attendance_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting_session")),
    "awards:guest_add": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting_session")),
    "awards:guest_remove": Row(get=NA, post=RUNS_YEAR, kwargs=pk("guest")),
    "awards:scores_approve": Row(get=NA, post=RUNS_YEAR, kwargs=pk("meeting")),
    "awards:leading_unit_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting")),
    "awards:next_leadership_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting")),
    "awards:override_add": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting")),
    "awards:minutes_issue": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting")),
    "awards:minutes_pdf": Row(get=NA, post=SEES_BLOC, kwargs=pk("meeting")),
    "awards:counting_committee_edit": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting")),
    "awards:paper_count_record": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("ballot")),
    "awards:paper_ballots_pdf": Row(get=NA, post=RUNS_YEAR, kwargs=pk("ballot")),
    # A draft ballot has no count to print: refused to everyone, the administrator included.
    "awards:vote_count_minutes_pdf": Row(get=NA, post=roles(), kwargs=pk("ballot")),
    "awards:ballot_create": Row(get=RUNS_YEAR, post=RUNS_YEAR, kwargs=pk("meeting", award="province_flag")),
    # Casting a vote: the ballot is a draft (not open for voting), so only the superuser gets past the check.
    "awards:ballot_detail": Row(get=SEES_BLOC, post=ADMIN_ONLY, kwargs=pk("ballot")),
    "awards:ballot_participation": Row(get=SEES_BLOC, post=NA, kwargs=pk("ballot")),
    "awards:ballot_move": Row(get=NA, post=RUNS_YEAR, kwargs=pk("ballot", action="open")),
    "awards:ballot_next_round": Row(get=NA, post=RUNS_YEAR, kwargs=pk("ballot")),
    "awards:override_withdraw": Row(get=NA, post=RUNS_YEAR, kwargs=pk("override")),
    # The year has its proposal already: whoever sees the year is sent to it, before any permission check.
    # A year whose meeting's minutes are issued and which has no proposal yet (a year that has one
    # redirects to it before the permission check: see ``CLOSED_STATE`` for a year not yet due).
    "awards:proposal_create": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("awaiting_proposal_year")),
    "awards:proposal_detail": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("proposal")),
    "awards:proposal_signer": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("draft_proposal")),
    "awards:proposal_submit": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("draft_proposal")),
    "awards:proposal_pdf": Row(get=NA, post=SEES_BLOC, kwargs=pk("proposal", document="cover")),
    "awards:proposal_item_remove": Row(get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("draft_proposal_item")),
    "awards:achievement_report_edit": Row(
        get=BY_SECRETARIAT, post=BY_SECRETARIAT, kwargs=pk("draft_achievement_report")
    ),
    "awards:achievement_report_upload": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("draft_achievement_report")),
    "awards:achievement_report_upload_remove": Row(get=NA, post=BY_SECRETARIAT, kwargs=pk("draft_achievement_report")),
    "awards:achievement_report_file": Row(get=SEES_BLOC, post=SEES_BLOC, kwargs=pk("achievement_report")),
    "awards:achievement_report_pdf": Row(get=NA, post=SEES_BLOC, kwargs=pk("achievement_report")),
    "awards:proposal_list": Row(get=BY_OFFICE, post=BY_OFFICE),
    "awards:proposal_export": Row(get=BY_OFFICE, post=BY_OFFICE),
    "awards:proposal_receive": Row(get=NA, post=BY_OFFICE, kwargs=pk("proposal")),
    "awards:proposal_return": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("proposal")),
    "awards:proposal_assign": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("assigned_proposal")),
    "awards:proposal_finish_appraisal": Row(get=NA, post=BY_OFFICE, kwargs=pk("assigned_proposal")),
    "awards:proposal_place": Row(get=NA, post=BY_OFFICE, kwargs=pk("appraised_proposal")),
    "awards:item_appraise": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("assigned_proposal_item")),
    "awards:item_note_add": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("assigned_proposal_item")),
    "awards:council_session_list": Row(get=BY_COUNCIL, post=BY_COUNCIL),
    "awards:council_session_plan": Row(get=BY_OFFICE, post=BY_OFFICE),
    "awards:council_session_detail": Row(get=BY_COUNCIL, post=BY_COUNCIL, kwargs=pk("council_session")),
    "awards:council_session_add": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("council_session")),
    "awards:council_session_attendance": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("council_session")),
    "awards:council_session_close": Row(get=NA, post=BY_OFFICE, kwargs=pk("council_session")),
    "awards:council_minutes_pdf": Row(get=NA, post=BY_COUNCIL, kwargs=pk("council_session")),
    "awards:council_item_vote": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("proposal_item")),
    "awards:publication_list": Row(get=SIGNED_IN, post=SIGNED_IN),
    "awards:publication_create": Row(get=BY_OFFICE, post=BY_OFFICE),
    "awards:publication_detail": Row(get=SIGNED_IN, post=SIGNED_IN, kwargs=pk("publication")),
    "awards:public_comment_add": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("publication")),
    "awards:certificate_layout_list": Row(get=BY_OFFICE, post=BY_OFFICE),
    # Layouts are the same for every province: any council office may print a test sheet.
    "awards:certificate_test_print": Row(get=NA, post=BY_OFFICE, kwargs=pk("certificate_layout"), shared=True),
    "awards:certificates_pdf": Row(get=NA, post=BY_OFFICE, kwargs=pk("issued_decision")),
    "awards:decision_list": Row(get=BY_OFFICE, post=BY_OFFICE),
    "awards:decision_draft": Row(get=NA, post=BY_OFFICE, kwargs=pk("held_session")),
    "awards:decision_detail": Row(get=BY_COUNCIL, post=BY_COUNCIL, kwargs=pk("decision")),
    "awards:decision_issue": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("decision")),
    "awards:decision_pdf": Row(get=NA, post=BY_COUNCIL, kwargs=pk("decision")),
    "awards:decision_item_revoke": Row(get=BY_OFFICE, post=BY_OFFICE, kwargs=pk("issued_decision_item")),
}

# --- The same moves while they are closed ------------------------------------------------------------------
# The rows above that point at objects in the open state (``world._open_*``: a returned report, a draft
# proposal, a scheme before scoring...) prove the right person is let in. Here the same routes point at
# the objects where the move is closed (the report submitted, the year at scoring, the proposal with the
# council office...): whoever the row allows is refused, except the superuser, whose permissions ignore
# the state. Only P's objects and the personas the row allows are requested: outsiders are refused on the
# open objects already.
CLOSED_STATE = {
    "blocs:bloc_year_reopen": pk("bloc_year"),  # the year is at scoring, not closed
    "pledges:report_edit": pk("report"),  # submitted: with the secretariat now
    "pledges:report_submit": pk("report"),
    "pledges:report_attachment_add": pk("report"),
    "pledges:report_attachment_remove": pk("report_attachment"),
    "pledges:registration_edit": pk("registration"),  # submitted
    "pledges:registration_submit": pk("registration"),
    "pledges:registration_forward": pk("registration"),  # submitted, not yet accepted
    "scoring:scheme_create": pk("bloc_year"),  # the year has its scheme
    "scoring:scheme_copy": pk("bloc_year"),
    "scoring:scheme_edit": pk("bloc_year"),  # the year is at scoring: the scheme is frozen
    "scoring:scheme_item_add": pk("bloc_year"),
    "scoring:scheme_freeze": pk("bloc_year"),
    "scoring:scheme_import": pk("bloc_year"),
    "scoring:scheme_item_edit": pk("scheme_item"),
    "scoring:scheme_item_move": pk("scheme_item"),
    "scoring:scheme_item_nest": pk("scheme_item"),
    "scoring:scheme_item_remove": pk("scheme_item"),
    "scoring:line_save": pk("sheet"),  # submitted: with the verifiers now
    "scoring:line_evidence": lambda w: {"pk": w.sheet.pk, "line_pk": w.line.pk},
    "scoring:sheet_import": pk("sheet"),
    "scoring:evidence_remove": pk("evidence"),
    "awards:proposal_create": pk("meeting_year"),  # the meeting's minutes are not issued yet
    "awards:proposal_signer": pk("proposal"),  # submitted to the council office
    "awards:proposal_submit": pk("proposal"),
    "awards:proposal_item_remove": pk("proposal_item"),
    "awards:achievement_report_edit": pk("achievement_report"),
    "awards:achievement_report_upload": pk("achievement_report"),
    "awards:achievement_report_upload_remove": pk("achievement_report"),
    "awards:proposal_assign": pk("proposal"),  # submitted, not yet received
    "awards:proposal_finish_appraisal": pk("proposal"),
    "awards:proposal_place": pk("proposal"),
    "awards:item_appraise": pk("proposal_item"),
    "awards:item_note_add": pk("proposal_item"),
    "awards:certificates_pdf": pk("decision"),  # a draft decision: nothing to print yet
    "awards:decision_item_revoke": pk("decision_item"),
}
# Their GET is a read the state does not close (the line's evidence is listed to whoever sees the sheet).
CLOSED_STATE_POST_ONLY = {"scoring:line_evidence"}

# The admin site: only the system administrator gets past its staff check (no persona is staff only).
ADMIN_ROW = Row(get=ADMIN_ONLY, post=ADMIN_ONLY)
# The index is the admin's own sign-in gate: it sends an anonymous visitor to the admin's sign-in page.
ADMIN_INDEX_ROW = Row(get=ADMIN_ONLY, post=ADMIN_ONLY, public=True)
# Rows the product's services alone create (audit, security events, sign-in attempts, reminders, score
# sheets, schemes, compliance records): their admin has no add page, not even for the administrator.
NOBODY_ADDS = {
    "admin:awards_compliancerecord_add",
    "admin:axes_accessattempt_add",
    "admin:axes_accessfailurelog_add",
    "admin:axes_accesslog_add",
    "admin:core_activitylog_add",
    "admin:core_securityevent_add",
    "admin:pledges_reminder_add",
    "admin:scoring_scheme_add",
    "admin:scoring_scoresheet_add",
    "admin:scoring_scoringsetting_add",
}
NOBODY_ROW = Row(get=roles(), post=roles())


def row_for(route: str) -> Row | None:
    if not admin_route(route):
        return POLICY.get(route)
    if route == "admin:index":
        return ADMIN_INDEX_ROW
    return NOBODY_ROW if route in NOBODY_ADDS else ADMIN_ROW
