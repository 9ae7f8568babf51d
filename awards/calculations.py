"""Pure rules of the year-end meeting: who may stand for an award, and how a secret ballot counts.

No ORM: frozen dataclasses in, frozen dataclasses out; counts are ints, percentages ``Decimal``.
Each rule names its source. Decree 152/2025/NĐ-CP and Circular 15/2025/TT-BNV are cited as
DOMAIN §3, §6 and §7 cite them: their texts are not in the project's reference folder, so the
article numbers and the 70 % figure below are taken from there and not checked against the
gazette. The Bắc Ninh regulation (QĐ 86/2025/QĐ-UBND) is quoted from the reference copy.
"""

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from awards.enums import BallotForm
from blocs.enums import VoteDenominator
from core.exceptions import DomainError

# --- Candidates -------------------------------------------------------------------


class Standing(StrEnum):
    """A unit's membership of the bloc for the year, as the meeting sees it."""

    ACTIVE = "active"
    LEFT = "left"
    GONE = "gone"  # dissolved or merged into another unit before the meeting


class Rule(StrEnum):
    """The candidate rules; a unit left out names every one it fails."""

    NOT_MEMBER = "not_member"
    GONE_BY_DECISION = "gone_by_decision"
    NOT_REGISTERED = "not_registered"
    NO_QUOTA = "no_quota"
    NOT_TOP_RANKED = "not_top_ranked"
    BLOCKING_RECORD = "blocking_record"


# Exclusions that an override cannot lift: the law's bars (fix the record instead, e.g. enter the
# resolution date of a compliance record) and a quota of zero (an override cannot exceed the quota).
NOT_OVERRIDABLE = frozenset({Rule.NOT_MEMBER, Rule.GONE_BY_DECISION, Rule.NO_QUOTA, Rule.BLOCKING_RECORD})


@dataclass(frozen=True)
class Award:
    """What the bloc proposes: ``kind`` matches the registered title codes; ``name`` is shown in reasons."""

    kind: str
    name: str
    is_flag: bool


@dataclass(frozen=True)
class UnitFacts:
    """One member unit's facts for the year. ``women_share`` is a percentage (0–100) or None if unknown."""

    unit_id: int
    name: str
    standing: Standing = Standing.ACTIVE
    gone_by_decision_date: bool = False
    registered: frozenset[str] = frozenset()
    rank: int | None = None
    final_score: Decimal | None = None
    has_blocking_record: bool = False
    women_share: Decimal | None = None


@dataclass(frozen=True)
class BlocRules:
    """The bloc's operating rules that bear on candidates (blocs.BlocRule)."""

    highest_score_first: bool = True
    flag_quota: int = 1


@dataclass(frozen=True)
class LeftOut:
    """A unit that may not stand, with every rule it fails and a written reason for each."""

    unit: UnitFacts
    rules: tuple[Rule, ...]
    reasons: tuple[str, ...]

    @property
    def overridable(self) -> bool:
        return not NOT_OVERRIDABLE.intersection(self.rules)


@dataclass(frozen=True)
class OverrideNote:
    """An exclusion the secretariat lifted: what was lifted and the written reason (for the minutes)."""

    unit: UnitFacts
    lifted: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Candidacy:
    """The candidates for one award, the units left out and why; ``quota`` bounds the proposals."""

    award: Award
    candidates: tuple[UnitFacts, ...]
    left_out: tuple[LeftOut, ...]
    quota: int | None
    overrides: tuple[OverrideNote, ...] = ()


@dataclass(frozen=True)
class Override:
    unit_id: int
    reason: str


def _not_member(unit: UnitFacts, award: Award, rules: BlocRules) -> str | None:
    # The flag goes to a member unit of the bloc (QĐ 86/2025 Bắc Ninh, Art. 3(1)(a)); DOMAIN §6.
    if unit.standing == Standing.LEFT:
        return _("%(unit)s left the bloc during the year: only active members may stand (QĐ 86/2025, Art. 3(1)(a)).")
    if unit.standing == Standing.GONE:
        return _(
            "%(unit)s was dissolved or merged before the meeting: only active members may stand "
            "(QĐ 86/2025, Art. 3(1)(a))."
        )
    return None


def _gone_by_decision(unit: UnitFacts, award: Award, rules: BlocRules) -> str | None:
    # No award for a unit dissolved or merged at the decision date (Circular 15/2025/TT-BNV, DOMAIN §3).
    if unit.gone_by_decision_date:
        return _(
            "%(unit)s will be dissolved or merged by the decision date and can receive no award "
            "(Circular 15/2025/TT-BNV)."
        )
    return None


def _not_registered(unit: UnitFacts, award: Award, rules: BlocRules) -> str | None:
    # Titles are registered at the start of the year (DOMAIN §4, step 2; pledges' accepted registrations).
    if award.kind not in unit.registered:
        return _("%(unit)s did not register for %(award)s at the start of the year (title registration).")
    return None


def _no_quota(unit: UnitFacts, award: Award, rules: BlocRules) -> str | None:
    # The flag quota is a setting of the bloc's rules (DOMAIN §6); zero proposes no flag at all.
    if award.is_flag and rules.flag_quota == 0:
        return _("The bloc's rules set the flag quota to 0: nobody may be proposed for %(award)s.")
    return None


def _not_top_ranked(unit: UnitFacts, award: Award, rules: BlocRules) -> str | None:
    # The flag rewards the collective leading the bloc (QĐ 86/2025, Art. 3(1)(b)); with the bloc's
    # "highest score first" setting (DOMAIN §6) the ranking decides. Ranks come from scoring
    # (1, 2, 2, 4 …), so every unit tied within the quota stands and the ballot decides between them.
    if not award.is_flag or not rules.highest_score_first or rules.flag_quota == 0:
        return None
    if unit.rank is None:
        return _("%(unit)s has no final rank: with “highest score first” only ranked units may stand for %(award)s.")
    if unit.rank > rules.flag_quota:
        return _(
            "%(unit)s is ranked %(rank)s: with “highest score first” only the units ranked within the flag "
            "quota (%(quota)s) may stand for %(award)s (bloc rules)."
        )
    return None


def _blocking_record(unit: UnitFacts, award: Award, rules: BlocRules) -> str | None:
    # No proposal while under discipline, investigation, inspection or a pending complaint (Decree 152/2025 Art. 4(4)).
    if unit.has_blocking_record:
        return _(
            "%(unit)s has a discipline, investigation, inspection or pending complaint record this year "
            "(Decree 152/2025/NĐ-CP, Art. 4(4))."
        )
    return None


CHECKS = (
    (Rule.NOT_MEMBER, _not_member),
    (Rule.GONE_BY_DECISION, _gone_by_decision),
    (Rule.NOT_REGISTERED, _not_registered),
    (Rule.NO_QUOTA, _no_quota),
    (Rule.NOT_TOP_RANKED, _not_top_ranked),
    (Rule.BLOCKING_RECORD, _blocking_record),
)


def failed_rules(unit: UnitFacts, award: Award, rules: BlocRules) -> LeftOut | None:
    """Every rule ``unit`` fails for ``award`` with its written reason, or None when it may stand."""
    values = {
        "unit": unit.name,
        "award": award.name,
        "rank": unit.rank,
        "quota": rules.flag_quota,
    }
    outcomes = ((rule, check(unit, award, rules)) for rule, check in CHECKS)
    failed = [(rule, text % values) for rule, text in outcomes if text is not None]
    if not failed:
        return None
    return LeftOut(unit, tuple(rule for rule, _text in failed), tuple(text for _rule, text in failed))


def derive_candidates(units: Iterable[UnitFacts], *, award: Award, rules: BlocRules) -> Candidacy:
    """The units that may stand for ``award`` (in the order given) and, for every other unit, why not.

    The quota bounds how many may be proposed, not how many may stand: the ballot chooses.
    """
    if rules.flag_quota < 0:
        raise ValueError("flag_quota cannot be negative")
    candidates: list[UnitFacts] = []
    left_out: list[LeftOut] = []
    for unit in units:
        outcome = failed_rules(unit, award, rules)
        if outcome is None:
            candidates.append(unit)
        else:
            left_out.append(outcome)
    quota = rules.flag_quota if award.is_flag else None
    return Candidacy(award, tuple(candidates), tuple(left_out), quota)


def apply_overrides(candidacy: Candidacy, overrides: Iterable[Override]) -> Candidacy:
    """Let units left out stand anyway, each with the secretariat's written reason (after the derived ones).

    Raises ``DomainError`` (and changes nothing) for a blank reason, a unit that is not left out,
    a unit named twice, or an exclusion that no override may lift (``NOT_OVERRIDABLE``).
    """
    left_out = {item.unit.unit_id: item for item in candidacy.left_out}
    notes: dict[int, OverrideNote] = {}
    for override in overrides:
        item = left_out.get(override.unit_id)
        if item is None:
            raise DomainError(_("Only a unit left out by the rules can be let stand by an override."))
        reason = unicodedata.normalize("NFC", override.reason.strip())
        _check_override(item, reason, seen=notes)
        notes[override.unit_id] = OverrideNote(item.unit, item.reasons, reason)
    return Candidacy(
        candidacy.award,
        candidacy.candidates + tuple(notes[i].unit for i in left_out if i in notes),
        tuple(item for unit_id, item in left_out.items() if unit_id not in notes),
        candidacy.quota,
        candidacy.overrides + tuple(notes.values()),
    )


def _check_override(item: LeftOut, reason: str, *, seen: Mapping[int, object]) -> None:
    name = {"unit": item.unit.name}
    if item.unit.unit_id in seen:
        raise DomainError(_("%(unit)s is named in two overrides.") % name)
    if not reason:
        raise DomainError(_("Write the reason for letting %(unit)s stand despite the rules.") % name)
    if not item.overridable:
        raise DomainError(
            _("%(unit)s cannot stand: the law or the quota excludes it, and an override cannot change that.") % name
        )


def proposal_errors(proposed: Collection[int], *, candidacy: Candidacy) -> list[str]:
    """Why the units ``proposed`` cannot all be proposed for the award (empty when they can)."""
    errors = []
    standing = {unit.unit_id for unit in candidacy.candidates}
    if set(proposed) - standing:
        errors.append(_("Only candidates can be proposed."))
    if candidacy.quota is not None and len(set(proposed)) > candidacy.quota:
        errors.append(
            _("The bloc's rules allow at most %(quota)s proposals for %(award)s.")
            % {"quota": candidacy.quota, "award": candidacy.award.name}
        )
    return errors


# --- Threshold and rounds ---------------------------------------------------------------

# Decree 152/2025/NĐ-CP Art. 4(6) as DOMAIN §6 gives it: between equal candidates, prefer a
# collective with at least 70 % women. The figure is not verified against the decree's text here.
WOMEN_SHARE_PREFERRED = Decimal(70)


@dataclass(frozen=True)
class Threshold:
    """The bloc's vote threshold (DOMAIN §7; default: more than 50 % of all member units)."""

    percent: Decimal = Decimal(50)
    strict: bool = True
    denominator: str = VoteDenominator.ALL_MEMBERS


def vote_base(*, members: int, present: int, denominator: str) -> int:
    """The number the threshold is counted against: all member units, or those present."""
    if members < 1 or not 0 <= present <= members:
        raise DomainError(
            _("Units present (%(present)s) must be between 0 and the member units (%(members)s).")
            % {"present": present, "members": members}
        )
    if denominator == VoteDenominator.ALL_MEMBERS:
        return members
    if denominator == VoteDenominator.PRESENT:
        return present
    raise ValueError(f"unknown vote denominator {denominator!r}")


def passes_threshold(
    votes: int,
    *,
    members: int,
    present: int,
    denominator: str = VoteDenominator.ALL_MEMBERS,
    percent: Decimal | int = 50,
    strict: bool = True,
) -> bool:
    """Whether ``votes`` reach the threshold: more than (``strict``) or at least ``percent`` % of the base.

    Exact: compares votes × 100 with percent × base, never a rounded share. A base of 0 passes nobody.
    """
    percent = _percent(percent)
    base = vote_base(members=members, present=present, denominator=denominator)
    if not 0 <= votes <= base:
        raise DomainError(
            _("%(votes)s votes cannot be counted against %(base)s voters.") % {"votes": votes, "base": base}
        )
    if base == 0:
        return False
    share, needed = Decimal(votes) * 100, percent * base
    return share > needed if strict else share >= needed


def _percent(value: Decimal | int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError("the threshold percent is a Decimal or an int")
    if not 0 < value <= 100:
        raise ValueError("the threshold percent lies in (0, 100]")
    return Decimal(value)


def vote_percent(votes: int, *, base: int) -> Decimal:
    """``votes`` as a percentage of ``base`` to two places (half up), for the minutes; 0 when the base is 0."""
    if base == 0:
        return Decimal(0)
    return (Decimal(votes) * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RoundResult:
    """One round: the votes, who passed, who is elected, who goes to a new round, and why.

    ``next_round`` is empty when no new round is needed; ``preferred`` are the candidates the
    women's-share preference decided for (elected or sent on to the new round).
    """

    votes: dict[int, int]
    passing: tuple[int, ...]
    elected: tuple[int, ...]
    next_round: tuple[int, ...] = ()
    preferred: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def needs_new_round(self) -> bool:
        return bool(self.next_round)


def round_result(
    votes: Mapping[int, int],
    *,
    candidates: Sequence[UnitFacts],
    quota: int | None,
    members: int,
    present: int,
    threshold: Threshold,
) -> RoundResult:
    """Elect the candidates above the threshold within ``quota`` (None: no limit).

    Nobody reaching the threshold → a new round among the same candidates. A tie for the last
    places → the women's-share preference (Decree 152/2025 Art. 4(6)) when it decides, else a new
    round limited to the tied candidates (DOMAIN §7). Votes for unknown candidates are refused.
    """
    if quota is not None and quota < 1:
        raise ValueError("a round elects at least one candidate")
    ids = [c.unit_id for c in candidates]
    if set(votes) - set(ids):
        raise DomainError(_("The votes name a unit that is not a candidate in this round."))
    counts = {i: votes.get(i, 0) for i in ids}
    passing = [i for i in ids if _passes(counts[i], members=members, present=present, threshold=threshold)]
    passing.sort(key=lambda i: -counts[i])
    if not passing:
        note = _("Nobody reached the threshold: a new round among the same candidates.")
        return RoundResult(counts, (), (), tuple(ids), notes=(note,))
    seats = len(passing) if quota is None else quota
    if len(passing) <= seats:
        return RoundResult(counts, tuple(passing), tuple(passing))
    cutoff = counts[passing[seats - 1]]
    above = [i for i in passing if counts[i] > cutoff]
    tied = [i for i in passing if counts[i] == cutoff]
    by_id = {c.unit_id: c for c in candidates}
    return _break_tie(counts, tuple(passing), above, [by_id[i] for i in tied], seats - len(above))


def _passes(votes: int, *, members: int, present: int, threshold: Threshold) -> bool:
    return passes_threshold(
        votes,
        members=members,
        present=present,
        denominator=threshold.denominator,
        percent=threshold.percent,
        strict=threshold.strict,
    )


def _break_tie(
    counts: dict[int, int], passing: tuple[int, ...], above: list[int], tied: list[UnitFacts], seats: int
) -> RoundResult:
    names = ", ".join(c.name for c in tied)
    unknown = [c for c in tied if c.women_share is None]
    preferred = [c for c in tied if c.women_share is not None and c.women_share >= WOMEN_SHARE_PREFERRED]
    if unknown:
        note = _(
            "A tie between %(names)s for the last places; the women's share of %(unknown)s is unknown, so the "
            "preference of Decree 152/2025/NĐ-CP, Art. 4(6) cannot decide: a new round among them."
        ) % {"names": names, "unknown": ", ".join(c.name for c in unknown)}
        return RoundResult(counts, passing, tuple(above), _ids(tied), notes=(note,))
    if not preferred or len(preferred) == len(tied):
        note = _("A tie between %(names)s for the last places: a new round among them.") % {"names": names}
        return RoundResult(counts, passing, tuple(above), _ids(tied), notes=(note,))
    notes = [_preference_note(preferred)]
    if len(preferred) > seats:
        notes.append(_("The preferred candidates are still more than the places: a new round among them."))
        return RoundResult(counts, passing, tuple(above), _ids(preferred), _ids(preferred), tuple(notes))
    rest = [c for c in tied if c not in preferred]
    if len(preferred) < seats:
        notes.append(
            _("A tie between %(names)s for the remaining places: a new round among them.")
            % {"names": ", ".join(c.name for c in rest)}
        )
    next_round = _ids(rest) if len(preferred) < seats else ()
    return RoundResult(counts, passing, (*above, *_ids(preferred)), next_round, _ids(preferred), tuple(notes))


def _preference_note(preferred: list[UnitFacts]) -> str:
    shares = ", ".join(
        _("%(unit)s (%(share)s %% women)") % {"unit": c.name, "share": number_format(c.women_share or 0)}
        for c in preferred
    )
    return _(
        "Between equal candidates, preferred as collectives with at least %(limit)s %% women: %(shares)s "
        "(Decree 152/2025/NĐ-CP, Art. 4(6))."
    ) % {"limit": number_format(WOMEN_SHARE_PREFERRED), "shares": shares}


def _ids(units: Iterable[UnitFacts]) -> tuple[int, ...]:
    return tuple(u.unit_id for u in units)


# --- Tallies --------------------------------------------------------------------------


@dataclass(frozen=True)
class YesNo:
    yes: int = 0
    no: int = 0


@dataclass(frozen=True)
class YesNoTally:
    """Yes/no ballots: per candidate the yes and no marks; a candidate left unmarked counts neither."""

    ballots: int
    results: dict[int, YesNo]

    @property
    def yes_votes(self) -> dict[int, int]:
        return {candidate: result.yes for candidate, result in self.results.items()}


@dataclass(frozen=True)
class ChoiceTally:
    """ "Choose up to N" ballots: votes per candidate, and how many ballots chose nobody."""

    ballots: int
    votes: dict[int, int]
    blank: int


def tally_yes_no(ballots: Iterable[Mapping[int, bool]], *, candidates: Collection[int]) -> YesNoTally:
    """Count yes/no ballots (candidate → True for yes, False for no). Refuses a ballot naming a non-candidate."""
    yes: Counter[int] = Counter()
    no: Counter[int] = Counter()
    count = 0
    for count, ballot in enumerate(ballots, start=1):
        _check_known(ballot.keys(), candidates, count)
        yes.update(c for c, mark in ballot.items() if mark)
        no.update(c for c, mark in ballot.items() if not mark)
    return YesNoTally(count, {c: YesNo(yes[c], no[c]) for c in candidates})


def tally_choices(ballots: Iterable[Sequence[int]], *, candidates: Collection[int], max_choices: int) -> ChoiceTally:
    """Count "choose up to ``max_choices``" ballots. Refuses a ballot with too many, repeated or unknown choices."""
    if max_choices < 1:
        raise ValueError("a ballot allows at least one choice")
    votes: Counter[int] = Counter()
    count = blank = 0
    for count, ballot in enumerate(ballots, start=1):
        _check_choices(ballot, candidates, max_choices, count)
        votes.update(ballot)
        blank += not ballot
    return ChoiceTally(count, {c: votes[c] for c in candidates}, blank)


def _check_known(choices: Iterable[int], candidates: Collection[int], number: int) -> None:
    if any(choice not in candidates for choice in choices):
        raise DomainError(_("Ballot %(number)s names a unit that is not a candidate.") % {"number": number})


def _check_choices(ballot: Sequence[int], candidates: Collection[int], max_choices: int, number: int) -> None:
    _check_known(ballot, candidates, number)
    if len(set(ballot)) != len(ballot):
        raise DomainError(_("Ballot %(number)s chooses the same candidate twice.") % {"number": number})
    if len(ballot) > max_choices:
        raise DomainError(
            _("Ballot %(number)s chooses %(count)s candidates; at most %(allowed)s are allowed.")
            % {"number": number, "count": len(ballot), "allowed": max_choices}
        )


# --- The electronic ballot's stored records -----------------------------------------------

Choice = dict[str, list[int]]
"""A cast ballot as stored: ``{"yes": [...], "no": [...]}`` (yes/no form) or ``{"chosen": [...]}``, ids sorted."""


def canonical_choice(choice: object, *, form: str, candidates: Collection[int], max_choices: int | None) -> Choice:
    """The voter's choice checked and in its one stored shape; ``DomainError`` (with the reason) when invalid.

    Yes/no: a mapping candidate → bool (a candidate left unmarked counts neither). Choose: a
    collection of candidate ids, at most ``max_choices``, none twice. Checked by the tally rules.
    """
    try:
        if form == BallotForm.YES_NO:
            marks = _marks(choice)
            tally_yes_no([marks], candidates=candidates)
            return {"yes": sorted(c for c, m in marks.items() if m), "no": sorted(c for c, m in marks.items() if not m)}
        chosen = _chosen(choice)
        tally_choices([chosen], candidates=candidates, max_choices=max_choices or 0)
        return {"chosen": sorted(chosen)}
    except DomainError as error:
        raise DomainError(_("The ballot is not valid: %(reason)s") % {"reason": error.message}) from None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _marks(choice: object) -> dict[int, bool]:
    if not isinstance(choice, Mapping) or not all(_is_id(k) and isinstance(v, bool) for k, v in choice.items()):
        raise DomainError(_("mark yes or no for each candidate."))
    return dict(choice)


def _chosen(choice: object) -> list[int]:
    if isinstance(choice, str | bytes | Mapping) or not isinstance(choice, Collection):
        raise DomainError(_("choose candidates from the list."))
    if not all(_is_id(c) for c in choice):
        raise DomainError(_("choose candidates from the list."))
    return list(choice)


def choice_votes(
    choices: Iterable[Choice], *, form: str, candidates: Collection[int], max_choices: int | None
) -> dict[str, Any]:
    """The count of stored ballots: ``{"ballots", "votes"}`` plus ``"no"`` (yes/no) or ``"blank"`` (choose).

    ``votes`` are the yes marks or the choices per candidate, what the threshold is counted on.
    """
    if form == BallotForm.YES_NO:
        ballots = (dict.fromkeys(ch["yes"], True) | dict.fromkeys(ch["no"], False) for ch in choices)
        yes_no = tally_yes_no(ballots, candidates=candidates)
        no = {c: r.no for c, r in yes_no.results.items()}
        return {"ballots": yes_no.ballots, "votes": yes_no.yes_votes, "no": no}
    chosen = tally_choices((ch["chosen"] for ch in choices), candidates=candidates, max_choices=max_choices or 0)
    return {"ballots": chosen.ballots, "votes": chosen.votes, "blank": chosen.blank}


def canonical_json(choice: Choice) -> str:
    return json.dumps(choice, sort_keys=True, separators=(",", ":"))


def ballot_line(receipt: str, choice: Choice) -> str:
    """One ballot as the digest reads it: the receipt code and the canonical choice."""
    return f"{receipt}\t{canonical_json(choice)}"


def ballot_fingerprint(receipt: str, choice: Choice) -> str:
    """The sha256 of one ballot's line: recorded at closing so that ``verify_ballot`` can name an altered ballot."""
    return hashlib.sha256(ballot_line(receipt, choice).encode()).hexdigest()


def ballot_digest(ballot_id: int, rows: Iterable[tuple[str, Choice]]) -> str:
    """The sha256 over the ballot's id and the canonical ballot list sorted by receipt (published, audited)."""
    lines = sorted(ballot_line(receipt, choice) for receipt, choice in rows)
    return hashlib.sha256("\n".join([f"ballot:{ballot_id}", *lines]).encode()).hexdigest()


# --- The certificate of merit's history condition (Law 06/2022/QH15, Art. 74) -------------------


class HistoryKind(StrEnum):
    """What a unit's award history records for one year, as far as Art. 74 reads it."""

    EXCELLENT_TASKS = "excellent_tasks"  # rated "hoàn thành xuất sắc nhiệm vụ"
    EXCELLENT_COLLECTIVE = "excellent_collective"  # "Tập thể lao động xuất sắc"
    OTHER = "other"


# Law 06/2022/QH15 Art. 74 (DOMAIN §6): either of these, for the year, counts towards the
# "2 consecutive years" basis of the provincial certificate of merit for a collective.
EXCELLENT_YEAR_KINDS = frozenset({HistoryKind.EXCELLENT_TASKS, HistoryKind.EXCELLENT_COLLECTIVE})
CONSECUTIVE_YEARS_NEEDED = 2


def has_consecutive_excellent_years(
    history: Iterable[tuple[int, str]], *, ending: int, needed: int = CONSECUTIVE_YEARS_NEEDED
) -> bool:
    """Whether the ``needed`` years up to and including ``ending`` each hold an excellent rating or title.

    ``history`` is (year, ``HistoryKind``) pairs in any order, repeats allowed.
    """
    if needed < 1:
        raise ValueError("at least one year is needed")
    excellent = {year for year, kind in history if kind in EXCELLENT_YEAR_KINDS}
    return all(year in excellent for year in range(ending - needed + 1, ending + 1))


def merit_basis_problem(history: Iterable[tuple[int, str]], *, year: int, voted_by_movement: bool) -> str | None:
    """Why a collective has no basis for the provincial certificate of merit for ``year``, or None.

    Law 06/2022/QH15 Art. 74 asks for one of several achievements: among them an excellent achievement
    judged in an emulation movement (the bloc's vote), or 2 consecutive years of "hoàn thành xuất sắc
    nhiệm vụ" / Tập thể lao động xuất sắc. Either basis is enough.
    """
    if voted_by_movement or has_consecutive_excellent_years(history, ending=year):
        return None
    return _(
        "%(unit)s has neither the bloc's vote nor 2 consecutive years of excellent task completion or "
        "“Tập thể lao động xuất sắc” for the certificate of merit (Law 06/2022/QH15, Art. 74)."
    )
